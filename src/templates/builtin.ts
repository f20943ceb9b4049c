import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../package-root.js';

/** templates/ ships next to dist/ in the package (package.json "files"). */
export const BUILTIN_TEMPLATES = join(PACKAGE_ROOT, 'templates');

/** Where partials live, in the built-in folder and in a team's --templates folder alike. */
export const PARTIALS_DIR = '_partials';

/**
 * Every built-in template by its relative POSIX name (`node/Dockerfile.hbs`,
 * `_partials/header.hbs`), sorted. Templates sit exactly one folder deep, which is also the only
 * place an override is looked for.
 */
export function listTemplates(dir: string = BUILTIN_TEMPLATES): string[] {
  const names: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    for (const file of readdirSync(join(dir, entry.name))) if (file.endsWith('.hbs')) names.push(`${entry.name}/${file}`);
  }
  return names.sort();
}

export function readBuiltin(name: string, dir: string = BUILTIN_TEMPLATES): string {
  return readFileSync(join(dir, ...name.split('/')), 'utf8');
}

/** `_partials/healthcheck.hbs` → `healthcheck` (the name `{{> healthcheck}}` uses); null for a main template. */
export function partialName(name: string): string | null {
  const match = /^_partials\/([^/]+)\.hbs$/.exec(name);
  return match === null ? null : (match[1] as string);
}

/**
 * Whether the templates on disk are exactly `sources` (what the precompiled module was built
 * from). A template edited, added or removed without `npm run build` makes the renderer compile
 * instead of serving stale output.
 */
export function builtinsMatch(sources: Readonly<Record<string, string>>, dir: string = BUILTIN_TEMPLATES): boolean {
  const names = listTemplates(dir);
  if (names.join('\0') !== Object.keys(sources).sort().join('\0')) return false;
  return names.every((name) => readBuiltin(name, dir) === sources[name]);
}
