import { randomBytes } from 'node:crypto';
import { unlinkSync } from 'node:fs';
import { lstat, mkdir, open, readdir, readFile, realpath, rename, rm, stat, unlink } from 'node:fs/promises';
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

/**
 * Absolute path to write `rel` to; refuses paths that leave the repo, directly or through a
 * symlink. A symlink that stays inside the repo (Dockerfile → docker/Dockerfile) is kept: its
 * target is what gets written.
 */
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
    if (real === null) throw new CliError(`Refusing to write ${rel}: it is a symlink to a file that does not exist.`, EXIT.unexpected, 'E_OUTSIDE');
    if (outside(real)) throw new CliError(`Refusing to write ${rel}: it is a symlink that points outside the repo (${real}).`, EXIT.unexpected, 'E_OUTSIDE');
    return real;
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
      // Reading a FIFO or device would block or never end.
      if (!info.isFile()) throw new CliError(`${file.path} is not a regular file; move it away to generate that file.`, EXIT.unexpected, 'E_INPUT');
      existing = await readFile(abs, 'utf8');
      mode = info.mode & 0o7777;
    } catch (error) {
      if (error instanceof CliError) throw error;
      const code = errorCode(error);
      if (code === 'EACCES' || code === 'EPERM') throw new CliError(`${file.path}: permission denied (cannot read it)`, EXIT.unexpected, 'E_INPUT');
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

/** Temp files of the write in progress, removed if the process is interrupted (SIGINT/SIGTERM). */
const inFlight = new Set<string>();

function removeInFlight(): void {
  for (const tmp of inFlight) {
    try {
      unlinkSync(tmp);
    } catch {
      // already renamed or removed
    }
  }
  inFlight.clear();
}

/** While temp files exist, Ctrl-C or a TERM removes them before exiting with the signal's code. */
function guardSignals(): () => void {
  const onSignal = (signal: NodeJS.Signals): void => {
    removeInFlight();
    process.exit(signal === 'SIGINT' ? EXIT.cancelled : 143);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}

const STARTED = Date.now() - performance.now();

/**
 * A SIGKILLed run cannot clean up after itself; the next run removes what it left next to the
 * files it writes: regular files named exactly like our temp files and older than this process.
 */
async function removeStaleTemps(abs: string): Promise<void> {
  const prefix = `.${path.basename(abs)}.`;
  const dir = path.dirname(abs);
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(prefix) || !/^[0-9a-f]{8}\.tmp$/.test(name.slice(prefix.length))) continue;
    const info = await lstat(path.join(dir, name)).catch(() => null);
    if (info?.isFile() && info.mtimeMs < STARTED) await unlink(path.join(dir, name)).catch(() => undefined);
  }
}

/** Writes `contents` to a new temp file next to `abs` and flushes it to disk before any rename. */
async function stage(abs: string, contents: string, mode: number | null): Promise<string> {
  const tmp = path.join(path.dirname(abs), `.${path.basename(abs)}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(tmp, 'wx', mode ?? 0o644);
  inFlight.add(tmp);
  try {
    await handle.writeFile(contents, 'utf8');
    // Umask narrows the mode given to open(); an existing file's mode is restored exactly.
    if (mode !== null) await handle.chmod(mode);
    await handle.datasync();
  } catch (error) {
    await handle.close();
    await unlink(tmp).catch(() => undefined);
    inFlight.delete(tmp);
    throw error;
  }
  await handle.close();
  return tmp;
}

function writeError(error: unknown, root: string, rel: string): unknown {
  const code = errorCode(error);
  if (code === 'EACCES' || code === 'EROFS' || code === 'EPERM') {
    return new CliError(`Cannot write ${rel} in ${root}: permission denied (${code}). Nothing was changed.`, EXIT.unexpected, 'E_WRITE');
  }
  if (code === 'ENOSPC' || code === 'EDQUOT') return new CliError(`Cannot write ${rel}: the disk is full. Nothing was changed.`, EXIT.unexpected, 'E_WRITE');
  return error;
}

/**
 * Writes every created or overwritten file atomically: all temp files first (same folder, so the
 * rename cannot cross filesystems), then the renames. A failure before the renames leaves the repo
 * exactly as it was (folders created for the new files are removed again); a killed process leaves
 * at most a stray `.<name>.<hex>.tmp` (removed by the next run), never a partial target; Ctrl-C or
 * TERM leaves not even that.
 */
export async function apply(root: string, pending: readonly PendingFile[], results: readonly WriteResult[]): Promise<void> {
  const staged: { tmp: string; abs: string }[] = [];
  const createdDirs: string[] = [];
  let renamed = 0;
  const release = guardSignals();
  try {
    for (const [i, p] of pending.entries()) {
      const status = results[i]?.status;
      const abs = await target(root, p.file.path);
      await removeStaleTemps(abs);
      if (status !== 'create' && status !== 'overwrite') continue;
      try {
        const made = await mkdir(path.dirname(abs), { recursive: true });
        if (made !== undefined) createdDirs.push(made);
        staged.push({ tmp: await stage(abs, p.file.contents, p.mode), abs });
      } catch (error) {
        throw writeError(error, root, p.file.path);
      }
    }
    for (const s of staged) {
      await rename(s.tmp, s.abs);
      inFlight.delete(s.tmp);
      renamed += 1;
    }
  } catch (error) {
    await Promise.all(staged.map((s) => unlink(s.tmp).catch(() => undefined)));
    // Only folders made by this run, and only while none of its files has landed in them.
    if (renamed === 0) for (const dir of createdDirs.reverse()) await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    throw error;
  } finally {
    for (const s of staged) inFlight.delete(s.tmp);
    release();
  }
}

/** Unified diff of the file on disk against the generated one; `diff` loads only when needed. */
export async function unifiedDiff(p: PendingFile): Promise<string> {
  const { createTwoFilesPatch } = await import('diff');
  return createTwoFilesPatch(`a/${p.file.path}`, `b/${p.file.path}`, p.existing ?? '', p.file.contents, '', '', { context: 3 });
}
