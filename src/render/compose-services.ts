import { serviceSpec, type Credential, type SecretRef, type ServiceSpec } from '../services/catalog.js';
import type { FoundService } from '../services/types.js';
import type { StackId } from '../types.js';

/** Probe timings: databases start in seconds, but a first start initialises the data folder. */
export const SERVICE_PROBE = { interval: '10s', timeout: '5s', retries: 5, start_period: '30s', start_interval: '1s' } as const;

/**
 * The development overlay's value for every credential: a fresh clone comes up with no `.env`.
 * The word says what it is, and only letters and `-` keep it valid inside connection URLs.
 */
export const DEV_ONLY_DEFAULT = 'dev-only-password';

/** Development: the value from `.env` or the environment, else the marked default. */
export const devSecret: SecretRef = (variable) => `\${${variable}:-${DEV_ONLY_DEFAULT}}`;

/** Production: no default; compose stops before starting anything and names the variable. */
export const prodSecret: SecretRef = (variable) => `\${${variable}:?set ${variable} in .env or the environment for production (see .env.example)}`;

/** Per overlay: the base holds what is the same everywhere, the overlays what holds a credential. */
export interface Layers<T> {
  readonly base: T;
  readonly dev: T;
  readonly prod: T;
}

export interface ServiceBlocks {
  /** Service definitions per file: image, settings, volume, healthcheck in the base; credentials and ports in the overlays. */
  readonly services: Layers<Record<string, Record<string, unknown>>>;
  /** Named volumes to declare at the top level. */
  readonly volumes: Record<string, Record<string, never>>;
  /** Settings the app needs to reach the services, per file (those with a credential only in the overlays). */
  readonly appEnvironment: Layers<Record<string, string>>;
  readonly credentials: readonly Credential[];
}

function baseService(spec: ServiceSpec): Record<string, unknown> {
  const service: Record<string, unknown> = { image: spec.image };
  if (Object.keys(spec.environment).length > 0) service.environment = { ...spec.environment };
  if (spec.volume !== null) service.volumes = [`${spec.volume.name}:${spec.volume.target}`];
  service.healthcheck = { test: [...spec.healthcheck], ...SERVICE_PROBE };
  return service;
}

function secretEnvironment(spec: ServiceSpec, secret: SecretRef): Record<string, string> {
  return Object.fromEntries(Object.entries(spec.secretEnvironment).map(([name, variable]) => [name, secret(variable)]));
}

/** Splits the app's settings: a value that reads a credential differs per overlay, the rest goes in the base. */
function splitAppEnvironment(spec: ServiceSpec, stack: StackId, primary: boolean, reads: readonly string[]): Layers<Record<string, string>> {
  const marker = '\u0000credential\u0000';
  const probe = spec.appEnvironment(stack, primary, () => marker, reads);
  const dev = spec.appEnvironment(stack, primary, devSecret, reads);
  const prod = spec.appEnvironment(stack, primary, prodSecret, reads);
  const out: Layers<Record<string, string>> = { base: {}, dev: {}, prod: {} };
  for (const [key, value] of Object.entries(probe)) {
    if (!value.includes(marker)) out.base[key] = value;
    else {
      out.dev[key] = dev[key] as string;
      out.prod[key] = prod[key] as string;
    }
  }
  return out;
}

/** Compose blocks for the detected services, in the fixed service order. */
export function serviceBlocks(services: readonly FoundService[], stack: StackId): ServiceBlocks {
  const blocks: ServiceBlocks = {
    services: { base: {}, dev: {}, prod: {} },
    volumes: {},
    appEnvironment: { base: {}, dev: {}, prod: {} },
    credentials: [],
  };
  const credentials: Credential[] = [];
  let primaryTaken = false;
  for (const found of services) {
    const spec = serviceSpec(found.id);
    blocks.services.base[spec.name] = baseService(spec);
    const devService: Record<string, unknown> = { ports: [`127.0.0.1:${spec.port}:${spec.port}`] };
    const prodService: Record<string, unknown> = {};
    if (Object.keys(spec.secretEnvironment).length > 0) {
      devService.environment = secretEnvironment(spec, devSecret);
      prodService.environment = secretEnvironment(spec, prodSecret);
    }
    blocks.services.dev[spec.name] = devService;
    blocks.services.prod[spec.name] = prodService;
    if (spec.volume !== null) blocks.volumes[spec.volume.name] = {};
    const sql = found.id === 'postgres' || found.id === 'mysql' || found.id === 'mariadb';
    const app = splitAppEnvironment(spec, stack, sql && !primaryTaken, found.reads ?? []);
    Object.assign(blocks.appEnvironment.base, app.base);
    Object.assign(blocks.appEnvironment.dev, app.dev);
    Object.assign(blocks.appEnvironment.prod, app.prod);
    if (sql) primaryTaken = true;
    credentials.push(...spec.credentials);
  }
  return { ...blocks, credentials };
}

export function serviceNames(services: readonly FoundService[]): string[] {
  return services.map((s) => serviceSpec(s.id).name);
}
