import { lstat, readFile, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import fg from 'fast-glob';
import { badInput } from './errors.js';
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

/** Plain folder names from the root .gitignore (`logs/`, `/tmp`), which detection also skips. */
async function gitignoredFolders(root: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path.join(root, '.gitignore'), 'utf8');
  } catch {
    return [];
  }
  return text
    .split(/\r?\n/)
    .map((line) => line.trim().replace(/^\//, '').replace(/\/$/, ''))
    .filter((line) => /^[\w.-]+$/.test(line));
}

export async function createProject(rootInput: string): Promise<Project> {
  const root = await realpath(rootInput);
  const skipped = [...NEVER_WALK, ...(await gitignoredFolders(root))];
  const ignore = skipped.map((name) => `**/${name}/**`);

  /** Absolute path for `rel` when it stays inside the repo after following links; else null. */
  async function inside(rel: string): Promise<string | null> {
    const abs = path.resolve(root, rel);
    if (abs !== root && !abs.startsWith(root + path.sep)) return null;
    try {
      const real = await realpath(abs);
      return real === root || real.startsWith(root + path.sep) ? abs : null;
    } catch (error) {
      const code = errorCode(error);
      if (code === 'ENOENT' || code === 'ELOOP' || code === 'ENOTDIR') return null;
      if (code === 'EACCES') throw badInput(rel, 'permission denied');
      throw error;
    }
  }

  async function readText(rel: string): Promise<string | null> {
    const abs = await inside(rel);
    if (abs === null) return null;
    try {
      const info = await stat(abs);
      if (!info.isFile()) return null;
      if (info.size > MAX_MANIFEST_BYTES) {
        throw badInput(rel, `is ${(info.size / 1048576).toFixed(1)} MB, too large to be a real manifest; not read`);
      }
      const buffer = await readFile(abs);
      if (buffer.includes(0)) throw badInput(rel, 'is binary, not text');
      return buffer.toString('utf8').replace(/^\uFEFF/, '');
    } catch (error) {
      const code = errorCode(error);
      if (code === 'EACCES') throw badInput(rel, 'permission denied');
      if (code === 'ENOENT') return null;
      throw error;
    }
  }

  return {
    root,
    async exists(rel) {
      return (await inside(rel)) !== null;
    },
    async isDir(rel) {
      const abs = await inside(rel);
      if (abs === null) return false;
      return (await stat(abs)).isDirectory();
    },
    readText,
    async readJson(rel) {
      const text = await readText(rel);
      if (text === null) return null;
      try {
        return JSON.parse(text) as unknown;
      } catch (error) {
        throw badInput(rel, `is not valid JSON (${(error as Error).message})`);
      }
    },
    async list(rel) {
      const abs = await inside(rel);
      if (abs === null) return [];
      try {
        return (await readdir(abs)).sort();
      } catch (error) {
        const code = errorCode(error);
        if (code === 'ENOTDIR' || code === 'EACCES' || code === 'ENOENT') return [];
        throw error;
      }
    },
    async glob(patterns, options) {
      const found = await fg(typeof patterns === 'string' ? [patterns] : [...patterns], {
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

/** Checks the folder argument before anything else reads it; the messages name the path. */
export async function checkRoot(dir: string): Promise<void> {
  try {
    const info = await lstat(dir).then(async (l) => (l.isSymbolicLink() ? stat(dir) : l));
    if (!info.isDirectory()) throw badInput(dir, 'is a file, not a folder: pass the folder of the app');
    await readdir(dir);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT') throw badInput(dir, 'no such folder');
    if (code === 'EACCES') throw badInput(dir, 'permission denied');
    if (code === 'ELOOP') throw badInput(dir, 'is a symlink loop');
    throw error;
  }
}
