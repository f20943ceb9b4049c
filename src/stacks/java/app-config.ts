import { parse as parseYaml } from 'yaml';
import type { Evidence, Project } from '../../types.js';
import { propertiesValue } from './gradle.js';

/** Flat `a.b.c` keys from application.properties / application.yml (profiles other than the default are ignored). */
export type AppConfig = ReadonlyMap<string, string>;

function flatten(node: unknown, prefix: string, out: Map<string, string>): void {
  if (typeof node === 'object' && node !== null && !Array.isArray(node)) {
    for (const [k, v] of Object.entries(node)) flatten(v, prefix === '' ? k : `${prefix}.${k}`, out);
  } else if (typeof node === 'string' || typeof node === 'number' || typeof node === 'boolean') {
    out.set(prefix, String(node));
  }
}

const KEYS = ['server.port', 'management.server.port', 'management.endpoints.web.base-path', 'quarkus.http.port', 'quarkus.http.root-path', 'quarkus.smallrye-health.root-path', 'micronaut.server.port', 'endpoints.health.enabled'];

/** Reads the app's config files; one that does not parse is a warning, never a failure. */
export async function readAppConfig(project: Project, moduleDir: string, warnings: string[]): Promise<{ config: AppConfig; files: string[] }> {
  const base = `${moduleDir === '' ? '' : `${moduleDir}/`}src/main/resources`;
  const config = new Map<string, string>();
  const files: string[] = [];
  for (const name of ['application.yml', 'application.yaml']) {
    const file = `${base}/${name}`;
    const text = await project.readText(file);
    if (text === null) continue;
    try {
      // Only the first document: later ones are usually `on-profile` overrides.
      const docs = parseYaml(text.split(/^---\s*$/m)[0] ?? '');
      flatten(docs, '', config);
      files.push(file);
    } catch (error) {
      warnings.push(`${file} could not be read as YAML (${(error as Error).message.split('\n')[0]}); the default port is used.`);
    }
  }
  const propsFile = `${base}/application.properties`;
  const props = await project.readText(propsFile);
  if (props !== null) {
    files.push(propsFile);
    for (const key of KEYS) {
      const value = propertiesValue(props, key);
      if (value !== null) config.set(key, value);
    }
  }
  return { config, files };
}

/** A literal port (`8081`, or `${PORT:8081}` → 8081); anything else is not a port we can know. */
export function portValue(value: string | undefined): number | null {
  if (value === undefined) return null;
  const m = /^(?:\$\{[\w.]+:(\d+)\}|(\d+))$/.exec(value.trim());
  const n = Number(m?.[1] ?? m?.[2] ?? NaN);
  return Number.isInteger(n) && n > 0 && n < 65536 ? n : null;
}

export function configEvidence(files: readonly string[], key: string, value: number): Evidence {
  return { file: files[0] ?? '(default)', reason: `${key} is ${value}` };
}
