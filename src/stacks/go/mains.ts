import type { Choice, Project } from '../../types.js';
import { moduleBasename } from './gomod.js';

/** Files read per folder when looking for `package main`: enough for real layouts, bounded for huge ones. */
const FILES_PER_DIR = 4;
const MAX_CMD_DIRS = 40;

const PACKAGE_MAIN = /^\s*package\s+main\b/m;
/** Files excluded from every build (`go run gen.go` helpers): their `package main` does not count. */
const IGNORED_FILE = /^\s*\/\/(go:build\s+ignore|\s*\+build\s+ignore)\b/m;

function goSources(names: readonly string[]): string[] {
  const sources = names.filter((n) => n.endsWith('.go') && !n.endsWith('_test.go') && !n.startsWith('.') && !n.startsWith('_'));
  return [...sources.filter((n) => n === 'main.go'), ...sources.filter((n) => n !== 'main.go')];
}

/** True when the folder's Go files (a few, main.go first) declare `package main`. */
export async function isMainPackage(project: Project, dir: string): Promise<boolean> {
  const at = (f: string): string => (dir === '' ? f : `${dir}/${f}`);
  for (const name of goSources(await project.list(dir)).slice(0, FILES_PER_DIR)) {
    const text = await project.readText(at(name));
    if (text === null || IGNORED_FILE.test(text)) continue;
    return PACKAGE_MAIN.test(text);
  }
  return false;
}

/** `''` → `.`, `cmd/api` → `./cmd/api`: the form `go build` and `--main` take. */
export function packagePath(dir: string): string {
  return dir === '' ? '.' : `./${dir}`;
}

/** Main packages of one module: its root, each `cmd/<name>/`, else one level of plain folders. */
export async function findMains(project: Project, moduleDir: string): Promise<string[]> {
  const at = (f: string): string => (moduleDir === '' ? f : `${moduleDir}/${f}`);
  const mains: string[] = [];
  if (await isMainPackage(project, moduleDir)) mains.push(moduleDir);
  for (const name of (await project.list(at('cmd'))).slice(0, MAX_CMD_DIRS)) {
    if ((await project.isDir(at(`cmd/${name}`))) && (await isMainPackage(project, at(`cmd/${name}`)))) mains.push(at(`cmd/${name}`));
  }
  if (mains.length > 0) return mains;
  // No root or cmd/ main: a layout like server/main.go. Shallow and bounded.
  const found = await project.glob(moduleDir === '' ? ['*/main.go'] : [`${moduleDir}/*/main.go`], { deep: moduleDir === '' ? 2 : moduleDir.split('/').length + 2 });
  for (const file of found.slice(0, MAX_CMD_DIRS)) {
    const dir = file.slice(0, file.lastIndexOf('/'));
    if (await isMainPackage(project, dir)) mains.push(dir);
  }
  return mains;
}

export interface MainModule {
  readonly dir: string;
  readonly path: string;
}

/**
 * The documented default when several mains exist: a module-root main.go, else
 * `cmd/<module basename>`, else the first alphabetically.
 */
export function defaultMain(mains: readonly string[], modules: readonly MainModule[]): { dir: string; value: string; reason: string } {
  const sorted = [...mains].sort();
  const pick = (dir: string, reason: string) => ({ dir, value: packagePath(dir), reason });
  const root = sorted.find((m) => modules.some((mod) => mod.dir === m));
  if (root !== undefined) return pick(root, root === '' ? 'main.go at the module root' : `${root}/main.go at its module root`);
  for (const mod of modules) {
    const named = `${mod.dir === '' ? '' : `${mod.dir}/`}cmd/${moduleBasename(mod.path)}`;
    if (sorted.includes(named)) return pick(named, `cmd/<module basename> of ${mod.path}`);
  }
  return pick(sorted[0] as string, 'the first alphabetically');
}

export function mainChoice(mains: readonly string[], modules: readonly MainModule[]): Choice[] {
  if (mains.length < 2) return [];
  const chosen = defaultMain(mains, modules);
  return [
    {
      key: 'main',
      flag: '--main',
      message: 'Main package to build',
      options: [...mains].sort().map((m) => ({ value: packagePath(m), label: packagePath(m) })),
      defaultValue: chosen.value,
      defaultReason: chosen.reason,
    },
  ];
}
