import { chmod, lstat, mkdir, readFile, readdir, readlink, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CliError } from '../../src/errors.js';
import type { RenderedFile } from '../../src/types.js';
import { apply, inspect, statuses } from '../../src/write.js';
import {
  expectCleanError, expressApp, jsonFiles, makeRepo, removeRepo, requireBuild, runBin, runMain, snapshotTree, type Tree,
} from './helpers.js';

/**
 * Writes are atomic, keep modes, stay inside the repo and only touch what the user agreed to.
 * Runs that are killed or timed run the built CLI as a process; the rest run in-process through
 * main(), the entry the bin calls.
 */

const repos: string[] = [];
afterEach(async () => {
  for (const dir of repos.splice(0)) await removeRepo(dir);
});
beforeAll(requireBuild);

async function repo(tree: Tree): Promise<string> {
  const dir = await makeRepo(tree);
  repos.push(dir);
  return dir;
}

const OLD_DOCKERFILE = '# hand-written\nFROM node:20\nCMD ["node", "server.js"]\n';
const OLD_IGNORE = 'node_modules\n';
/** The only stray names a killed run may leave: `.<file>.<8 hex>.tmp` next to the target. */
const TEMP_NAME = /^\..+\.[0-9a-f]{8}\.tmp$/;

describe('interrupted writes', () => {
  it('never leaves a partial file when the process is SIGKILLed at random moments', async () => {
    const original: Tree = { ...expressApp(), Dockerfile: OLD_DOCKERFILE, '.dockerignore': OLD_IGNORE };
    const dir = await repo(original);
    const fresh = jsonFiles((await runMain([dir, '--yes', '--dry-run', '--json'])).stdout);
    const reset = async (): Promise<void> => {
      for (const name of await readdir(dir)) if (!(name in original)) await rm(path.join(dir, name), { recursive: true, force: true });
      for (const [name, content] of Object.entries(original)) await writeFile(path.join(dir, name), content as string);
    };
    // Calibrate: the kill lands anywhere from start-up to just past a complete run.
    const t0 = performance.now();
    await runBin([dir, '--yes', '--force']);
    const full = performance.now() - t0;
    const outcomes = { killed: 0, finished: 0, filesNew: 0, filesOld: 0, strays: 0 };
    // Kill points spread evenly over the window (one random point in each of KILLS equal slices):
    // every phase of a run is hit with fewer runs than independent random points would need.
    const KILLS = 15;
    for (let i = 0; i < KILLS; i++) {
      await reset();
      const delay = Math.round(full * (0.3 + ((i + Math.random()) / KILLS) * 0.9));
      const r = await runBin([dir, '--yes', '--force'], { timeoutMs: delay });
      if (r.signal === 'SIGKILL') outcomes.killed += 1;
      else outcomes.finished += 1;
      for (const [file, contents] of Object.entries(fresh)) {
        const before = typeof original[file] === 'string' ? original[file] : null;
        const now = await readFile(path.join(dir, file), 'utf8').catch(() => null);
        expect([before, contents], `${file} after a kill at ${delay} ms`).toContain(now);
        if (now === contents && before !== contents) outcomes.filesNew += 1;
        else outcomes.filesOld += 1;
      }
      // Anything else is a folder holding generated files, or a temp file named like one.
      const tree = await snapshotTree(dir);
      for (const entry of Object.keys(tree)) {
        if (entry === '.' || entry in original || entry in fresh) continue;
        if (tree[entry]?.startsWith('dir ')) {
          expect(Object.keys(fresh).some((f) => f.startsWith(`${entry}/`)), entry).toBe(true);
          continue;
        }
        expect(path.basename(entry)).toMatch(TEMP_NAME);
        expect(Object.keys(fresh).some((f) => path.dirname(f) === path.dirname(entry) && path.basename(entry).startsWith(`.${path.basename(f)}.`))).toBe(true);
        outcomes.strays += 1;
      }
    }
    console.log(`SIGKILL loop: ${JSON.stringify(outcomes)} (full run ${full.toFixed(0)} ms)`);
    expect(outcomes.killed).toBeGreaterThan(0);
    // The next complete run removes what killed ones left behind. It must be a new process: a run
    // removes only temp files older than its own process, so it never takes another live run's.
    await writeFile(path.join(dir, '.Dockerfile.0badc0de.tmp'), 'partial');
    await utimes(path.join(dir, '.Dockerfile.0badc0de.tmp'), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    expect((await runBin([dir, '--yes', '--force'])).exit).toBe(0);
    expect(Object.keys(await snapshotTree(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  }, 180_000);

  it('leaves no temp file behind when stopped with SIGTERM or SIGINT', async () => {
    const dir = await repo({ ...expressApp(), Dockerfile: OLD_DOCKERFILE });
    for (let i = 0; i < 8; i++) {
      const { spawn } = await import('node:child_process');
      const child = spawn(process.execPath, [path.join(process.cwd(), 'dist/cli.js'), dir, '--yes', '--force'], { stdio: 'ignore', env: { PATH: process.env.PATH ?? '', CI: 'true' } });
      const signal = i % 2 === 0 ? 'SIGTERM' : 'SIGINT';
      setTimeout(() => child.kill(signal), 150 + i * 40);
      await new Promise((resolve) => child.on('close', resolve));
      const strays = Object.keys(await snapshotTree(dir)).filter((n) => n.endsWith('.tmp'));
      expect(strays, `after ${signal}`).toEqual([]);
    }
  }, 60_000);
});

describe('file modes and links', () => {
  it('keeps the mode of an overwritten file', async () => {
    const dir = await repo({ ...expressApp(), Dockerfile: OLD_DOCKERFILE, '.dockerignore': OLD_IGNORE });
    await chmod(path.join(dir, 'Dockerfile'), 0o755);
    await chmod(path.join(dir, '.dockerignore'), 0o600);
    const r = await runMain([dir, '--yes', '--force']);
    expect(r.exit, r.stderr).toBe(0);
    expect(await readFile(path.join(dir, 'Dockerfile'), 'utf8')).not.toBe(OLD_DOCKERFILE);
    expect((await stat(path.join(dir, 'Dockerfile'))).mode & 0o7777).toBe(0o755);
    expect((await stat(path.join(dir, '.dockerignore'))).mode & 0o7777).toBe(0o600);
  });

  it('creates new files with the usual mode (0644 under umask 022)', async () => {
    const dir = await repo(expressApp());
    const umask = process.umask();
    expect((await runMain([dir, '--yes'])).exit).toBe(0);
    expect((await stat(path.join(dir, 'Dockerfile'))).mode & 0o777).toBe(0o666 & ~umask & 0o644);
  });

  it('never writes through a Dockerfile symlink that points outside the repo', async () => {
    const outside = await repo({ 'target': 'outside content\n' });
    const dir = await repo({ ...expressApp(), Dockerfile: { link: path.join(outside, 'target') } });
    const [before, outsideBefore] = [await snapshotTree(dir), await snapshotTree(outside)];
    const r = await runMain([dir, '--yes', '--force']);
    expectCleanError(r, { exit: 1, file: 'Dockerfile', problem: /symlink that points outside the repo/ });
    expect(await snapshotTree(outside)).toEqual(outsideBefore);
    expect(await snapshotTree(dir)).toEqual(before);
  });

  it('never writes through a folder symlink that points outside the repo', async () => {
    const outside = await repo({});
    const dir = await repo({ ...expressApp(), '.github': { link: outside } });
    const pending = inspect(dir, [{ path: '.github/workflows/docker.yml', kind: 'workflow', contents: 'x: 1\n' }]);
    await expect(pending).rejects.toThrow(/links outside the repo/);
    expect(await readdir(outside)).toEqual([]);
  });

  it('writes a Dockerfile symlink that stays inside the repo through to its target, keeping the link', async () => {
    const dir = await repo({ ...expressApp(), 'docker/Dockerfile': OLD_DOCKERFILE, Dockerfile: { link: 'docker/Dockerfile' } });
    const r = await runMain([dir, '--yes', '--force']);
    expect(r.exit, r.stderr).toBe(0);
    expect((await lstat(path.join(dir, 'Dockerfile'))).isSymbolicLink()).toBe(true);
    expect(await readlink(path.join(dir, 'Dockerfile'))).toBe('docker/Dockerfile');
    expect(await readFile(path.join(dir, 'docker/Dockerfile'), 'utf8')).toMatch(/^# syntax=docker\/dockerfile:1/);
  });
});

describe('consent', () => {
  it('a non-interactive run leaves a differing Dockerfile byte-identical and exits 4', async () => {
    const dir = await repo({ ...expressApp(), Dockerfile: OLD_DOCKERFILE });
    const r = await runMain([dir, '--yes']);
    expect(r.exit, r.stderr).toBe(4);
    expect(r.stderr).toMatch(/--force/);
    expect(await readFile(path.join(dir, 'Dockerfile'), 'utf8')).toBe(OLD_DOCKERFILE);
  });

  it('--skip-existing keeps a differing Dockerfile and exits 0', async () => {
    const dir = await repo({ ...expressApp(), Dockerfile: OLD_DOCKERFILE });
    const r = await runMain([dir, '--yes', '--skip-existing']);
    expect(r.exit, r.stderr).toBe(0);
    expect(await readFile(path.join(dir, 'Dockerfile'), 'utf8')).toBe(OLD_DOCKERFILE);
  });

  it('--dry-run writes nothing even with --force', async () => {
    const dir = await repo({ ...expressApp(), Dockerfile: OLD_DOCKERFILE });
    const before = await snapshotTree(dir);
    expect((await runMain([dir, '--yes', '--force', '--dry-run'])).exit).toBe(0);
    expect(await snapshotTree(dir)).toEqual(before);
  });
});

describe('all or nothing (in-process)', () => {
  it('writes no file when a later one cannot be written, and removes its temp files and new folders', async (ctx) => {
    const dir = await repo({ 'locked/keep': '' });
    if (spawnSync('chattr', ['+i', path.join(dir, 'locked')]).status !== 0) ctx.skip('chattr +i is not supported here');
    const files: RenderedFile[] = [
      { path: 'Dockerfile', kind: 'dockerfile', contents: 'FROM scratch\n' },
      { path: 'new/dir/compose.yaml', kind: 'compose', contents: 'services: {}\n' },
      { path: 'locked/ci.yml', kind: 'workflow', contents: 'on: push\n' },
    ];
    const before = await snapshotTree(dir);
    const pending = await inspect(dir, files);
    const error = await apply(dir, pending, statuses(pending, () => 'overwrite')).catch((e: unknown) => e);
    spawnSync('chattr', ['-i', path.join(dir, 'locked')]);
    expect(error instanceof CliError && error.message).toMatch(/Cannot write locked\/ci\.yml.*Nothing was changed/);
    expect(await snapshotTree(dir)).toEqual(before);
  });

  it('replaces an existing file in one rename: no moment without a complete file', async () => {
    const dir = await repo({ Dockerfile: OLD_DOCKERFILE });
    await mkdir(path.join(dir, 'sub'));
    const pending = await inspect(dir, [{ path: 'Dockerfile', kind: 'dockerfile', contents: 'FROM scratch\n' }]);
    const inode = (await stat(path.join(dir, 'Dockerfile'))).ino;
    await apply(dir, pending, statuses(pending, () => 'overwrite'));
    // A new inode means the content arrived by rename, not by truncating and rewriting in place.
    expect((await stat(path.join(dir, 'Dockerfile'))).ino).not.toBe(inode);
    expect(await readFile(path.join(dir, 'Dockerfile'), 'utf8')).toBe('FROM scratch\n');
    expect((await readdir(dir)).sort()).toEqual(['Dockerfile', 'sub']);
  });
});
