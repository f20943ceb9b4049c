import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../package-root.js';

/** templates/ ships next to dist/ in the package (package.json "files"). */
export const BUILTIN_TEMPLATES = path.join(PACKAGE_ROOT, 'templates');

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
    for (const file of readdirSync(path.join(dir, entry.name))) if (file.endsWith('.hbs')) names.push(`${entry.name}/${file}`);
  }
  return names.sort();
}

export function readBuiltin(name: string, dir: string = BUILTIN_TEMPLATES): string {
  return readFileSync(path.join(dir, ...name.split('/')), 'utf8');
}

/** `_partials/healthcheck.hbs` → `healthcheck` (the name `{{> healthcheck}}` uses); null for a main template. */
export function partialName(name: string): string | null {
  const match = /^_partials\/([^/]+)\.hbs$/.exec(name);
  return match === null ? null : (match[1] as string);
}

/**
 * Fingerprint of the template folder. The precompiled module records the one it was built from;
 * a mismatch (templates edited, build not rerun) makes the renderer compile instead of serving
 * stale output. It guards against a forgotten rebuild, not an attacker, so FNV-1a (two 32-bit
 * lanes) is enough and spares every run the load of node:crypto.
 */
export function templatesDigest(dir: string = BUILTIN_TEMPLATES): string {
  let low = 0x811c9dc5;
  let high = 0x01000193;
  for (const name of listTemplates(dir)) {
    const text = `${name}\0${readBuiltin(name, dir)}\0`;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      low = Math.imul(low ^ code, 0x01000193);
      high = Math.imul(high ^ code ^ (low >>> 16), 0x01000193);
    }
  }
  return `${(high >>> 0).toString(16).padStart(8, '0')}${(low >>> 0).toString(16).padStart(8, '0')}`;
}
