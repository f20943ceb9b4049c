import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { FIXTURES, listFixtures, removeDir, runCli, type JsonOutput } from '../helpers.js';

/**
 * Docker Compose itself reads every fixture's compose set, with each overlay: what the schema and
 * rules in test/render/compose.test.ts cannot see (merging, interpolation, required variables).
 */

/** Values for every `${VAR:?…}` the files require, as a user's .env would hold them. */
const ENV = { POSTGRES_PASSWORD: 'pw1', MYSQL_PASSWORD: 'pw2', MYSQL_ROOT_PASSWORD: 'pw3', MARIADB_PASSWORD: 'pw4', MARIADB_ROOT_PASSWORD: 'pw5', MONGO_PASSWORD: 'pw6' };

async function composeFiles(dir: string, args: readonly string[] = []): Promise<Record<string, string>> {
  const run = await runCli([dir, '--yes', '--dry-run', '--json', ...args], dir);
  expect(run.stderr).toBe('');
  const json = JSON.parse(run.stdout) as JsonOutput;
  return Object.fromEntries(json.files.filter((f) => f.path.startsWith('compose')).map((f) => [f.path, f.contents]));
}

async function composeConfig(files: Record<string, string>, overlay: 'dev' | 'prod', env: Record<string, string> = ENV) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cdf-compose-'));
  try {
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
    return await execa('docker', ['compose', '-f', 'compose.yaml', '-f', `compose.${overlay}.yaml`, 'config', '-q'], { cwd: dir, reject: false, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, extendEnv: false });
  } finally {
    await removeDir(dir);
  }
}

const fixtures = (await listFixtures()).filter((f) => f.spec.expect?.exit === undefined);

describe('docker compose config accepts every fixture', () => {
  it('has docker compose to ask', async () => {
    expect((await execa('docker', ['compose', 'version'], { reject: false })).exitCode).toBe(0);
  });

  it.for(fixtures)('$name', async (fixture) => {
    const files = await composeFiles(fixture.dir, fixture.spec.args ?? []);
    for (const overlay of ['dev', 'prod'] as const) {
      const r = await composeConfig(files, overlay);
      expect(r.stderr, `docker compose config (${overlay})`).toBe('');
      expect(r.exitCode).toBe(0);
    }
  });

  it('starts in development with no .env and no variables set', async () => {
    const r = await composeConfig(await composeFiles(path.join(FIXTURES, 'node-services-pg-redis')), 'dev', {});
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
  });

  it('refuses to start without the passwords, naming .env', async () => {
    const r = await composeConfig(await composeFiles(path.join(FIXTURES, 'node-services-pg-redis')), 'prod', {});
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/set \w+_PASSWORD in \.env/);
  });
});
