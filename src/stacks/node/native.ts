import { parse as parseYaml } from 'yaml';
import type { Project } from '../../types.js';
import { readOptional } from '../optional.js';

/**
 * Packages a native addon depends on to compile or load its binary. A locked package that depends
 * on one of them (and, where the lockfile records it, has an install script) builds native code
 * at install time, wherever it sits in the tree: the install stages then need compilers.
 */
const BUILD_HELPERS = new Set([
  'node-gyp', 'node-gyp-build', 'node-gyp-build-optional-packages', 'nan', 'node-addon-api', 'bindings',
  'prebuild-install', '@mapbox/node-pre-gyp', 'node-pre-gyp', 'cmake-js',
]);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function usesHelper(deps: unknown): boolean {
  return typeof deps === 'object' && deps !== null && Object.keys(deps).some((d) => BUILD_HELPERS.has(d));
}

/** `@scope/name@1.2.3` or `name@npm:^1` → the package name. */
function nameOf(spec: string): string {
  const at = spec.indexOf('@', 1);
  return (at === -1 ? spec : spec.slice(0, at)).replace(/^\//, '');
}

interface NpmEntry { hasInstallScript?: boolean; dependencies?: unknown; optionalDependencies?: unknown }

/** package-lock.json / npm-shrinkwrap.json: `hasInstallScript` plus a build helper among the dependencies. */
function fromNpm(text: string): string[] {
  let lock: unknown;
  try {
    lock = JSON.parse(text);
  } catch {
    return [];
  }
  // A lockfile is the repo's text: any JSON value can be there, not only the shape npm writes.
  const packages = isObject(lock) && isObject(lock.packages) ? (lock.packages as Record<string, unknown>) : {};
  return Object.entries(packages)
    .filter((pair): pair is [string, NpmEntry] => isObject(pair[1]))
    .filter(([key, e]) => key !== '' && e.hasInstallScript === true && (usesHelper(e.dependencies) || usesHelper(e.optionalDependencies)))
    .map(([key]) => key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length));
}

interface PnpmEntry { requiresBuild?: boolean; dependencies?: unknown; optionalDependencies?: unknown }

/** pnpm-lock.yaml: v6 marks `requiresBuild`; v9 dropped it, so the build helper alone decides there. */
async function fromPnpm(text: string): Promise<string[]> {
  let lock: unknown;
  try {
    lock = parseYaml(text);
  } catch {
    return [];
  }
  if (!isObject(lock)) return [];
  const section = (value: unknown): [string, unknown][] => (isObject(value) ? Object.entries(value) : []);
  const entries = [...section(lock.packages), ...section(lock.snapshots)].filter((pair): pair is [string, PnpmEntry] => isObject(pair[1]));
  return entries
    .filter(([, e]) => e.requiresBuild !== false && (usesHelper(e.dependencies) || usesHelper(e.optionalDependencies)))
    .map(([key]) => nameOf(key));
}

/** yarn.lock (v1 and Berry share the shape): an unindented entry header, then its `dependencies:` block. */
function fromYarn(text: string): string[] {
  const found: string[] = [];
  let current: string | null = null;
  let inDeps = false;
  for (const line of text.split('\n')) {
    if (/^\S/.test(line) && !line.startsWith('#')) {
      current = nameOf(line.replace(/^"/, '').split(/[,:]/)[0] as string);
      inDeps = false;
    } else if (/^ {2}\S/.test(line)) {
      inDeps = /^ {2}(dependencies|optionalDependencies):/.test(line);
    } else if (inDeps && current !== null && /^ {4}\S/.test(line)) {
      const dep = (line.trim().split(/[\s:]/)[0] as string).replace(/"/g, '');
      if (BUILD_HELPERS.has(dep)) found.push(current);
    }
  }
  return found;
}

/** bun.lock: one line per package, `"name": ["name@1.0.0", "", { "dependencies": { … } }, "sha512-…"]`. */
function fromBun(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/^\s*"[^"]+": \["([^"]+)",[^\n]*?"(?:optionalD|d)ependencies": \{([^}]*)\}/gm)) {
    const deps = [...(match[2] as string).matchAll(/"([^"]+)":/g)].map((m) => m[1] as string);
    if (deps.some((d) => BUILD_HELPERS.has(d))) found.push(nameOf(match[1] as string));
  }
  return found;
}

/** Native addons anywhere in the locked dependency tree, sorted and unique. */
export async function lockedNativeAddons(project: Project, lockfiles: readonly string[], at: (f: string) => string, warnings: string[]): Promise<string[]> {
  const found = new Set<string>();
  for (const lockfile of lockfiles) {
    const text = await readOptional(project, at(lockfile), warnings);
    if (text === null) continue;
    const names = lockfile === 'pnpm-lock.yaml' ? await fromPnpm(text) : lockfile === 'yarn.lock' ? fromYarn(text) : lockfile === 'bun.lock' ? fromBun(text) : lockfile.endsWith('.json') ? fromNpm(text) : [];
    for (const name of names) found.add(name);
  }
  return [...found].sort();
}

/** The first major a version or range names (`npm@12.1.0`, `>=12`, `^12.0.0`), or null. */
function majorIn(spec: string | null): number | null {
  const match = spec === null ? null : /(\d+)/.exec(spec);
  return match === null ? null : Number(match[1]);
}

/**
 * Package managers that skip dependency install scripts unless the app approves them: the image
 * would then build without the addon's binary. Says which addons and how to approve them.
 */
export function blockedInstallScripts(pm: { name: string; version: string | null }, pkg: { packageManager: string | null; enginesNpm: string | null; allowScripts: readonly string[]; pnpmOnlyBuilt: readonly string[] }, pnpmWorkspaceOnlyBuilt: readonly string[], addons: readonly string[]): string | null {
  if (addons.length === 0) return null;
  if (pm.name === 'npm') {
    const major = majorIn(pkg.packageManager?.startsWith('npm@') === true ? pkg.packageManager : null) ?? majorIn(pkg.enginesNpm);
    const blocked = addons.filter((a) => !pkg.allowScripts.includes(a));
    if (major === null || major < 12 || blocked.length === 0) return null;
    return `npm ${major} skips install scripts that "allowScripts" in package.json does not approve, so ${blocked.join(', ')} would have no native binary in the image. Run  npm install-scripts approve ${blocked.join(' ')}  and commit package.json.`;
  }
  if (pm.name === 'pnpm') {
    const major = majorIn(pm.version);
    const allowed = [...pkg.pnpmOnlyBuilt, ...pnpmWorkspaceOnlyBuilt];
    const blocked = addons.filter((a) => !allowed.includes(a));
    if (major === null || major < 10 || blocked.length === 0) return null;
    return `pnpm ${major} skips dependency build scripts unless onlyBuiltDependencies lists them, so ${blocked.join(', ')} would have no native binary in the image. Run  pnpm approve-builds  and commit the result.`;
  }
  return null;
}

/** `onlyBuiltDependencies` in pnpm-workspace.yaml (where pnpm 10 writes approvals), or none. */
export async function pnpmWorkspaceOnlyBuilt(project: Project, file: string): Promise<string[]> {
  const text = await project.readText(file).catch(() => null);
  if (text === null) return [];
  try {
    const doc = (parseYaml(text)) as { onlyBuiltDependencies?: unknown } | null;
    return Array.isArray(doc?.onlyBuiltDependencies) ? doc.onlyBuiltDependencies.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}
