import { mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, removeDir, ROOT } from './helpers.js';

/**
 * The package as a user gets it: `npm pack` (what would be published), installed from the
 * tarball into an empty project, then run through its installed bin and `npm exec`. npm runs
 * with an empty cache of its own and --offline: the package has no runtime dependencies, so a
 * fresh machine needs nothing but the tarball. `npm create dockerfile` is run as the README
 * writes it, from a registry serving this tarball, by test/readme-commands.test.ts.
 * dist/ is built by `npm test` first, so packing skips the prepack script that builds it.
 */
let work: string;
let project: string;
let tarball: string;
let npmEnv: Record<string, string>;

async function copyApp(fixture: string, name: string): Promise<string> {
  const app = path.join(work, name);
  await execa('cp', ['-r', path.join(FIXTURES, fixture), app]);
  return app;
}

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'cdf-pack-'));
  npmEnv = { CI: 'true', npm_config_cache: path.join(work, 'npm-cache'), npm_config_update_notifier: 'false' };
  const packed = await execa('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT });
  tarball = path.join(work, (JSON.parse(packed.stdout) as { filename: string }[])[0]?.filename ?? '');
  project = path.join(work, 'empty');
  await mkdir(project);
  await writeFile(path.join(project, 'package.json'), JSON.stringify({ name: 'someones-app', version: '1.0.0', private: true }));
  await execa('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], { cwd: project, env: npmEnv });
}, 180_000);

afterAll(async () => {
  await removeDir(work);
});

describe('the packed package', { timeout: 120_000 }, () => {
  it('holds the CLI, the templates, the README and the licence, and no sources or tests', async () => {
    const listed = await execa('tar', ['tzf', tarball]);
    const files = listed.stdout.split('\n');
    expect(files).toEqual(expect.arrayContaining(['package/dist/cli.js', 'package/templates/node/Dockerfile.hbs', 'package/README.md', 'package/LICENSE', 'package/package.json']));
    expect(files.filter((f) => f.startsWith('package/src/') || f.startsWith('package/test/'))).toEqual([]);
  });

  it('is publish-ready: a create- name with a matching bin, engines, keywords, and the licence it names', async () => {
    const pkg = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
    // npm create <x> runs the bin of the package create-<x>: the name and the bin must match.
    expect(pkg.name).toBe('create-dockerfile');
    expect(pkg.bin).toEqual({ 'create-dockerfile': 'dist/cli.js' });
    expect(pkg).toMatchObject({ files: ['dist', 'templates'], engines: { node: expect.stringMatching(/^>=/) } });
    expect((pkg.keywords as string[]).length).toBeGreaterThan(3);
    // The package has no runtime dependencies (everything is bundled into dist/): nothing to fetch.
    expect(pkg.dependencies).toBeUndefined();
    expect(pkg.license).toBe('MIT');
    const licence = await readFile(path.join(ROOT, 'LICENSE'), 'utf8');
    expect(licence).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} create-dockerfile contributors\n/);
  });

  it('has no script that npm runs on install, so installing it asks nobody to approve one', async () => {
    // npm ≥ 11.16 lists every installed package with a preinstall/install/postinstall/prepare
    // script for review (allowScripts), even one such as prepare that it never runs for a registry package.
    const installed = JSON.parse(await readFile(path.join(project, 'node_modules/create-dockerfile/package.json'), 'utf8')) as { scripts?: Record<string, string> };
    const lifecycle = ['preinstall', 'install', 'postinstall', 'preprepare', 'prepare', 'postprepare'];
    expect(Object.keys(installed.scripts ?? {}).filter((name) => lifecycle.includes(name))).toEqual([]);
    expect(installed.scripts?.build).toBeDefined();
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
    const app = await copyApp('go-gin', 'exec-app');
    const result = await execa('npm', ['exec', '--offline', '--', 'create-dockerfile', app, '--yes'], { cwd: project, env: npmEnv, reject: false });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^create {4}Dockerfile$/m);
    expect(await readdir(app)).toContain('Dockerfile');
    expect(await readFile(path.join(app, 'Dockerfile'), 'utf8')).toMatch(/^FROM golang:/m);
  });

  it('runs from the tarball alone, in an empty folder with an empty npm cache (npm exec --package)', async () => {
    const empty = path.join(work, 'nothing-here');
    await mkdir(empty);
    const app = await copyApp('node-npm-express', 'tarball-app');
    const env = { ...npmEnv, npm_config_cache: path.join(work, 'fresh-cache') };
    const result = await execa('npm', ['exec', '--yes', '--offline', `--package=${tarball}`, '--', 'create-dockerfile', app, '--yes', '--only', 'dockerfile'], { cwd: empty, env, reject: false });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^create {4}Dockerfile$/m);
    expect(await readdir(empty)).toEqual([]);
    expect(await readFile(path.join(app, 'Dockerfile'), 'utf8')).toMatch(/^FROM node:/m);
  });
});
