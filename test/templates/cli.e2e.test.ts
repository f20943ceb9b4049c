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

/**
 * The packages a run of the built CLI loaded from node_modules, as paths under node_modules. The
 * bundle loads packages only through require() (see scripts/build.mjs), so the require cache,
 * read when the process exits, lists them all.
 */
async function loadedPackages(dir: string, args: string[]): Promise<string[]> {
  const probe = path.join(ROOT, 'test/probes/print-require-cache.cjs');
  const result = await execa('node', ['--require', probe, CLI, ...args], { cwd: dir, reject: false, env: { CI: 'true' }, stdin: 'ignore' });
  expect(result.exitCode).toBe(0);
  const line = result.stderr.split('\n').find((l) => l.startsWith('LOADED '));
  expect(line).toBeDefined();
  const loaded = JSON.parse(line?.slice('LOADED '.length) ?? '[]') as string[];
  return loaded.filter((k) => k.includes('node_modules')).map((k) => k.split('node_modules/').pop() ?? k);
}

describe('templates from the built CLI', () => {
  it('ships the built-in templates precompiled', () => {
    expect(existsSync(path.join(ROOT, 'dist/templates.precompiled.cjs'))).toBe(true);
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
