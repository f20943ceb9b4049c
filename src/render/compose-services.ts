import { serviceSpec, type Credential, type ServiceSpec } from '../services/catalog.js';
import type { FoundService } from '../services/types.js';
import type { StackId } from '../types.js';

/** Probe timings: databases start in seconds, but a first start initialises the data folder. */
export const SERVICE_PROBE = { interval: '10s', timeout: '5s', retries: 5, start_period: '30s', start_interval: '1s' } as const;

export interface ServiceBlocks {
  /** Base definitions: image, settings, volume, healthcheck. */
  readonly base: Record<string, unknown>;
  /** Dev overlay: published on loopback so local tools can connect. */
  readonly dev: Record<string, unknown>;
  /** Named volumes to declare at the top level. */
  readonly volumes: Record<string, Record<string, never>>;
  /** Settings the app needs to reach the services. */
  readonly appEnvironment: Record<string, string>;
  readonly credentials: readonly Credential[];
}

function baseService(spec: ServiceSpec): Record<string, unknown> {
  const service: Record<string, unknown> = { image: spec.image };
  if (Object.keys(spec.environment).length > 0) service.environment = { ...spec.environment };
  if (spec.volume !== null) service.volumes = [`${spec.volume.name}:${spec.volume.target}`];
  service.healthcheck = { test: [...spec.healthcheck], ...SERVICE_PROBE };
  return service;
}

/** Compose blocks for the detected services, in the fixed service order. */
export function serviceBlocks(services: readonly FoundService[], stack: StackId): ServiceBlocks {
  const blocks: ServiceBlocks = { base: {}, dev: {}, volumes: {}, appEnvironment: {}, credentials: [] };
  const credentials: Credential[] = [];
  let primaryTaken = false;
  for (const found of services) {
    const spec = serviceSpec(found.id);
    blocks.base[spec.name] = baseService(spec);
    blocks.dev[spec.name] = { ports: [`127.0.0.1:${spec.port}:${spec.port}`] };
    if (spec.volume !== null) blocks.volumes[spec.volume.name] = {};
    const sql = found.id === 'postgres' || found.id === 'mysql' || found.id === 'mariadb';
    Object.assign(blocks.appEnvironment, spec.appEnvironment(stack, sql && !primaryTaken));
    if (sql) primaryTaken = true;
    credentials.push(...spec.credentials);
  }
  return { ...blocks, credentials };
}

export function serviceNames(services: readonly FoundService[]): string[] {
  return services.map((s) => serviceSpec(s.id).name);
}
