import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, runCli } from '../helpers.js';
import { verify } from '../../src/verify/index.js';
import { captureIo, planFor } from './direct.js';
import { engineSkipReason, expressApp, forceCleanup, leftovers, OFFLINE_ENV, replaceIn } from './setup.js';

/** Real engine: `verify` called the way run.ts calls it, for what the CLI path cannot reach (JSON mode, Ctrl-C). */
const skip = await engineSkipReason();
if (skip !== null) console.warn(`skipping verify option tests: ${skip}`);

describe.skipIf(skip !== null)('verify options', () => {
  const dirs: string[] = [];
  beforeAll(async () => {
    // Warm the build cache once so the cases below measure verify, not npm.
    const dir = await expressApp();
    dirs.push(dir);
    await runCli([dir, '--yes'], dir);
  }, 300_000);
  afterEach(async () => {
    for (const dir of dirs.splice(0)) {
      await forceCleanup(dir);
      await removeDir(dir);
    }
  });

  it('with json: true, stdout gets nothing (it already holds the JSON document)', async () => {
    const dir = await expressApp();
    dirs.push(dir);
    await runCli([dir, '--yes'], dir);
    const captured = captureIo(dir, OFFLINE_ENV);
    const exit = await verify(dir, await planFor(dir), captured.io, { json: true });
    expect(exit, captured.stderr()).toBe(0);
    expect(captured.stdout()).toBe('');
    expect(captured.stderr()).toMatch(/^ {2}build time: {3}\d+\.\d s$/m);
    expect(captured.stderr()).toMatch(/^ {2}runs as uid: {2}\d+ \(USER node\)$/m);
  }, 300_000);

  it('an interrupt while waiting for the app: exit 130, container and image removed', async () => {
    const dir = await expressApp();
    dirs.push(dir);
    await runCli([dir, '--yes'], dir);
    const captured = captureIo(dir, OFFLINE_ENV);
    const controller = new AbortController();
    const running = verify(dir, await planFor(dir), captured.io, { signal: controller.signal });
    await captured.stderrShows('verify: Starting the container');
    controller.abort();
    expect(await running).toBe(130);
    expect(captured.stderr()).toContain('verify: interrupted; removing the test container and image.');
    expect(captured.stdout()).not.toContain('Verified');
    expect(await leftovers(dir)).toEqual([]);
  }, 300_000);

  it('an interrupt during the build: exit 130, nothing left behind', async () => {
    const dir = await expressApp();
    dirs.push(dir);
    await runCli([dir, '--yes'], dir);
    const captured = captureIo(dir, OFFLINE_ENV);
    const controller = new AbortController();
    const running = verify(dir, await planFor(dir), captured.io, { signal: controller.signal });
    await captured.stderrShows('verify: Building Dockerfile');
    controller.abort();
    expect(await running).toBe(130);
    expect(await leftovers(dir)).toEqual([]);
  }, 300_000);

  // Hand edits after generation: verify checks the file on disk, whoever wrote it.
  it('a Dockerfile without USER: exit 1, runs as root', async () => {
    const dir = await expressApp();
    dirs.push(dir);
    await runCli([dir, '--yes'], dir);
    await replaceIn(path.join(dir, 'Dockerfile'), '\nUSER node\n', '\n');
    const captured = captureIo(dir, OFFLINE_ENV);
    expect(await verify(dir, await planFor(dir), captured.io)).toBe(1);
    expect(captured.stderr()).toContain('verify failed: the container runs as root (uid 0, USER not set): the production stage needs a non-root USER');
    expect(await leftovers(dir)).toEqual([]);
  }, 300_000);

  it('a lockfile deleted after generation: exit 1 naming the COPY step', async () => {
    const dir = await expressApp();
    dirs.push(dir);
    await runCli([dir, '--yes'], dir);
    await rm(path.join(dir, 'package-lock.json'));
    const captured = captureIo(dir, OFFLINE_ENV);
    expect(await verify(dir, await planFor(dir), captured.io)).toBe(1);
    expect(captured.stderr()).toMatch(/verify failed: the build failed at step \[installer \d+\/\d+\] COPY package\.json package-lock\.json \.\/ \(Dockerfile line \d+\)/);
    expect(captured.stderr()).toMatch(/"\/package-lock\.json": not found/);
    expect(await leftovers(dir)).toEqual([]);
  }, 300_000);
});
