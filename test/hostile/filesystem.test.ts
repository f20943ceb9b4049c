import { chmod, mkdir } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  canDropPrivileges, expectCleanError, expectNoStackTrace, expressApp, makeRepo, NOBODY, removeRepo, requireBuild, runBin, runMain, snapshotTree,
  type Tree,
} from './helpers.js';

/**
 * Odd file trees: links, loops, permissions, wrong kinds of path. The repo must come out unchanged.
 * Cases that could hang (a symlink loop, a FIFO) or need another user run the built CLI as a
 * process; the rest run in-process through main(), the entry the bin calls.
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

const ROOT_NOTE = 'running as root without setpriv: file modes are not enforced, so permission errors cannot happen here';

describe('symlinks', () => {
  it('finishes on a tree full of symlink loops', async () => {
    const dir = await repo({ ...expressApp(), 'a': { link: 'b' }, 'b': { link: 'a' }, 'src/self': { link: '.' }, 'src/up': { link: '..' }, '.nvmrc': { link: '.nvmrc' } });
    const before = await snapshotTree(dir);
    const r = await runBin([dir, '--yes', '--dry-run', '--json'], { timeoutMs: 10_000 });
    expect(r.exit, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { detection: { stack: string } }).detection.stack).toBe('node');
    expect(await snapshotTree(dir)).toEqual(before);
  });

  it('treats a package.json that is a symlink loop as absent (exit 3)', async () => {
    const dir = await repo({ 'package.json': { link: 'package.json' }, 'server.js': '' });
    const before = await snapshotTree(dir);
    const r = await runMain([dir, '--yes']);
    expectCleanError(r, { exit: 3, file: dir, problem: /No supported app found/ });
    expect(await snapshotTree(dir)).toEqual(before);
  });

  it('does not follow a package.json that links outside the repo', async () => {
    const outside = await repo(expressApp({ name: 'outside-secret' }));
    const dir = await repo({ 'package.json': { link: path.join(outside, 'package.json') }, 'server.js': '' });
    const [before, outsideBefore] = [await snapshotTree(dir), await snapshotTree(outside)];
    const r = await runMain([dir, '--yes']);
    expectCleanError(r, { exit: 3, file: dir, problem: /No supported app found/ });
    expect(r.stdout + r.stderr).not.toContain('outside-secret');
    expect(await snapshotTree(dir)).toEqual(before);
    expect(await snapshotTree(outside)).toEqual(outsideBefore);
  });

  it('does not read an .nvmrc that links outside the repo', async () => {
    const outside = await repo({ '.nvmrc': '18\n' });
    const dir = await repo({ ...expressApp(), '.nvmrc': { link: path.join(outside, '.nvmrc') } });
    const r = await runMain([dir, '--yes', '--dry-run', '--json']);
    expect(r.exit, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { detection: { languageVersion: string } }).detection.languageVersion).not.toBe('18');
  });

  it('does not read files under a folder that links outside the repo', async () => {
    // prisma/schema.prisma is read for service detection; here prisma/ is a link to another tree.
    const outside = await repo({ 'schema.prisma': 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n' });
    const inside = await repo({ ...expressApp(), prisma: { link: outside } });
    const copy = await repo({ ...expressApp(), 'prisma/schema.prisma': 'datasource db {\n  provider = "postgresql"\n  url = env("DATABASE_URL")\n}\n' });
    const services = async (dir: string): Promise<string[]> => {
      const r = await runMain([dir, '--yes', '--dry-run', '--json']);
      expect(r.exit, r.stderr).toBe(0);
      return (JSON.parse(r.stdout) as { services: { id: string }[] }).services.map((s) => s.id);
    };
    // The same schema inside the repo is found, so the link is what keeps it out.
    expect(await services(copy)).toContain('postgres');
    expect(await services(inside)).not.toContain('postgres');
  });

  it('accepts a repo folder reached through a symlink', async () => {
    const real = await repo(expressApp());
    const holder = await repo({ 'app': { link: real } });
    const r = await runMain([path.join(holder, 'app'), '--yes', '--dry-run', '--json']);
    expect(r.exit, r.stderr).toBe(0);
  });
});

describe('special files', () => {
  it('does not block on a FIFO named like a manifest or an optional signal', async () => {
    const dir = await repo(expressApp());
    for (const name of ['.nvmrc', 'tsconfig.json', '.gitignore', '.yarnrc.yml']) spawnSync('mkfifo', [path.join(dir, name)]);
    const r = await runBin([dir, '--yes', '--dry-run', '--json'], { timeoutMs: 10_000 });
    expect(r.signal, 'the CLI hung reading a FIFO').toBeNull();
    expect(r.exit, r.stderr).toBe(0);
  });

  it('refuses to overwrite a FIFO where the Dockerfile goes, without blocking', async () => {
    const dir = await repo(expressApp());
    spawnSync('mkfifo', [path.join(dir, 'Dockerfile')]);
    const r = await runBin([dir, '--yes', '--force'], { timeoutMs: 10_000 });
    expectCleanError(r, { exit: 1, file: 'Dockerfile', problem: /not a regular file/ });
  });

  it('refuses a Dockerfile path that is a folder', async () => {
    const dir = await repo({ ...expressApp(), 'Dockerfile/keep': 'x' });
    const before = await snapshotTree(dir);
    expectCleanError(await runMain([dir, '--yes', '--force']), { exit: 1, file: 'Dockerfile', problem: /is a folder/ });
    expect(await snapshotTree(dir)).toEqual(before);
  });
});

describe('wrong or empty paths', () => {
  it('exits 2 when the path is a file, not a folder', async () => {
    const dir = await repo(expressApp());
    const file = path.join(dir, 'server.js');
    expectCleanError(await runMain([file, '--yes']), { exit: 2, file, problem: /is a file, not a folder/ });
  });

  it('exits 2 when the folder does not exist', async () => {
    const dir = await repo({});
    const missing = path.join(dir, 'nope');
    expectCleanError(await runMain([missing, '--yes']), { exit: 2, file: missing, problem: /no such folder/ });
  });

  it('exits 3 with guidance on an empty folder', async () => {
    const dir = await repo({});
    const r = await runMain([dir, '--yes']);
    expectCleanError(r, { exit: 3, file: dir, problem: /is empty/ });
    expect(r.stderr).toMatch(/Looked for: package\.json/);
    expect(r.stderr).toMatch(/--stack/);
    expect(await snapshotTree(dir)).toEqual({ '.': 'dir 700' });
  });
});

describe('permissions', () => {
  it('reports an unreadable repo folder', async (ctx) => {
    if (!canDropPrivileges() && process.getuid?.() === 0) ctx.skip(ROOT_NOTE);
    const dir = await repo(expressApp());
    await chmod(dir, 0o000);
    const r = await runBin([dir, '--yes', '--dry-run'], { asUser: NOBODY });
    await chmod(dir, 0o755);
    expectCleanError(r, { exit: 1, file: dir, problem: /permission denied/ });
  });

  it('reports an unreadable package.json by name', async (ctx) => {
    if (!canDropPrivileges()) ctx.skip(ROOT_NOTE);
    const dir = await repo(expressApp());
    await chmod(dir, 0o755);
    await chmod(path.join(dir, 'package.json'), 0o000);
    expectCleanError(await runBin([dir, '--yes', '--dry-run'], { asUser: NOBODY }), { exit: 1, file: 'package.json', problem: /permission denied/ });
  });

  it('detects past an unreadable sub-folder (a database volume, say)', async (ctx) => {
    if (!canDropPrivileges()) ctx.skip(ROOT_NOTE);
    const dir = await repo({ ...expressApp(), 'data/pg/PG_VERSION': '16', 'prisma/schema.prisma': '', '.yarn/releases/x.cjs': '' });
    await chmod(dir, 0o755);
    for (const sub of ['data', 'prisma', '.yarn']) await chmod(path.join(dir, sub), 0o000);
    const r = await runBin([dir, '--yes', '--dry-run', '--json'], { asUser: NOBODY });
    expect(r.exit, r.stderr).toBe(0);
    expectNoStackTrace(r);
  });

  it('exits with a message and writes nothing when the repo root is not writable (chattr +i)', async (ctx) => {
    const dir = await repo(expressApp());
    if (spawnSync('chattr', ['+i', dir]).status !== 0) ctx.skip('chattr +i is not supported on this filesystem');
    const before = await snapshotTree(dir);
    const r = await runMain([dir, '--yes']);
    spawnSync('chattr', ['-i', dir]);
    expectCleanError(r, { exit: 1, file: 'Dockerfile', problem: /permission denied.*Nothing was changed/ });
    expect(await snapshotTree(dir)).toEqual(before);
  });

  it('exits with a message and writes nothing when the repo root is read-only for the user', async (ctx) => {
    if (!canDropPrivileges()) ctx.skip(ROOT_NOTE);
    const dir = await repo(expressApp());
    await mkdir(path.join(dir, 'src'));
    await chmod(dir, 0o555);
    const before = await snapshotTree(dir);
    const r = await runBin([dir, '--yes'], { asUser: NOBODY });
    expectCleanError(r, { exit: 1, file: 'Dockerfile', problem: /permission denied.*Nothing was changed/ });
    expect(await snapshotTree(dir)).toEqual(before);
  });
});
