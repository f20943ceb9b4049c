import { createRequire } from 'node:module';

/**
 * Parsers load on first use, not at start-up: a Node.js repo never needs the XML or TOML parser,
 * and start-up time is most of a run's time (see bench/). `require` keeps call sites synchronous.
 */
const require = createRequire(import.meta.url);

export const load = {
  toml: (): typeof import('smol-toml') => require('smol-toml') as typeof import('smol-toml'),
  xml: (): typeof import('fast-xml-parser') => require('fast-xml-parser') as typeof import('fast-xml-parser'),
  semver: (): typeof import('semver') => require('semver') as typeof import('semver'),
  yaml: (): typeof import('yaml') => require('yaml') as typeof import('yaml'),
};
