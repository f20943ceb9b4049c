import { existsSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { copyFixture, removeDir, ROOT } from '../helpers.js';
import { put } from './helpers.js';

/** The built CLI (npm test builds first): routing, exit codes, and what start-up loads. */
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

/** The CommonJS modules a run loaded, as paths under node_modules. */
async function loadedPackages(dir: string, args: string[]): Promise<string[]> {
  const script = `
    import { createRequire } from 'node:module';
    import { PassThrough } from 'node:stream';
    const { run } = await import(${JSON.stringify(path.join(ROOT, 'dist/run.js'))});
    const io = { cwd: ${JSON.stringify(dir)}, env: { CI: 'true' }, stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough(), isTTY: false };
    await run(${JSON.stringify(args)}, io);
    const cache = createRequire(import.meta.url).cache;
    console.log(JSON.stringify(Object.keys(cache).filter((k) => k.includes('node_modules')).map((k) => k.split('node_modules/').pop())));`;
  const result = await execa('node', ['--input-type=module', '-e', script], { cwd: dir, reject: false });
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout) as string[];
}

describe('templates from the built CLI', () => {
  it('ships the built-in templates precompiled', () => {
    expect(existsSync(path.join(ROOT, 'dist/render/templates.precompiled.cjs'))).toBe(true);
  });

  it('renders built-ins with the Handlebars runtime only: the compiler loads just for overrides', async () => {
    const dir = await fixture();
    const builtins = await loadedPackages(dir, ['--yes', '--dry-run', '--json']);
    expect(builtins).toContain('handlebars/dist/handlebars.runtime.min.js');
    expect(builtins.filter((m) => m.startsWith('handlebars/lib/') || m.startsWith('source-map/'))).toEqual([]);
    await put(dir, 'tpl/_partials/labels.hbs', '{{#each labels}}\nLABEL {{key}}={{value}}\n{{/each}}\n');
    const overridden = await loadedPackages(dir, ['--yes', '--dry-run', '--json', '--templates', 'tpl']);
    expect(overridden).toContain('handlebars/lib/index.js');
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
