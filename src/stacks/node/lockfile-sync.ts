import { parse as parseYaml } from 'yaml';
import { isRecord } from '../../is-record.js';
import type { PackageJson } from './package-json.js';

/** Every dependency package.json declares, with its range: what a lockfile in step with it records. */
function declared(pkg: PackageJson): [string, string][] {
  return [...Object.entries(pkg.dependencies), ...Object.entries(pkg.devDependencies), ...Object.entries(pkg.optionalDependencies)];
}

function sameRanges(recorded: Record<string, string>, pkg: PackageJson): boolean {
  return declared(pkg).every(([name, range]) => recorded[name] === range);
}

function npmInStep(text: string, pkg: PackageJson): boolean | null {
  const lock: unknown = JSON.parse(text);
  const root = isRecord(lock) && isRecord(lock.packages) ? lock.packages[''] : undefined;
  // lockfileVersion 1 has no root entry: nothing to compare.
  if (!isRecord(root)) return null;
  const recorded: Record<string, string> = {};
  for (const key of ['dependencies', 'devDependencies', 'optionalDependencies']) {
    const deps = root[key];
    if (isRecord(deps)) for (const [name, range] of Object.entries(deps)) if (typeof range === 'string') recorded[name] = range;
  }
  return sameRanges(recorded, pkg);
}

function pnpmInStep(text: string, pkg: PackageJson): boolean | null {
  const lock: unknown = parseYaml(text);
  if (!isRecord(lock)) return null;
  // v6+: the root project's entries are under importers['.'] (workspaces) or at the top level.
  const project = isRecord(lock.importers) && isRecord(lock.importers['.']) ? lock.importers['.'] : lock;
  const recorded: Record<string, string> = {};
  for (const key of ['dependencies', 'devDependencies', 'optionalDependencies']) {
    const deps = project[key];
    if (!isRecord(deps)) continue;
    for (const [name, entry] of Object.entries(deps)) if (isRecord(entry) && typeof entry.specifier === 'string') recorded[name] = entry.specifier;
  }
  return Object.keys(recorded).length === 0 && declared(pkg).length > 0 ? null : sameRanges(recorded, pkg);
}

/** yarn.lock keys name each range resolved: `express@^4.18.2` (v1) or `express@npm:^4.18.2` (Berry). */
function yarnInStep(text: string, pkg: PackageJson): boolean {
  const keys = new Set(
    text
      .split('\n')
      .filter((line) => /^\S/.test(line) && !line.startsWith('#'))
      .flatMap((line) => line.replace(/:\s*$/, '').split(/,\s*/).map((k) => k.replace(/^"|"$/g, ''))),
  );
  return declared(pkg).every(([name, range]) => keys.has(`${name}@${range}`) || keys.has(`${name}@npm:${range}`));
}

/**
 * Whether a lockfile records exactly the ranges package.json declares (the one the last install
 * wrote); null when its format has nothing to compare (npm lockfile v1, Bun's binary lockfile).
 */
export function lockfileInStep(file: string, text: string, pkg: PackageJson): boolean | null {
  try {
    if (file === 'package-lock.json' || file === 'npm-shrinkwrap.json') return npmInStep(text, pkg);
    if (file === 'pnpm-lock.yaml') return pnpmInStep(text, pkg);
    if (file === 'yarn.lock') return yarnInStep(text, pkg);
  } catch {
    return null;
  }
  return null;
}
