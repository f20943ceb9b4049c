import { requireLater } from './require-later.js';

/**
 * Parsers load on first use, not at start-up: a Node.js repo never needs the XML or TOML parser,
 * and start-up time is most of a run's time (see bench/). `require` keeps call sites synchronous;
 * the bundler leaves these calls alone, so the packages load from node_modules (dependencies).
 */
const nodeRequire = requireLater(import.meta.url);

export const load = {
  toml: (): typeof import('smol-toml') => nodeRequire('smol-toml') as typeof import('smol-toml'),
  xml: (): typeof import('fast-xml-parser') => nodeRequire('fast-xml-parser') as typeof import('fast-xml-parser'),
  semver: (): typeof import('semver') => nodeRequire('semver') as typeof import('semver'),
};

/**
 * YAML is only parsed for a few manifests (pnpm-workspace.yaml, application.yml); compose and
 * workflow files are written by src/render/yaml-text.ts. The library is bundled into a chunk of
 * its own, which this dynamic import loads on first use.
 */
export async function parseYaml(text: string): Promise<unknown> {
  const loaded = await import('yaml');
  // Node's build of yaml is CommonJS: the bundle's import() gives it as `default` only.
  const yaml = typeof loaded.parse === 'function' ? loaded : loaded.default;
  return yaml.parse(text) as unknown;
}
