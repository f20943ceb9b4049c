import { cp, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, listFixtures, removeDir, ROOT } from './helpers.js';

/**
 * dist/ is one esbuild bundle with its chunks (scripts/build.mjs), and the package ships it with
 * templates/ only: `npx create-dockerfile` must run without our node_modules. Here the package is
 * copied where no node_modules folder is reachable, and each kind of run works from the copy.
 */
let pkg = '';
beforeAll(async () => {
  pkg = await mkdtemp(path.join(os.tmpdir(), 'cdf-package-'));
  for (const part of ['package.json', 'dist', 'templates']) await cp(path.join(ROOT, part), path.join(pkg, part), { recursive: true });
});
afterAll(async () => {
  await removeDir(pkg);
});

const cli = (args: string[], cwd: string = os.tmpdir()) => execa('node', [path.join(pkg, 'dist/cli.js'), ...args], { cwd, reject: false, env: { CI: 'true' }, stdin: 'ignore' });

describe('the bundled CLI, installed without node_modules', () => {
  it.each(['node-npm-express', 'nextjs-standalone', 'mono-pnpm-next', 'go-gin', 'python-poetry-flask', 'java-spring-maven-wrapper', 'java-spring-gradle-kts'])('generates for %s', async (name) => {
    const spec = (await listFixtures()).find((f) => f.name === name)?.spec;
    const result = await cli([path.join(FIXTURES, name), '--yes', '--dry-run', '--json', ...(spec?.args ?? [])]);
    expect(result.exitCode, result.stderr).toBe(0);
  });

  it('compiles a team template, lints, and lists templates', async () => {
    const app = await mkdtemp(path.join(os.tmpdir(), 'cdf-app-'));
    try {
      await cp(path.join(FIXTURES, 'node-npm-express'), app, { recursive: true });
      await mkdir(path.join(app, 'tpl/_partials'), { recursive: true });
      await writeFile(path.join(app, 'tpl/_partials/labels.hbs'), '{{#each labels}}\nLABEL {{key}}={{value}}\n{{/each}}\n');
      const templated = await cli(['--yes', '--templates', 'tpl'], app);
      expect(templated.exitCode, templated.stderr).toBe(0);
      const lint = await cli(['lint', 'Dockerfile'], app);
      expect(lint.exitCode, lint.stdout + lint.stderr).toBe(0);
      const list = await cli(['templates', 'list'], app);
      expect(list.exitCode, list.stderr).toBe(0);
      expect(list.stdout).toContain('node/Dockerfile.hbs');
    } finally {
      await removeDir(app);
    }
  });
});
