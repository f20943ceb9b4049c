import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readFile, realpath, rename, stat, unlink, writeFile, chmod } from 'node:fs/promises';
import path from 'node:path';
import { CliError, EXIT } from './errors.js';
import type { RenderedFile, WriteResult, WriteStatus } from './types.js';

/** A file to write and what is on disk now. */
export interface PendingFile {
  readonly file: RenderedFile;
  readonly existing: string | null;
  readonly mode: number | null;
  /** create (absent), identical (same bytes) or differs (needs consent). */
  readonly state: 'create' | 'identical' | 'differs';
}

export type Decision = 'overwrite' | 'skip';

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

/** Absolute target path; refuses paths that leave the repo, directly or through a symlink. */
async function target(root: string, rel: string): Promise<string> {
  const abs = path.resolve(root, rel);
  const outside = (p: string): boolean => p !== root && !p.startsWith(root + path.sep);
  if (outside(abs)) throw new CliError(`Refusing to write ${rel}: it is outside ${root}.`, EXIT.unexpected, 'E_OUTSIDE');
  let dir = path.dirname(abs);
  while (outside(dir) === false && dir !== root) {
    const real = await realpath(dir).catch(() => null);
    if (real !== null && outside(real)) throw new CliError(`Refusing to write ${rel}: ${path.relative(root, dir)} links outside the repo.`, EXIT.unexpected, 'E_OUTSIDE');
    dir = path.dirname(dir);
  }
  const info = await lstat(abs).catch(() => null);
  if (info?.isSymbolicLink()) {
    const real = await realpath(abs).catch(() => null);
    if (real === null || outside(real)) throw new CliError(`Refusing to write ${rel}: it is a symlink that points outside the repo.`, EXIT.unexpected, 'E_OUTSIDE');
  }
  return abs;
}

export async function inspect(root: string, files: readonly RenderedFile[]): Promise<PendingFile[]> {
  const pending: PendingFile[] = [];
  for (const file of files) {
    const abs = await target(root, file.path);
    let existing: string | null = null;
    let mode: number | null = null;
    try {
      const info = await stat(abs);
      if (info.isDirectory()) throw new CliError(`${file.path} is a folder; move it away to generate that file.`, EXIT.unexpected, 'E_INPUT');
      existing = await readFile(abs, 'utf8');
      mode = info.mode & 0o7777;
    } catch (error) {
      if (error instanceof CliError) throw error;
      const code = errorCode(error);
      if (code === 'EACCES') throw new CliError(`${file.path}: permission denied`, EXIT.unexpected, 'E_INPUT');
      if (code !== 'ENOENT') throw error;
    }
    const state = existing === null ? 'create' : existing === file.contents ? 'identical' : 'differs';
    pending.push({ file, existing, mode, state });
  }
  return pending;
}

/** Status of each file given the user's decisions (or the lack of them: conflict). */
export function statuses(pending: readonly PendingFile[], decide: (p: PendingFile) => Decision | null): WriteResult[] {
  return pending.map((p) => {
    let status: WriteStatus;
    if (p.state === 'create' || p.state === 'identical') status = p.state;
    else {
      const decision = decide(p);
      status = decision === null ? 'conflict' : decision;
    }
    return { path: p.file.path, status, contents: p.file.contents };
  });
}

/**
 * Writes every created or overwritten file atomically: all temp files first (same folder, so the
 * rename cannot cross filesystems), then the renames. A failure before the renames leaves the repo
 * exactly as it was; an interrupted process leaves at most a stray temp file, never a partial target.
 */
export async function apply(root: string, pending: readonly PendingFile[], results: readonly WriteResult[]): Promise<void> {
  const staged: { tmp: string; abs: string }[] = [];
  try {
    for (const [i, p] of pending.entries()) {
      const status = results[i]?.status;
      if (status !== 'create' && status !== 'overwrite') continue;
      const abs = await target(root, p.file.path);
      await mkdir(path.dirname(abs), { recursive: true });
      const tmp = path.join(path.dirname(abs), `.${path.basename(abs)}.${randomBytes(4).toString('hex')}.tmp`);
      await writeFile(tmp, p.file.contents, { mode: p.mode ?? 0o644, flag: 'wx' });
      if (p.mode !== null) await chmod(tmp, p.mode);
      staged.push({ tmp, abs });
    }
  } catch (error) {
    await Promise.all(staged.map((s) => unlink(s.tmp).catch(() => undefined)));
    const code = errorCode(error);
    if (code === 'EACCES' || code === 'EROFS' || code === 'EPERM') {
      throw new CliError(`Cannot write to ${root}: permission denied. Nothing was changed.`, EXIT.unexpected, 'E_WRITE');
    }
    throw error;
  }
  for (const s of staged) await rename(s.tmp, s.abs);
}

/** Unified diff of the file on disk against the generated one; `diff` loads only when needed. */
export async function unifiedDiff(p: PendingFile): Promise<string> {
  const { createTwoFilesPatch } = await import('diff');
  return createTwoFilesPatch(`a/${p.file.path}`, `b/${p.file.path}`, p.existing ?? '', p.file.contents, '', '', { context: 3 });
}
