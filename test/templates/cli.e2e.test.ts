import { cp, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { copyFixture, removeDir, ROOT } from '../helpers.js';
import { put } from './helpers.js';

/** The built CLI (npm test builds first): routing, exit codes, and stale precompiled templates. */
const CLI = path.join(ROOT, 'dist/cli.js');
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map(removeDir));
});

async function fixture(): Promise<string> {
  const dir = await copyFixture('node-npm-express');
  dirs.push(dir);
  return dir;
}

const cli = (args: string[], cwd: string) => execa('node', [CLI, ...args], { cwd, reject: false, env: { CI: 'true' }, stdin: 'ignore' });

describe('templates from the built CLI', () => {
  it('compiles instead of serving a precompiled template that no longer matches templates/', async () => {
    // A copy of the package, so the edit cannot reach tests reading templates/ at the same time.
    const pkg = await mkdtemp(path.join(os.tmpdir(), 'cdf-package-'));
    dirs.push(pkg);
    for (const part of ['package.json', 'dist', 'templates']) await cp(path.join(ROOT, part), path.join(pkg, part), { recursive: true });
    await symlink(path.join(ROOT, 'node_modules'), path.join(pkg, 'node_modules'));
    const template = path.join(pkg, 'templates/node/Dockerfile.hbs');
    await writeFile(template, `# edited without a rebuild\n${await readFile(template, 'utf8')}`);
    const dir = await fixture();
    const result = await execa('node', [path.join(pkg, 'dist/cli.js'), '--yes', '--dry-run', '--json'], { cwd: dir, reject: false, env: { CI: 'true' }, stdin: 'ignore' });
    expect(result.exitCode, result.stderr).toBe(0);
    const dockerfile = (JSON.parse(result.stdout) as { files: { path: string; contents: string }[] }).files.find((f) => f.path === 'Dockerfile');
    expect(dockerfile?.contents).toContain('# edited without a rebuild');
  });

  it('routes `templates eject`, then --check passes, then fails after an edit', async () => {
    const dir = await fixture();
    expect((await cli(['templates', 'eject', 'healthcheck'], dir)).exitCode).toBe(0);
    expect((await cli(['--yes'], dir)).exitCode).toBe(0);
    expect((await cli(['--check'], dir)).exitCode).toBe(0);
    await put(dir, 'docker/templates/_partials/healthcheck.hbs', 'HEALTHCHECK NONE\n');
    const drift = await cli(['--check'], dir);
    expect(drift.exitCode).toBe(1);
    expect(drift.stdout).toContain('+HEALTHCHECK NONE');
  });

  it('names the broken template and line on stderr, with no stack trace', async () => {
    const dir = await fixture();
    await put(dir, 'tpl/node/Dockerfile.hbs', '{{> header}}\nFROM {{image}}\n');
    const result = await cli(['--yes', '--dry-run', '--templates', 'tpl'], dir);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^create-dockerfile: tpl\/node\/Dockerfile\.hbs:2:8: "image" is not a field/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
