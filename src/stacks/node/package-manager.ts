import { DEFAULTS } from '../../defaults.js';
import { usageError } from '../../errors.js';
import type { Evidence, Project } from '../../types.js';
import { hasDependency, type PackageJson } from './package-json.js';
import { readOptional } from '../optional.js';
import { detectYarnBerry, type YarnBerrySettings } from './yarn-berry.js';
import { lockfileInStep } from './lockfile-sync.js';

export type NodePackageManager = 'npm' | 'pnpm' | 'yarn' | 'bun';

export interface PackageManagerFacts {
  readonly name: NodePackageManager;
  /** Exact or major version to install (`10.4.1`, `4`), or null for npm (ships with Node). */
  readonly version: string | null;
  /** Yarn 2+ ("Berry"), which has different install flags and no `--production`. */
  readonly berry: boolean;
  /** Lockfiles present, copied before install; empty means a non-frozen install. */
  readonly lockfiles: readonly string[];
  /** package.json names the version (`packageManager`), so corepack picks it without help. */
  readonly pinnedByPackageJson: boolean;
  /** Yarn 2+ install settings (cache, workspace-tools), null for every other manager. */
  readonly yarnBerry: YarnBerrySettings | null;
}

/** Every manager's lockfile, in the order that picks one when several are present. */
export const LOCKFILES: readonly [string, NodePackageManager][] = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
  ['yarn.lock', 'yarn'],
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
];

const VERSION = /^\d+(\.\d+){0,2}$/;

function fromField(field: string | null): { name: NodePackageManager; version: string | null } | null {
  const match = field === null ? null : /^(npm|pnpm|yarn|bun)@([^+\s]+)/.exec(field);
  if (match === null) return null;
  const version = match[2] as string;
  return { name: match[1] as NodePackageManager, version: VERSION.test(version) ? version : null };
}

/** pnpm lockfile format → the pnpm major that writes it. */
function pnpmFromLockfile(text: string | null): string | null {
  const match = text === null ? null : /^lockfileVersion:\s*'?(\d+)/m.exec(text);
  if (match === null) return null;
  const format = Number(match[1]);
  return format >= 9 ? DEFAULTS.pnpm : format >= 6 ? '8' : '7';
}

function yarnFromRc(text: string | null): string | null {
  const match = text === null ? null : /yarn-(\d+\.\d+\.\d+)\.c?js/.exec(text);
  return match === null ? null : (match[1] as string);
}

/**
 * With lockfiles of several managers and no packageManager field: the one whose lockfile records
 * exactly the ranges package.json declares (the other is left over from an earlier install), else
 * the first in LOCKFILES order.
 */
async function lockfileOwner(project: Project, present: readonly [string, NodePackageManager][], pkg: PackageJson, at: (f: string) => string): Promise<{ name: NodePackageManager; file: string; why: string }> {
  const [first] = present as [[string, NodePackageManager], ...[string, NodePackageManager][]];
  if (new Set(present.map(([, pm]) => pm)).size === 1) return { name: first[1], file: first[0], why: '' };
  const inStep: [string, NodePackageManager][] = [];
  for (const [file, pm] of present) {
    const text = await project.readText(at(file)).catch(() => null);
    if (text !== null && lockfileInStep(file, text, pkg) === true) inStep.push([file, pm]);
  }
  const only = new Set(inStep.map(([, pm]) => pm)).size === 1 ? inStep[0] : undefined;
  return only === undefined ? { name: first[1], file: first[0], why: '' } : { name: only[1], file: only[0], why: ' (the lockfile in step with package.json)' };
}

/** Without a lockfile or packageManager: `engines.<pm>`, then Bun's own config or types. */
async function managerHint(project: Project, pkg: PackageJson, at: (f: string) => string): Promise<{ name: NodePackageManager; evidence: Evidence } | null> {
  const raw = (await project.readJson(at('package.json')).catch(() => null)) as { engines?: Record<string, unknown> } | null;
  const engines = typeof raw?.engines === 'object' && raw.engines !== null ? raw.engines : {};
  for (const name of ['pnpm', 'yarn', 'bun'] as const) {
    if (typeof engines[name] === 'string') return { name, evidence: { file: at('package.json'), reason: `engines.${name} names ${name}` } };
  }
  if (await project.exists(at('bunfig.toml'))) return { name: 'bun', evidence: { file: at('bunfig.toml'), reason: "Bun's config: bun" } };
  if (hasDependency(pkg, '@types/bun') || hasDependency(pkg, 'bun-types')) return { name: 'bun', evidence: { file: at('package.json'), reason: 'Bun type definitions: bun' } };
  return null;
}

export async function detectPackageManager(
  project: Project,
  pkg: PackageJson,
  evidence: Evidence[],
  warnings: string[],
  dir = '',
): Promise<PackageManagerFacts> {
  const at = (f: string): string => (dir === '' ? f : `${dir}/${f}`);
  const present: [string, NodePackageManager][] = [];
  for (const [file, pm] of LOCKFILES) if (await project.exists(at(file))) present.push([file, pm]);

  const field = fromField(pkg.packageManager);
  let name: NodePackageManager;
  if (field !== null) {
    name = field.name;
    evidence.push({ file: at('package.json'), reason: `packageManager field names ${pkg.packageManager}` });
  } else if (present[0] !== undefined) {
    const chosen = await lockfileOwner(project, present, pkg, at);
    name = chosen.name;
    evidence.push({ file: at(chosen.file), reason: `lockfile of ${name}${chosen.why}` });
    const others = [...new Set(present.map(([, pm]) => pm).filter((pm) => pm !== name))];
    if (others.length > 0) {
      warnings.push(
        `Lockfiles of ${[name, ...others].join(' and ')} are both committed; the image installs with ${name}${chosen.why}. ` +
          `Delete the other lockfile, or set "packageManager" in package.json (e.g. "${name}@<version>").`,
      );
    }
  } else {
    const hint = await managerHint(project, pkg, at);
    name = hint?.name ?? 'npm';
    evidence.push(hint?.evidence ?? { file: '(default)', reason: 'no lockfile and no packageManager field: npm' });
  }
  const lockfiles = present.filter(([, pm]) => pm === name).map(([file]) => file);
  if (lockfiles.length === 0) {
    warnings.push(`No lockfile for ${name}: the image installs without one, so builds are not reproducible. Commit a lockfile.`);
  }
  const yarnrc = await readOptional(project, at('.yarnrc.yml'), warnings);
  const yarnRcVersion = yarnFromRc(yarnrc);
  let version = field?.version ?? null;
  if (version === null && name === 'pnpm') version = pnpmFromLockfile(await readOptional(project, at('pnpm-lock.yaml'), warnings)) ?? DEFAULTS.pnpm;
  if (version === null && name === 'yarn') version = yarnRcVersion ?? (yarnrc !== null ? DEFAULTS.yarnBerry : '1.22.22');
  if (version === null && name === 'bun') version = DEFAULTS.bun;
  if (name === 'npm') version = null;
  const berry = name === 'yarn' && (yarnrc !== null || !/^1(\.|$)/.test(version ?? '1'));
  if (berry && yarnrc !== null) evidence.push({ file: at('.yarnrc.yml'), reason: 'Yarn Berry (2+) configuration' });
  const yarnBerry = berry ? await detectYarnBerry(project, yarnrc, version ?? DEFAULTS.yarnBerry, evidence, at) : null;
  return { name, version, berry, lockfiles, pinnedByPackageJson: field !== null && field.version !== null, yarnBerry };
}

const NODE_MANAGERS: readonly NodePackageManager[] = ['npm', 'pnpm', 'yarn', 'bun'];

/**
 * `--package-manager` over what the repo says. Detected lockfiles belong to the detected manager,
 * so a different one installs without a lockfile (not frozen) at its default version.
 */
export function requestedPackageManager(pm: PackageManagerFacts, requested: string | null, inWorkspace = false): PackageManagerFacts {
  if (requested === null || requested === pm.name) return pm;
  if (inWorkspace) throw usageError(`--package-manager ${requested}: this workspace is managed by ${pm.name}, and its member is installed with it.`);
  if (!(NODE_MANAGERS as readonly string[]).includes(requested)) {
    throw usageError(`--package-manager ${requested} is not a Node.js package manager: use one of ${NODE_MANAGERS.join(', ')}.`);
  }
  const name = requested as NodePackageManager;
  const version = name === 'pnpm' ? DEFAULTS.pnpm : name === 'yarn' ? '1.22.22' : name === 'bun' ? DEFAULTS.bun : null;
  return { name, version, berry: false, lockfiles: [], pinnedByPackageJson: false, yarnBerry: null };
}
