import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyFixture, removeDir, runCli } from './helpers.js';

/** What a flag-driven run remembers in .create-dockerfile.json, and what it leaves to the one run. */
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

async function repo(name: string): Promise<string> {
  const dir = await copyFixture(name);
  dirs.push(dir);
  return dir;
}

const options = async (dir: string): Promise<Record<string, unknown>> => (JSON.parse(await readFile(path.join(dir, '.create-dockerfile.json'), 'utf8')) as { options: Record<string, unknown> }).options;

describe('remembered options', () => {
  it('--only is remembered with --remember-only, and a later one-off --only does not replace it', async () => {
    const dir = await repo('node-npm-express');
    const first = await runCli([dir, '--yes', '--only', 'dockerfile,dockerignore', '--remember-only'], dir);
    expect(first.exit, first.stderr).toBe(0);
    expect(await options(dir)).toEqual({ only: 'dockerfile,dockerignore' });
    const plain = await runCli([dir, '--yes'], dir);
    expect(plain.stdout).not.toContain('compose.yaml');
    expect(plain.stdout).toMatch(/^identical Dockerfile$/m);
    const oneOff = await runCli([dir, '--yes', '--only', 'workflow'], dir);
    expect(oneOff.exit, oneOff.stderr).toBe(0);
    expect(oneOff.stdout).toMatch(/^create {4}\.github\/workflows\/docker\.yml$/m);
    expect(await options(dir)).toEqual({ only: 'dockerfile,dockerignore' });
  });

  it('--services keeps some of the services found, is remembered, and names one the app does not use', async () => {
    const dir = await repo('node-services-pg-redis');
    const result = await runCli([dir, '--yes', '--services', 'redis,mongodb'], dir);
    expect(result.exit, result.stderr).toBe(0);
    const compose = await readFile(path.join(dir, 'compose.yaml'), 'utf8');
    expect(compose).toContain('redis:');
    expect(compose).not.toContain('postgres:');
    expect(result.stdout).toContain('note: services: mongodb is not among the services the app uses (postgres, redis), so compose does not run it.');
    expect(await options(dir)).toEqual({ services: 'redis,mongodb' });
    expect((await runCli([dir, '--yes'], dir)).stdout).toMatch(/^identical compose\.yaml$/m);
  });

  it('a flag given now replaces the opposite one remembered', async () => {
    const dir = await repo('node-services-pg-redis');
    expect((await runCli([dir, '--yes', '--no-services'], dir)).exit).toBe(0);
    expect(await options(dir)).toEqual({ 'no-services': true });
    const back = await runCli([dir, '--yes', '--force', '--services', 'postgres'], dir);
    expect(back.exit, back.stderr).toBe(0);
    expect(await options(dir)).toEqual({ services: 'postgres' });
    expect(await readFile(path.join(dir, 'compose.yaml'), 'utf8')).toContain('postgres:');
  });

  it.each([
    [['--services', 'postgres', '--no-services'], '--services and --no-services cannot be used together'],
    [['--remember-only'], '--remember-only remembers the files --only names: pass --only <list> with it.'],
    [['--services', 'sqlite'], '--services must be one of postgres, mysql, mariadb, redis, mongodb (got "sqlite").'],
  ])('%j is a usage error', async (args, message) => {
    const dir = await repo('node-npm-express');
    const result = await runCli([dir, '--yes', ...args], dir);
    expect(result.exit).toBe(2);
    expect(result.stderr).toContain(message);
  });
});
