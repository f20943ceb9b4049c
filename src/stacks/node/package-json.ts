import { badInput } from '../../errors.js';
import type { Project } from '../../types.js';
import { isRecord } from '../../is-record.js';

/** The parts of package.json detection reads, validated: every field has the type it claims. */
export interface PackageJson {
  readonly name: string | null;
  readonly version: string | null;
  readonly description: string | null;
  readonly license: string | null;
  readonly repository: string | null;
  readonly main: string | null;
  /** The ES module entry (`bun init` points it at index.ts). */
  readonly module: string | null;
  readonly packageManager: string | null;
  readonly enginesNode: string | null;
  readonly enginesNpm: string | null;
  /** Dependencies whose install scripts npm may run (`allowScripts` entries set to true, version suffix dropped). */
  readonly allowScripts: readonly string[];
  /** `pnpm.onlyBuiltDependencies`: the dependencies pnpm 10+ runs build scripts for. */
  readonly pnpmOnlyBuilt: readonly string[];
  /** Yarn Berry's per-package build switch: `dependenciesMeta["name" or "name@version"].built`, by name. */
  readonly yarnBuilt: Readonly<Record<string, boolean>>;
  /** Bun's `trustedDependencies` (null when absent: Bun then trusts its own default list). */
  readonly trustedDependencies: readonly string[] | null;
  readonly scripts: Readonly<Record<string, string>>;
  readonly dependencies: Readonly<Record<string, string>>;
  readonly devDependencies: Readonly<Record<string, string>>;
  readonly optionalDependencies: Readonly<Record<string, string>>;
  readonly workspaces: readonly string[] | null;
  readonly type: 'module' | 'commonjs';
  /**
   * Fields only a package published for others to install needs (`exports`, `files`, `bin`),
   * in that order; empty for a `private` package, which is never published.
   */
  readonly publishFields: readonly string[];
}

function optionalString(obj: Record<string, unknown>, key: string, file: string): string | null {
  const value = obj[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw badInput(file, `"${key}" must be a string, not ${typeof value}`);
  return value;
}

function stringMap(obj: Record<string, unknown>, key: string, file: string): Record<string, string> {
  const value = obj[key];
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) throw badInput(file, `"${key}" must be an object of strings`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw badInput(file, `"${key}.${k}" must be a string, not ${Array.isArray(v) ? 'an array' : typeof v}`);
    out[k] = v;
  }
  return out;
}

function repositoryUrl(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (isRecord(value) && typeof value.url === 'string') return value.url;
  return null;
}

function workspaces(value: unknown): string[] | null {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (isRecord(value) && Array.isArray(value.packages)) return value.packages.filter((v): v is string => typeof v === 'string');
  return null;
}

/** `dependenciesMeta` entries that set `built`, keyed by package name (a version suffix dropped). */
function yarnBuilt(meta: unknown): Record<string, boolean> {
  if (!isRecord(meta)) return {};
  const out: Record<string, boolean> = {};
  for (const [key, value] of Object.entries(meta)) {
    if (isRecord(value) && typeof value.built === 'boolean') out[key.replace(/(.)@.*$/, '$1')] = value.built;
  }
  return out;
}

export function parsePackageJson(raw: unknown, file = 'package.json'): PackageJson {
  if (!isRecord(raw)) throw badInput(file, `must be a JSON object, not ${Array.isArray(raw) ? 'an array' : typeof raw}`);
  const engines = isRecord(raw.engines) ? raw.engines : {};
  return {
    name: optionalString(raw, 'name', file),
    version: optionalString(raw, 'version', file),
    description: typeof raw.description === 'string' ? raw.description : null,
    license: typeof raw.license === 'string' ? raw.license : null,
    repository: repositoryUrl(raw.repository),
    main: optionalString(raw, 'main', file),
    module: typeof raw.module === 'string' ? raw.module : null,
    packageManager: optionalString(raw, 'packageManager', file),
    enginesNode: typeof engines.node === 'string' ? engines.node : null,
    enginesNpm: typeof engines.npm === 'string' ? engines.npm : null,
    allowScripts: isRecord(raw.allowScripts) ? Object.entries(raw.allowScripts).filter(([, v]) => v === true).map(([k]) => k.replace(/(.)@.*$/, '$1')) : [],
    pnpmOnlyBuilt: isRecord(raw.pnpm) && Array.isArray(raw.pnpm.onlyBuiltDependencies) ? raw.pnpm.onlyBuiltDependencies.filter((v): v is string => typeof v === 'string') : [],
    yarnBuilt: yarnBuilt(raw.dependenciesMeta),
    trustedDependencies: Array.isArray(raw.trustedDependencies) ? raw.trustedDependencies.filter((v): v is string => typeof v === 'string') : null,
    scripts: stringMap(raw, 'scripts', file),
    dependencies: stringMap(raw, 'dependencies', file),
    devDependencies: stringMap(raw, 'devDependencies', file),
    optionalDependencies: stringMap(raw, 'optionalDependencies', file),
    workspaces: workspaces(raw.workspaces),
    type: raw.type === 'module' ? 'module' : 'commonjs',
    publishFields: raw.private === true ? [] : ['exports', 'files', 'bin'].filter((key) => raw[key] !== undefined && raw[key] !== null),
  };
}

export async function readPackageJson(project: Project, dir = ''): Promise<PackageJson | null> {
  const file = dir === '' ? 'package.json' : `${dir}/package.json`;
  const raw = await project.readJson(file);
  return raw === null ? null : parsePackageJson(raw, file);
}

export function hasDependency(pkg: PackageJson, name: string): boolean {
  return name in pkg.dependencies || name in pkg.devDependencies;
}

/** npm's placeholder test script fails on purpose; it is not a test suite. */
export function realScript(pkg: PackageJson, name: string): string | null {
  const script = pkg.scripts[name];
  if (script === undefined || script.trim() === '') return null;
  if (name === 'test' && /no test specified/.test(script)) return null;
  return script;
}

/** `npm run x`, `yarn x`, `pnpm x`, `bun run x`: a script that runs another script of the same package. */
const RUNS_SCRIPT = /\b(?:npm run(?:-script)?|yarn(?: run)?|pnpm(?: run)?|bun run)\s+([\w:.-]+)/g;

/**
 * A script's text with the scripts it runs through the package manager written in, a few levels
 * deep (`"build": "yarn build:app && yarn build:version"` really runs `vite build`); null when absent.
 */
export function expandedScript(pkg: PackageJson, name: string, depth = 3): string | null {
  const text = realScript(pkg, name);
  if (text === null || depth === 0) return text;
  return text.replace(RUNS_SCRIPT, (call, inner: string) => (inner !== name && pkg.scripts[inner] !== undefined ? `${call} (${expandedScript(pkg, inner, depth - 1) ?? ''})` : call));
}

/**
 * A script that runs another script of the package through the package manager, with any
 * arguments passed on (`npm run start-server`, `npm run with:env -- node server.js`).
 */
const RUNS_ONE_SCRIPT = /^\s*(?:npm run(?:-script)?|yarn(?: run)?|pnpm(?: run)?|bun run)\s+([\w:.-]+)(?:\s+--)?(?:\s+(.*?))?\s*$/s;

/**
 * What really runs when `name` hands over to another script, a few levels deep: that script's text
 * with the arguments appended, as the package manager runs it (`"start": "npm run with:env -- node
 * server.js"` with `"with:env": "dotenv --"` runs `dotenv -- node server.js`). `name` is the last
 * script followed; null when `name` is absent.
 */
export function delegatedScript(pkg: PackageJson, name: string, depth = 3): { readonly name: string; readonly text: string } | null {
  const text = realScript(pkg, name);
  if (text === null) return null;
  const match = RUNS_ONE_SCRIPT.exec(text);
  const inner = match?.[1];
  const innerText = inner === undefined || inner === name ? null : realScript(pkg, inner);
  if (innerText === null || depth === 0) return { name, text };
  const args = match?.[2] ?? '';
  const followed = delegatedScript({ ...pkg, scripts: { ...pkg.scripts, [inner as string]: args === '' ? innerText : `${innerText} ${args}` } }, inner as string, depth - 1);
  return followed ?? { name, text };
}
