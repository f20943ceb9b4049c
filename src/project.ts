import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { badInput, usageError } from './errors.js';
import { gitignorePatterns, MAX_GITIGNORE_PATTERNS } from './gitignore.js';
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

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

/**
 * A relative path of plain names (`package.json`, `src/main/resources/x.yml`): no `.`, `..` or
 * empty segment, so the repo root and `/` make its absolute path without path.resolve.
 */
function isPlainRelative(rel: string): boolean {
  if (sep !== '/' || rel === '') return false;
  for (const segment of rel.split('/')) if (segment === '' || segment === '.' || segment === '..') return false;
  return true;
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
 * `answer`, kept per path for the run: detectors ask about the same paths (package.json is read
 * by several), and nothing else changes the repo while a run reads it. Errors are not kept.
 */
function remembered<T>(answer: (rel: string) => T): (rel: string) => T {
  const answers = new Map<string, T>();
  return (rel) => {
    if (answers.has(rel)) return answers.get(rel) as T;
    const value = answer(rel);
    answers.set(rel, value);
    return value;
  };
}

/** The entries of a folder, lower-cased, or null when it cannot be listed. */
function listNames(dir: string): Set<string> | null {
  try {
    return new Set(readdirSync(dir).map((name) => name.toLowerCase()));
  } catch {
    return null;
  }
}

/**
 * The read-only view detection works on. Its methods return promises (the interface stays open to
 * other sources) but read synchronously: a run reads a few dozen small files, one after another.
 */
export async function createProject(rootInput: string): Promise<Project> {
  const root = realpathSync.native(rootInput);
  const ignore = [...NEVER_WALK.map((name) => `**/${name}/**`), ...readGitignore(root).slice(0, MAX_GITIGNORE_PATTERNS)];

  /** Real paths of folders, each resolved once: most files detection reads share a handful of folders. */
  const realFolder = remembered((dir) => realpathSync.native(dir));

  /**
   * Most paths detection asks about do not exist, and most are at the top of the repo (lockfiles,
   * manifests, `.yarn/releases`): one listing of the root answers those without a call each.
   * Names are compared case-insensitively, so on a file system that ignores case the lstat
   * below still decides. Null when the root cannot be listed: every path is then looked up.
   */
  const rootNames = listNames(root);

  /**
   * Absolute path for `rel` when it stays inside the repo after following links; else null.
   * What cannot be seen (a folder without read permission, a link loop) counts as absent: an
   * unreadable `data/` volume folder must not stop detection.
   */
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

  const inside = remembered(check);
  const readText = remembered(readFresh);

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
      const { default: fastGlob } = await import('fast-glob');
      // fast-glob groups patterns by folder in a plain object, so a pattern whose folder is named
      // like an Object.prototype property (`valueOf/package.json`) throws; `./` keeps them apart.
      const anchored = (typeof patterns === 'string' ? [patterns] : [...patterns]).map((p) => (p.startsWith('!') ? `!./${p.slice(1).replace(/^\.\//, '')}` : `./${p.replace(/^\.\//, '')}`));
      const found = await fastGlob(anchored, {
        cwd: root,
        ignore,
        deep: options?.deep ?? DEFAULT_DEEP,
        dot: false,
        onlyFiles: true,
        followSymbolicLinks: false,
        suppressErrors: true,
      });
      return found.map((f) => f.replace(/^\.\//, '')).sort();
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
