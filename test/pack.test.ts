import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, removeDir, ROOT } from './helpers.js';

/**
 * The package as a user gets it: `npm pack` (what would be published), installed from the
 * tarball into an empty project, then run through its installed bin and through `npm exec`.
 * dist/ is built by `npm test` first, so packing skips the prepare script.
 */
let work: string;
let project: string;
let tarball: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'cdf-pack-'));
  const packed = await execa('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT });
  tarball = path.join(work, (JSON.parse(packed.stdout) as { filename: string }[])[0]?.filename ?? '');
  project = path.join(work, 'empty');
  await execa('mkdir', [project]);
  await writeFile(path.join(project, 'package.json'), JSON.stringify({ name: 'someones-app', version: '1.0.0', private: true }));
  // The dependencies come from npm's cache when it has them (CI's npm ci filled it).
  await execa('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], { cwd: project });
}, 180_000);

afterAll(async () => {
  await removeDir(work);
});

describe('the packed package', { timeout: 120_000 }, () => {
  it('holds the CLI, the templates and the README, and no sources or tests', async () => {
    const listed = await execa('tar', ['tzf', tarball]);
    const files = listed.stdout.split('\n');
    expect(files).toEqual(expect.arrayContaining(['package/dist/cli.js', 'package/templates/node/Dockerfile.hbs', 'package/README.md', 'package/package.json']));
    expect(files.filter((f) => f.startsWith('package/src/') || f.startsWith('package/test/'))).toEqual([]);
  });

  it('is publish-ready: `npm create dockerfile` resolves to this package and its bin', async () => {
    const pkg = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
    // npm create <x> runs the bin of the package create-<x>: the name and the bin must match.
    expect(pkg.name).toBe('create-dockerfile');
    expect(pkg.bin).toEqual({ 'create-dockerfile': 'dist/cli.js' });
    expect(pkg).toMatchObject({ files: ['dist', 'templates'], engines: { node: expect.stringMatching(/^>=/) } });
    expect((pkg.keywords as string[]).length).toBeGreaterThan(3);
  });

  it('runs as the installed create-dockerfile on an app', async () => {
    const bin = path.join(project, 'node_modules/.bin/create-dockerfile');
    const result = await execa(bin, [path.join(FIXTURES, 'node-npm-express'), '--yes', '--json', '--dry-run'], { cwd: project, env: { CI: 'true' }, reject: false });
    expect(result.exitCode).toBe(0);
    const doc = JSON.parse(result.stdout) as { detection: { stack: string }; files: { path: string }[] };
    expect(doc.detection.stack).toBe('node');
    expect(doc.files.map((f) => f.path)).toContain('Dockerfile');
  });

  it('runs through npm exec, writing into the app', async () => {
    const app = path.join(work, 'app');
    await execa('cp', ['-r', path.join(FIXTURES, 'go-gin'), app]);
    const result = await execa('npm', ['exec', '--offline', '--', 'create-dockerfile', app, '--yes'], { cwd: project, env: { CI: 'true' }, reject: false });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^create {4}Dockerfile$/m);
    expect(await readdir(app)).toContain('Dockerfile');
    expect(await readFile(path.join(app, 'Dockerfile'), 'utf8')).toMatch(/^FROM golang:/m);
  });
});
