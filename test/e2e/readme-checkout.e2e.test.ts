import { mkdir, mkdtemp, readFile, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, removeDir, ROOT } from '../helpers.js';

/**
 * The README's "from a checkout" commands (test/readme-commands.test.ts lists them as
 * `checkout` proofs), run as written. A clone, `npm ci`, the build, `npm link` and the tarball
 * through npx take minutes under load and need no Docker engine, but they are a fresh-machine
 * check like the engine suites, so they run with those (npm run test:e2e, which CI runs).
 */

let work: string;
let env: Record<string, string>;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'cdf-checkout-'));
  await mkdir(path.join(work, 'home'));
  // A fresh machine: Node.js and the system's tools, an empty home and npm cache, no CI variable.
  env = {
    HOME: path.join(work, 'home'),
    PATH: `${path.dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`,
    npm_config_cache: path.join(work, 'npm-cache'),
    npm_config_update_notifier: 'false',
  };
});

afterAll(async () => {
  await removeDir(work);
});

describe('the README commands from a checkout', () => {
  it('clone, npm ci, build, run, npm start, npm link, npm pack and the tarball through npx', async () => {
    const app = await copyFixture('go-gin');
    const sh = (command: string, cwd: string, extra: Record<string, string> = {}) => execa('bash', ['-c', command.replaceAll('/path/to/your/app', app)], { cwd, env: { ...env, ...extra }, extendEnv: false, reject: false, stdin: 'ignore' });
    try {
      expect((await sh(`git clone --quiet ${ROOT} create-dockerfile`, work)).exitCode).toBe(0);
      const checkout = path.join(work, 'create-dockerfile');
      // The dependencies come from the machine's npm cache when it has them (CI's npm ci filled it).
      const install = await sh('npm ci --prefer-offline --no-audit --no-fund', checkout, { npm_config_cache: path.join(os.homedir(), '.npm'), npm_config_registry: 'https://registry.npmjs.org/' });
      expect(install.exitCode, install.stderr.slice(-2000)).toBe(0);
      const build = await sh('npm run build', checkout);
      expect(build.exitCode, build.stderr.slice(-2000)).toBe(0);
      expect((await sh('node dist/cli.js /path/to/your/app', checkout)).exitCode).toBe(0);
      expect((await sh('npm start -- test/fixtures/node-npm-express --dry-run --yes', checkout)).stdout).toContain('Dry run: nothing was written.');
      expect((await sh('git diff snapshots/', checkout)).exitCode).toBe(0);
      const linked = await sh('npm link && create-dockerfile /path/to/your/app --dry-run', checkout, { npm_config_prefix: path.join(work, 'prefix'), PATH: `${path.join(work, 'prefix/bin')}:${env.PATH}` });
      expect(linked.exitCode, linked.stderr.slice(-2000)).toBe(0);
      expect(linked.stdout).toMatch(/^identical Dockerfile/m);
      expect((await sh('npm pack', checkout)).exitCode).toBe(0);
      const { version } = JSON.parse(await readFile(path.join(checkout, 'package.json'), 'utf8')) as { version: string };
      expect(await readdir(checkout)).toContain(`create-dockerfile-${version}.tgz`);
      const npx = await sh('npx --yes --package ./create-dockerfile-0.1.0.tgz -- create-dockerfile /path/to/your/app --dry-run', checkout, { npm_config_cache: path.join(work, 'npx-cache') });
      expect(npx.exitCode, npx.stderr.slice(-2000)).toBe(0);
      expect(npx.stdout).toMatch(/^identical Dockerfile/m);
    } finally {
      await removeDir(app);
    }
  });
});
