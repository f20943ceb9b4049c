import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { badInput, usageError } from './errors.js';
import type { Project } from './types.js';

/** Manifests are small; anything larger is not what it claims to be and is refused, not read. */
export const MAX_MANIFEST_BYTES = 2 * 1024 * 1024;

/**
 * Folders detection never enters, whatever a pattern says: dependency, VCS, cache and build
 * output folders are where large repos keep their hundreds of thousands of files.
 */
export const NEVER_WALK = [
  'node_modules', '.git', '.hg', '.svn', 'vendor', 'target', 'dist', 'build', 'out', '.venv', 'venv',
  '__pycache__', '.next', '.nuxt', '.turbo', '.cache', 'coverage', '.gradle', '.idea', '.vscode', '.yarn',
  '.pnpm-store', '.tox', '.mypy_cache', '.pytest_cache', 'bin', 'obj',
];

const DEFAULT_DEEP = 4;

/** A .gitignore with thousands of lines would slow every match; the first ones are the folders that matter. */
const MAX_GITIGNORE_PATTERNS = 200;

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

/**
 * Folder patterns from the root .gitignore, as fast-glob ignore patterns. Only lines that name
 * folders are used (`logs/`, `/tmp`, `build-*`, `generated/cache`); a negated line (`!keep/`)
 * re-includes something git would skip, so its folder is never ignored here, to stay safe.
 * The file is read like a manifest: inside the repo, regular, small; else it is ignored.
 */
export function gitignorePatterns(text: string): string[] {
  const lines = text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
  const negated = lines.filter((line) => line.startsWith('!')).map((line) => line.slice(1).replace(/^\//, '').replace(/\/$/, ''));
  const patterns: string[] = [];
  for (const line of lines) {
    if (line.startsWith('!') || line.includes('\\')) continue;
    const anchored = line.startsWith('/') || line.replace(/\/$/, '').includes('/');
    const name = line.replace(/^\//, '').replace(/\/$/, '').replace(/^\*\*\//, '').replace(/\/\*\*$/, '');
    if (!/^[\w.*?@+-]+(\/[\w.*?@+-]+)*$/.test(name) || /^[*?.]*$/.test(name.split('/')[0] ?? '')) continue;
    if (negated.some((n) => n === name || n.startsWith(`${name}/`))) continue;
    // `@(…)` around a wildcard segment: fast-glob prunes a folder only when the ignore pattern also
    // matches the folder itself, which `tmp-*/**` does not but `@(tmp-*)/**` does.
    const glob = name.split('/').map((part) => (/[*?]/.test(part) ? `@(${part})` : part)).join('/');
    patterns.push(anchored && !line.startsWith('**/') ? `${glob}/**` : `**/${glob}/**`);
  }
  return patterns;
}

function readGitignore(root: string): string[] {
  const file = join(root, '.gitignore');
  try {
    const info = lstatSync(file, { throwIfNoEntry: false });
    if (info === undefined || !info.isFile() || info.size > MAX_MANIFEST_BYTES) return [];
    return gitignorePatterns(readFileSync(file, 'utf8'));
  } catch {
    return [];
  }
}

/**
 * A relative path of plain names (`package.json`, `src/main/resources/x.yml`): no `.`, `..` or
 * empty segment, so the repo root and `/` make its absolute path. Detection asks about a hundred
 * such paths a run, and path.resolve's general loop costs ~10 µs each before it is optimized.
 */
function isPlainRelative(rel: string): boolean {
  if (sep !== '/' || rel === '') return false;
  for (const segment of rel.split('/')) if (segment === '' || segment === '.' || segment === '..') return false;
  return true;
}

/** The entries of a folder, lower-cased, or null when it cannot be listed. */
function listNames(dir: string): Set<string> | null {
  try {
    return new Set(readdirSync(dir).map((name) => name.toLowerCase()));
  } catch {
    return null;
  }
}

/** fast-glob costs ~15 ms to load; most runs never glob, so it loads on first use. */
let fastGlob: typeof import('fast-glob') | null = null;

/**
 * The read-only view detection works on. Its methods return promises (the interface stays open to
 * other sources) but read synchronously: a run reads a few dozen small files, one after another,
 * and each thread-pool round trip cost more than the read itself (~25 ms a run, see bench/).
 */
export async function createProject(rootInput: string): Promise<Project> {
  const root = realpathSync.native(rootInput);
  const ignore = [...NEVER_WALK.map((name) => `**/${name}/**`), ...readGitignore(root).slice(0, MAX_GITIGNORE_PATTERNS)];

  /** Real paths of folders already resolved: most files detection reads share a handful of folders. */
  const realFolders = new Map<string, string>([[root, root]]);
  const realFolder = (dir: string): string => {
    let real = realFolders.get(dir);
    if (real === undefined) {
      real = realpathSync.native(dir);
      realFolders.set(dir, real);
    }
    return real;
  };

  /**
   * Most paths detection asks about do not exist, and most are at the top of the repo (lockfiles,
   * manifests, `.yarn/releases`): one listing of the root answers those without a call each.
   * Names are compared case-insensitively, so on a file system that ignores case the lstat
   * below still decides. Null when the root cannot be listed: every path is then looked up.
   */
  const rootNames = listNames(root);

  /**
   * A run asks about the same paths more than once (package.json is read by several detectors):
   * answers are kept for the run, which reads a repo that nothing else changes meanwhile.
   */
  const checked = new Map<string, string | null>();
  const texts = new Map<string, string | null>();

  /**
   * Absolute path for `rel` when it stays inside the repo after following links; else null.
   * What cannot be seen (a folder without read permission, a link loop) counts as absent: an
   * unreadable `data/` volume folder must not stop detection.
   */
  function inside(rel: string): string | null {
    let abs = checked.get(rel);
    if (abs === undefined) {
      abs = check(rel);
      checked.set(rel, abs);
    }
    return abs;
  }

  function check(rel: string): string | null {
    if (rel.includes('\0')) return null;
    const plain = isPlainRelative(rel) && root !== sep;
    if (plain && rootNames !== null && !rootNames.has(rel.split('/', 1)[0]?.toLowerCase() ?? '')) return null;
    const abs = plain ? `${root}${sep}${rel}` : resolve(root, rel);
    if (abs !== root && !abs.startsWith(root + sep)) return null;
    try {
      // Most paths detection asks about do not exist: one lstat says so, before any realpath.
      const info = lstatSync(abs, { throwIfNoEntry: false });
      if (info === undefined) return null;
      // A link is resolved itself; anything else is where its folder really is.
      if (info.isSymbolicLink() || abs === root) {
        const real = realpathSync.native(abs);
        return real === root || real.startsWith(root + sep) ? abs : null;
      }
      const folder = realFolder(plain ? abs.slice(0, abs.lastIndexOf(sep)) : dirname(abs));
      return folder === root || folder.startsWith(root + sep) ? abs : null;
    } catch (error) {
      if (['ENOENT', 'ELOOP', 'ENOTDIR', 'EACCES', 'ENAMETOOLONG'].includes(errorCode(error) ?? '')) return null;
      throw error;
    }
  }

  function readText(rel: string): string | null {
    let text = texts.get(rel);
    if (text === undefined) {
      text = readFresh(rel);
      texts.set(rel, text);
    }
    return text;
  }

  function readFresh(rel: string): string | null {
    const abs = inside(rel);
    if (abs === null) return null;
    try {
      const info = statSync(abs);
      // A FIFO or device named like a manifest would block or never end: only regular files are read.
      if (!info.isFile()) return null;
      if (info.size > MAX_MANIFEST_BYTES) {
        throw badInput(rel, `is ${(info.size / 1048576).toFixed(1)} MB, too large to be a real manifest; not read`);
      }
      const buffer = readFileSync(abs);
      if (buffer.includes(0)) throw badInput(rel, 'is binary, not text');
      return buffer.toString('utf8').replace(/^\uFEFF/, '');
    } catch (error) {
      const code = errorCode(error);
      if (code === 'EACCES' || code === 'EPERM') throw badInput(rel, 'permission denied (cannot read it)');
      if (code === 'ENOENT') return null;
      throw error;
    }
  }

  return {
    root,
    async exists(rel) {
      return inside(rel) !== null;
    },
    async isDir(rel) {
      const abs = inside(rel);
      if (abs === null) return false;
      try {
        return statSync(abs).isDirectory();
      } catch {
        return false;
      }
    },
    async readText(rel) {
      return readText(rel);
    },
    async readJson(rel) {
      const text = readText(rel);
      if (text === null) return null;
      try {
        return JSON.parse(text) as unknown;
      } catch (error) {
        throw badInput(rel, `is not valid JSON (${(error as Error).message})`);
      }
    },
    async list(rel) {
      const abs = inside(rel);
      if (abs === null) return [];
      try {
        return readdirSync(abs).sort();
      } catch (error) {
        const code = errorCode(error);
        if (code === 'ENOTDIR' || code === 'EACCES' || code === 'ENOENT') return [];
        throw error;
      }
    },
    async glob(patterns, options) {
      fastGlob ??= (await import('fast-glob')).default;
      const found = await fastGlob(typeof patterns === 'string' ? [patterns] : [...patterns], {
        cwd: root,
        ignore,
        deep: options?.deep ?? DEFAULT_DEEP,
        dot: false,
        onlyFiles: true,
        followSymbolicLinks: false,
        suppressErrors: true,
      });
      return found.sort();
    },
  };
}

/**
 * Checks the folder argument before anything else reads it; the messages name the path.
 * A missing path or a file is a usage error (exit 2): the argument is wrong, not the repo.
 */
export async function checkRoot(dir: string): Promise<void> {
  try {
    const info = statSync(dir);
    if (!info.isDirectory()) throw usageError(`${dir} is a file, not a folder: pass the folder of the app.`);
    readdirSync(dir);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT') throw usageError(`${dir}: no such folder.`);
    if (code === 'ENOTDIR') throw usageError(`${dir}: a part of this path is a file, not a folder.`);
    if (code === 'EACCES' || code === 'EPERM') throw badInput(dir, 'permission denied (cannot list this folder)');
    if (code === 'ELOOP') throw badInput(dir, 'is a symlink loop');
    throw error;
  }
}
