import { parse as parseYaml } from 'yaml';
import type { Project } from '../../types.js';
import { readOptional } from '../optional.js';
import { isRecord } from '../../is-record.js';

/**
 * Packages a native addon depends on to compile or load its binary. A locked package that depends
 * on one of them (and, where the lockfile records it, has an install script) builds native code
 * at install time, wherever it sits in the tree: the install stages then need compilers.
 */
const BUILD_HELPERS = new Set([
  'node-gyp', 'node-gyp-build', 'node-gyp-build-optional-packages', 'nan', 'node-addon-api', 'bindings',
  'prebuild-install', '@mapbox/node-pre-gyp', 'node-pre-gyp', 'cmake-js',
]);

function usesHelper(deps: unknown): boolean {
  return typeof deps === 'object' && deps !== null && Object.keys(deps).some((d) => BUILD_HELPERS.has(d));
}

/** `@scope/name@1.2.3` or `name@npm:^1` → the package name. */
function nameOf(spec: string): string {
  const at = spec.indexOf('@', 1);
  return (at === -1 ? spec : spec.slice(0, at)).replace(/^\//, '');
}

interface NpmEntry { hasInstallScript?: boolean; optional?: boolean; dependencies?: unknown; optionalDependencies?: unknown }

/**
 * package-lock.json / npm-shrinkwrap.json: `hasInstallScript` plus a build helper among the
 * dependencies. A package only reached through optionalDependencies (`optional: true`) is left
 * out: npm goes on without it when it cannot build, so it needs no compilers in the image.
 */
function fromNpm(text: string): string[] {
  let lock: unknown;
  try {
    lock = JSON.parse(text);
  } catch {
    return [];
  }
  // A lockfile is the repo's text: any JSON value can be there, not only the shape npm writes.
  const packages = isRecord(lock) && isRecord(lock.packages) ? (lock.packages as Record<string, unknown>) : {};
  return Object.entries(packages)
    .filter((pair): pair is [string, NpmEntry] => isRecord(pair[1]))
    .filter(([key, e]) => key !== '' && e.hasInstallScript === true && e.optional !== true && (usesHelper(e.dependencies) || usesHelper(e.optionalDependencies)))
    .map(([key]) => key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length));
}

interface PnpmEntry { requiresBuild?: boolean; optional?: boolean; dependencies?: unknown; optionalDependencies?: unknown }

/**
 * pnpm-lock.yaml: v6 marks `requiresBuild`; v9 dropped it, so the build helper alone decides there.
 * `optional: true` entries are left out, as for npm: pnpm skips an optional package that fails to build.
 */
async function fromPnpm(text: string): Promise<string[]> {
  let lock: unknown;
  try {
    lock = parseYaml(text);
  } catch {
    return [];
  }
  if (!isRecord(lock)) return [];
  const section = (value: unknown): [string, unknown][] => (isRecord(value) ? Object.entries(value) : []);
  const entries = [...section(lock.packages), ...section(lock.snapshots)].filter((pair): pair is [string, PnpmEntry] => isRecord(pair[1]));
  return entries
    .filter(([, e]) => e.requiresBuild !== false && e.optional !== true && (usesHelper(e.dependencies) || usesHelper(e.optionalDependencies)))
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
 * The native addons on Bun's default trusted list (oven-sh/bun, src/install/default-trusted-dependencies.txt),
 * whose install scripts Bun runs when package.json has no `trustedDependencies`. An addon outside
 * this set is reported as untrusted: at worst the note asks to trust a package Bun already trusts.
 */
const BUN_DEFAULT_TRUSTED = new Set([
  '@discordjs/opus', '@napi-rs/pinyin', '@newrelic/native-metrics', '@serialport/bindings', '@serialport/bindings-cpp', '@tensorflow/tfjs-node', '@vscode/sqlite3',
  'argon2', 'bcrypt', 'better-sqlite3', 'bufferutil', 'canvas', 'cbor-extract', 'classic-level', 'cpu-features', 'deasync', 'diskusage', 'duckdb', 'farmhash', 'ffi-napi',
  'fibers', 'heapdump', 'hiredis', 'iconv', 'isolated-vm', 'keccak', 'kerberos', 'keytar', 'leveldown', 'libpq', 'libxmljs', 'libxmljs2', 'lmdb', 'lz4', 'microtime',
  'msgpackr-extract', 'node-expat', 'node-hid', 'node-pty', 'node-rdkafka', 'node-sass', 'nodegit', 'oracledb', 're2', 'ref-napi', 'secp256k1', 'sharp', 'sodium-native',
  'sqlite3', 'ssh2', 'tree-sitter', 'usb', 'utf-8-validate', 'weak-napi', 'zeromq', 'zlib-sync',
]);

/** What package.json and the package manager's config say about running dependency install scripts. */
export interface ScriptApprovals {
  readonly packageManager: string | null;
  readonly enginesNpm: string | null;
  readonly allowScripts: readonly string[];
  readonly pnpmOnlyBuilt: readonly string[];
  readonly yarnBuilt?: Readonly<Record<string, boolean>>;
  readonly trustedDependencies?: readonly string[] | null;
}

function listed(names: readonly string[]): string {
  return names.join(', ');
}

/** Yarn 2+: `built: false` always skips; `enableScripts: false` skips everything not marked `built: true`. */
function yarnBlocked(enableScripts: boolean, built: Readonly<Record<string, boolean>>, addons: readonly string[]): string | null {
  const off = addons.filter((a) => built[a] === false);
  const disabled = enableScripts ? [] : addons.filter((a) => built[a] !== true && built[a] !== false);
  if (off.length === 0 && disabled.length === 0) return null;
  const why = [
    ...(off.length === 0 ? [] : [`dependenciesMeta in package.json sets built: false for ${listed(off)}`]),
    ...(disabled.length === 0 ? [] : [`.yarnrc.yml sets enableScripts: false, which also skips ${listed(disabled)}`]),
  ].join(', and ');
  const blocked = [...off, ...disabled];
  const meta = blocked.map((a) => `"${a}": { "built": true }`).join(', ');
  return `Yarn skips install scripts here (${why}), so ${listed(blocked)} would have no native binary in the image. Set  "dependenciesMeta": { ${meta} }  in package.json and commit it with the lockfile.`;
}

/** Bun runs dependency install scripts only for trusted packages: trustedDependencies when set, else its default list. */
function bunBlocked(trusted: readonly string[] | null, addons: readonly string[]): string | null {
  const blocked = addons.filter((a) => (trusted === null ? !BUN_DEFAULT_TRUSTED.has(a) : !trusted.includes(a)));
  if (blocked.length === 0) return null;
  const source = trusted === null ? "they are not on Bun's default trusted list" : 'trustedDependencies in package.json does not list them';
  return `Bun runs dependency install scripts only for trusted packages and ${source}, so ${listed(blocked)} would have no native binary in the image. Run  bun pm trust ${blocked.join(' ')}  and commit package.json and the lockfile.`;
}

/**
 * Package managers that skip dependency install scripts unless the app approves them: the image
 * would then build without the addon's binary. Says which addons and how to approve them.
 */
export function blockedInstallScripts(pm: { name: string; version: string | null; yarnBerry?: { enableScripts: boolean } | null }, pkg: ScriptApprovals, pnpmWorkspaceOnlyBuilt: readonly string[], addons: readonly string[]): string | null {
  if (addons.length === 0) return null;
  if (pm.name === 'npm') {
    const major = majorIn(pkg.packageManager?.startsWith('npm@') === true ? pkg.packageManager : null) ?? majorIn(pkg.enginesNpm);
    const blocked = addons.filter((a) => !pkg.allowScripts.includes(a));
    if (major === null || major < 12 || blocked.length === 0) return null;
    return `npm ${major} skips install scripts that "allowScripts" in package.json does not approve, so ${listed(blocked)} would have no native binary in the image. Run  npm install-scripts approve ${blocked.join(' ')}  and commit package.json.`;
  }
  if (pm.name === 'pnpm') {
    const major = majorIn(pm.version);
    const allowed = [...pkg.pnpmOnlyBuilt, ...pnpmWorkspaceOnlyBuilt];
    const blocked = addons.filter((a) => !allowed.includes(a));
    if (major === null || major < 10 || blocked.length === 0) return null;
    return `pnpm ${major} skips dependency build scripts unless onlyBuiltDependencies lists them, so ${listed(blocked)} would have no native binary in the image. Run  pnpm approve-builds  and commit the result.`;
  }
  if (pm.name === 'yarn' && pm.yarnBerry != null) return yarnBlocked(pm.yarnBerry.enableScripts, pkg.yarnBuilt ?? {}, addons);
  if (pm.name === 'bun') return bunBlocked(pkg.trustedDependencies ?? null, addons);
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
