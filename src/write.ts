import {
  closeSync, fchmodSync, fdatasyncSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createTwoFilesPatch } from 'diff';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
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
function target(root: string, rel: string): string {
  const realOrNull = (p: string): string | null => {
    try {
      return realpathSync.native(p);
    } catch {
      return null;
    }
  };
  const abs = resolve(root, rel);
  const outside = (p: string): boolean => p !== root && !p.startsWith(root + sep);
  if (outside(abs)) throw new CliError(`Refusing to write ${rel}: it is outside ${root}.`, EXIT.unexpected, 'E_OUTSIDE');
  let dir = dirname(abs);
  while (outside(dir) === false && dir !== root) {
    const real = realOrNull(dir);
    if (real !== null && outside(real)) throw new CliError(`Refusing to write ${rel}: ${relative(root, dir)} links outside the repo.`, EXIT.unexpected, 'E_OUTSIDE');
    dir = dirname(dir);
  }
  const info = lstatSync(abs, { throwIfNoEntry: false });
  if (info?.isSymbolicLink()) {
    const real = realOrNull(abs);
    if (real === null) throw new CliError(`Refusing to write ${rel}: it is a symlink to a file that does not exist.`, EXIT.unexpected, 'E_OUTSIDE');
    if (outside(real)) throw new CliError(`Refusing to write ${rel}: it is a symlink that points outside the repo (${real}).`, EXIT.unexpected, 'E_OUTSIDE');
    return real;
  }
  return abs;
}

/** Reads synchronously, like the project view: a handful of small files, no thread-pool round trips. */
export async function inspect(root: string, files: readonly RenderedFile[]): Promise<PendingFile[]> {
  const pending: PendingFile[] = [];
  for (const file of files) {
    const abs = target(root, file.path);
    let existing: string | null = null;
    let mode: number | null = null;
    try {
      // Most files are new: undefined says so.
      const info = statSync(abs, { throwIfNoEntry: false });
      if (info?.isDirectory() === true) throw new CliError(`${file.path} is a folder; move it away to generate that file.`, EXIT.unexpected, 'E_INPUT');
      // Reading a FIFO or device would block or never end.
      if (info !== undefined && !info.isFile()) throw new CliError(`${file.path} is not a regular file; move it away to generate that file.`, EXIT.unexpected, 'E_INPUT');
      if (info !== undefined) {
        existing = readFileSync(abs, 'utf8');
        mode = info.mode & 0o7777;
      }
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

/** Clean-up is best effort: a failure to remove a temp file must not hide the error being reported. */
function quietly(action: () => void): void {
  try {
    action();
  } catch {
    // left for the next run's stale-temp sweep
  }
}

// process.uptime() rather than performance.now(): the perf_hooks module would load just for this.
const STARTED = Date.now() - process.uptime() * 1000;

/**
 * A SIGKILLed run cannot clean up after itself; the next run removes what it left next to the
 * files it writes: regular files named exactly like our temp files and older than this process.
 */
function removeStaleTemps(abs: string): void {
  const prefix = `.${basename(abs)}.`;
  const dir = dirname(abs);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !/^[0-9a-f]{8}\.tmp$/.test(name.slice(prefix.length))) continue;
    const file = join(dir, name);
    quietly(() => {
      const info = lstatSync(file, { throwIfNoEntry: false });
      if (info?.isFile() && info.mtimeMs < STARTED) rmSync(file, { force: true });
    });
  }
}

/**
 * Writes `contents` to a new temp file next to `abs` and flushes it to disk before any rename.
 * Synchronous on purpose: a SIGINT/SIGTERM handler then runs only between whole steps, never while
 * a thread-pool open() is about to create a file the handler has already tried to remove.
 */
function stage(abs: string, contents: string, mode: number | null, randomHex: () => string): string {
  const tmp = join(dirname(abs), `.${basename(abs)}.${randomHex()}.tmp`);
  const fd = openSync(tmp, 'wx', mode ?? 0o644);
  inFlight.add(tmp);
  try {
    writeFileSync(fd, contents, 'utf8');
    // Umask narrows the mode given to open(); an existing file's mode is restored exactly.
    if (mode !== null) fchmodSync(fd, mode);
    fdatasyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    inFlight.delete(tmp);
    throw error;
  }
  closeSync(fd);
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
  const randomHex = (): string => randomBytes(4).toString('hex');
  try {
    for (const [i, p] of pending.entries()) {
      const status = results[i]?.status;
      const abs = target(root, p.file.path);
      removeStaleTemps(abs);
      if (status !== 'create' && status !== 'overwrite') continue;
      try {
        const made = mkdirSync(dirname(abs), { recursive: true });
        if (made !== undefined) createdDirs.push(made);
        staged.push({ tmp: stage(abs, p.file.contents, p.mode, randomHex), abs });
      } catch (error) {
        throw writeError(error, root, p.file.path);
      }
    }
    for (const s of staged) {
      renameSync(s.tmp, s.abs);
      inFlight.delete(s.tmp);
      renamed += 1;
    }
  } catch (error) {
    for (const s of staged) quietly(() => rmSync(s.tmp, { force: true }));
    // Only folders made by this run, and only while none of its files has landed in them.
    if (renamed === 0) for (const dir of createdDirs.reverse()) quietly(() => rmSync(dir, { recursive: true, force: true }));
    throw error;
  } finally {
    for (const s of staged) inFlight.delete(s.tmp);
    release();
  }
}

/**
 * Unified diff of the file on disk (-) against the generated one (+), the headers saying which is
 * which.
 */
export async function unifiedDiff(p: PendingFile): Promise<string> {
  const disk = p.existing === null ? `${p.file.path} (not on disk yet)` : `${p.file.path} (on disk)`;
  const patch = createTwoFilesPatch(disk, `${p.file.path} (generated)`, p.existing ?? '', p.file.contents, '', '', { context: 3 });
  // The library's separator line and the tab after each name (where a date would go) say nothing here.
  return patch.replace(/^=+\n/, '').replace(/^(---|\+\+\+) (.*)\t$/gm, '$1 $2');
}
