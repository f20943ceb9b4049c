import { createRequire } from 'node:module';

/**
 * Parsers load on first use, not at start-up: a Node.js repo never needs the XML or TOML parser,
 * and start-up time is most of a run's time (see bench/). `require` keeps call sites synchronous;
 * the bundler leaves these calls alone, so the packages load from node_modules (dependencies).
 * YAML is not here: every run writes compose files, so it is imported (and bundled) normally.
 */
const nodeRequire = createRequire(import.meta.url);

export const load = {
  toml: (): typeof import('smol-toml') => nodeRequire('smol-toml') as typeof import('smol-toml'),
  xml: (): typeof import('fast-xml-parser') => nodeRequire('fast-xml-parser') as typeof import('fast-xml-parser'),
  semver: (): typeof import('semver') => nodeRequire('semver') as typeof import('semver'),
};
