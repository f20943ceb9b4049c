import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, runCli } from '../helpers.js';
import { engineSkipReason, expressApp, forceCleanup, leftovers, OFFLINE_ENV } from './setup.js';

/** Real engine: `--verify` on the express fixture, end to end through the CLI. */
const skip = await engineSkipReason();
if (skip !== null) console.warn(`skipping --verify engine tests: ${skip}`);

describe.skipIf(skip !== null)('--verify on a working app', () => {
  let dir = '';
  let result: Awaited<ReturnType<typeof runCli>>;
  let seconds = 0;

  beforeAll(async () => {
    dir = await expressApp();
    const started = performance.now();
    result = await runCli([dir, '--yes', '--verify'], dir, OFFLINE_ENV);
    seconds = (performance.now() - started) / 1000;
    console.info(`--verify on node-npm-express took ${seconds.toFixed(1)} s:\n${result.stdout}`);
  }, 300_000);
  afterAll(async () => {
    await forceCleanup(dir);
    await removeDir(dir);
  });

  it('exits 0 and reports build time, size, uid, time to answer and to healthy', () => {
    expect(result.exit, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^ {2}build time: {3}\d+\.\d s$/m);
    expect(result.stdout).toMatch(/^ {2}image size: {3}\d+\.\d MB$/m);
    expect(result.stdout).toMatch(/^ {2}answered in: {2}\d+\.\d s \(HTTP 200 on container port 3000\)$/m);
    expect(result.stdout).toMatch(/^ {2}healthy in: {3}\d+\.\d s$/m);
  });

  it('runs as the non-root node user', () => {
    const uid = /^ {2}runs as uid: {2}(\d+) \(USER node\)$/m.exec(result.stdout)?.[1];
    expect(uid).toBeDefined();
    expect(Number(uid)).not.toBe(0);
  });

  it('shows progress on stderr and writes the files before verifying', async () => {
    expect(result.stderr).toContain('verify: Checking the Docker engine…');
    expect(result.stderr).toMatch(/verify: Built create-dockerfile-verify\/[\w.-]+:[0-9a-f]{8} in \d+\.\d s/);
    expect(await readFile(path.join(dir, 'Dockerfile'), 'utf8')).toMatch(/^# syntax=docker\/dockerfile:1\n/);
  });

  it('says it built without the syntax line, and removed the container and the image', async () => {
    expect(result.stdout).toContain('built without the `# syntax=` line');
    expect(result.stdout).toMatch(/Removed the test container and image create-dockerfile-verify\//);
    expect(await leftovers(dir)).toEqual([]);
  });
});
