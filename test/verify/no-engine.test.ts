import { existsSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { removeDir, runCli } from '../helpers.js';
import { expressApp } from './setup.js';

/** No engine needed: docker is pointed at a socket that does not exist. */
const hasCli = (await execa('docker', ['--version'], { reject: false })).exitCode === 0;
if (!hasCli) console.warn('skipping the no-engine test: the docker CLI is not installed');

describe('--verify without an engine', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await removeDir(dir);
  });

  it.skipIf(!hasCli)('exits 1 with a clear message and no stack trace, after writing the files', async () => {
    const dir = await expressApp();
    dirs.push(dir);
    const result = await runCli([dir, '--yes', '--verify'], dir, { CI: 'true', DOCKER_HOST: 'unix:///nonexistent.sock' });
    expect(result.exit).toBe(1);
    expect(result.stderr).toContain('verify failed: no Docker engine reachable: start Docker Desktop / dockerd, or run without --verify');
    expect(result.stderr).toMatch(/\(docker info: .*nonexistent\.sock/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stderr).not.toContain('Building');
    expect(existsSync(path.join(dir, 'Dockerfile'))).toBe(true);
  }, 60_000);

  it('exits 1 naming the missing CLI when docker is not on PATH', async () => {
    const dir = await expressApp();
    dirs.push(dir);
    const result = await runCli([dir, '--yes', '--verify'], dir, { CI: 'true', PATH: path.join(dir, 'no-such-bin') });
    expect(result.exit).toBe(1);
    expect(result.stderr).toContain('verify failed: the docker CLI was not found on PATH: install Docker, or run without --verify.');
  }, 60_000);
});
