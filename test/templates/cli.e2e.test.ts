import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { copyFixture, removeDir, ROOT } from '../helpers.js';
import { put } from './helpers.js';

/** The built CLI (npm test builds first): routing, exit codes, and what start-up loads. */
const CLI = path.join(ROOT, 'dist/cli.cjs');
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

/**
 * The CommonJS files a run of the built CLI loaded: packages from node_modules (through require())
 * and the precompiled templates (through vm.Script, src/code-cache.ts), as the probe lists them.
 */
async function loadedFiles(dir: string, args: string[]): Promise<string[]> {
  const probe = path.join(ROOT, 'test/probes/print-require-cache.cjs');
  const result = await execa('node', ['--require', probe, CLI, ...args], { cwd: dir, reject: false, env: { CI: 'true' }, stdin: 'ignore' });
  expect(result.exitCode).toBe(0);
  const line = result.stderr.split('\n').find((l) => l.startsWith('LOADED '));
  expect(line).toBeDefined();
  return JSON.parse(line?.slice('LOADED '.length) ?? '[]') as string[];
}

describe('templates from the built CLI', () => {
  it('ships the built-in templates precompiled, one module per folder', () => {
    for (const folder of ['_partials', 'node', 'go', 'python', 'java']) expect(existsSync(path.join(ROOT, `dist/precompiled/${folder}.cjs`)), folder).toBe(true);
  });

  it('renders built-ins with the bundled runtime, loading only the folders used: the compiler loads just for overrides', async () => {
    const dir = await fixture();
    const builtins = await loadedFiles(dir, ['--yes', '--dry-run', '--json']);
    expect(builtins.filter((f) => f.includes('/dist/precompiled/')).map((f) => path.basename(f)).sort()).toEqual(['_partials.cjs', 'node.cjs']);
    // Nor the code of other stacks (src/stacks/index.ts).
    expect(builtins.filter((f) => path.basename(f).startsWith('stack-'))).toEqual([]);
    expect(builtins.filter((f) => f.includes('node_modules/handlebars/'))).toEqual([]);
    await put(dir, 'tpl/_partials/labels.hbs', '{{#each labels}}\nLABEL {{key}}={{value}}\n{{/each}}\n');
    const overridden = await loadedFiles(dir, ['--yes', '--dry-run', '--json', '--templates', 'tpl']);
    expect(overridden).toContain(path.join(ROOT, 'node_modules/handlebars/lib/index.js'));
  });

  it('compiles instead of serving a precompiled template that no longer matches templates/', async () => {
    // A copy of the package, so the edit cannot reach tests reading templates/ at the same time.
    const pkg = await mkdtemp(path.join(os.tmpdir(), 'cdf-package-'));
    dirs.push(pkg);
    for (const part of ['package.json', 'dist', 'templates']) await cp(path.join(ROOT, part), path.join(pkg, part), { recursive: true });
    await symlink(path.join(ROOT, 'node_modules'), path.join(pkg, 'node_modules'));
    const template = path.join(pkg, 'templates/node/Dockerfile.hbs');
    await writeFile(template, `# edited without a rebuild\n${await readFile(template, 'utf8')}`);
    const dir = await fixture();
    const result = await execa('node', [path.join(pkg, 'dist/cli.cjs'), '--yes', '--dry-run', '--json'], { cwd: dir, reject: false, env: { CI: 'true' }, stdin: 'ignore' });
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
