import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { copyFixture, runCli } from '../helpers.js';
import { baseImages, build, engineSuite, ensureImages, imageSize, oneLineChange, processUid, recordRow, stopSeconds, waitForHealth, waitForHttp } from './engine.js';
import { buildTarget, configuredUser, imageFiles, megabytes } from './go-helpers.js';

/**
 * Go on a real engine: only the standard library is reachable here (no module proxy), so the
 * apps are stdlib servers. Sizes on the stand-in bases differ from the real images; the bytes a
 * Dockerfile adds on top of its runtime base are comparable.
 */
interface Case {
  readonly name: string;
  readonly fixture: string;
  readonly args: readonly string[];
  /** Runtime base whose size is subtracted (null for scratch: the whole image is ours). */
  readonly runtimeBase: string | null;
}

const CASES: readonly Case[] = [
  { name: 'go-distroless', fixture: 'go-stdlib', args: [], runtimeBase: 'gcr.io/distroless/static-debian13:nonroot' },
  { name: 'go-scratch', fixture: 'go-stdlib', args: ['--base', 'scratch'], runtimeBase: null },
  { name: 'go-cgo-distroless-base', fixture: 'go-cgo-import-c', args: [], runtimeBase: 'gcr.io/distroless/base-debian13:nonroot' },
];

const RUN_ID = `${process.pid}`;
const NONROOT_UID = 65532;
const suite = engineSuite('Go e2e');
const { containers, images, dirs } = suite;

/** Copies the fixture, runs the CLI, and makes its base images available (or returns why not). */
async function generate(fixture: string, args: readonly string[]): Promise<{ dir: string; dockerfile: string; skip: string | null }> {
  const dir = await copyFixture(fixture);
  dirs.push(dir);
  const generated = await runCli([dir, '--yes', ...args], dir);
  expect(generated.exit, generated.stderr).toBe(0);
  const dockerfile = await readFile(path.join(dir, 'Dockerfile'), 'utf8');
  return { dir, dockerfile, skip: await ensureImages(baseImages(dockerfile)) };
}

describe.each(CASES)('$name on a real engine', (c) => {
  it('builds a small image that answers HTTP 200 as nonroot, turns healthy and stops quickly', async (ctx) => {
    if (suite.unavailable !== null) return ctx.skip(suite.unavailable);
    const { dir, skip } = await generate(c.fixture, c.args);
    if (skip !== null) return ctx.skip(`${c.name}: ${skip}`);
    const tag = `cdf-e2e/${c.name}:${RUN_ID}`;
    images.push(tag);
    const coldSeconds = await build(dir, tag, { noCache: true });

    const container = `cdf-e2e-${c.name}-${RUN_ID}`;
    containers.push(container);
    const hostPort = 39150 + CASES.indexOf(c);
    await execa('docker', ['run', '-d', '--name', container, '-p', `127.0.0.1:${hostPort}:8080`, tag]);
    const answer = await waitForHttp(`http://127.0.0.1:${hostPort}/`);
    expect(answer.status).toBe(200);
    expect(await waitForHealth(container)).toBe('healthy');
    expect(await configuredUser(tag)).toBe('nonroot:nonroot');
    expect(await processUid(container)).toBe(NONROOT_UID);
    const stopped = await stopSeconds(container);
    expect(stopped).toBeLessThan(3);

    await oneLineChange(path.join(dir, 'main.go'), '//');
    const rebuildSeconds = await build(dir, tag);
    const imageBytes = await imageSize(tag);
    const baseBytes = c.runtimeBase === null ? 0 : await imageSize(c.runtimeBase);
    console.log(`${c.name}: image ${megabytes(imageBytes)} (${megabytes(imageBytes - baseBytes)} over the runtime base), cold build ${coldSeconds.toFixed(1)} s, rebuild after a source change ${rebuildSeconds.toFixed(1)} s, HTTP 200 after ${answer.ms} ms, docker stop ${stopped.toFixed(2)} s`);
    // The reference article reaches 8 MB on scratch and 12 MB on distroless.
    expect(imageBytes - baseBytes).toBeLessThan(8_000_000);
    await recordRow({ fixture: c.name, coldSeconds, rebuildSeconds, imageBytes, addedBytes: imageBytes - baseBytes, note: c.args.join(' ') || 'default' });
  });
}, 600_000);

describe('go-scratch contents', () => {
  it('holds only the binary, the probe, CA certificates, time zones and the passwd entry', async (ctx) => {
    if (suite.unavailable !== null) return ctx.skip(suite.unavailable);
    const { dir, skip } = await generate('go-stdlib', ['--base', 'scratch']);
    if (skip !== null) return ctx.skip(skip);
    const tag = `cdf-e2e/go-scratch-files:${RUN_ID}`;
    images.push(tag);
    await build(dir, tag);
    const files = (await imageFiles(tag)).filter((f) => !f.endsWith('/') && !['.dockerenv', 'etc/hostname', 'etc/hosts', 'etc/resolv.conf', 'etc/mtab', 'dev/console', 'dev/pts', 'dev/shm'].includes(f));
    expect(files.sort()).toEqual(['app/server', 'etc/group', 'etc/passwd', 'etc/ssl/certs/ca-certificates.crt', 'usr/local/bin/healthcheck', 'usr/local/share/zoneinfo.zip']);
    // Time zones load from the copied zip: the app image has no /usr/share/zoneinfo.
    const { stdout: env } = await execa('docker', ['image', 'inspect', '-f', '{{json .Config.Env}}', tag]);
    expect(env).toContain('ZONEINFO=/usr/local/share/zoneinfo.zip');
  });
});

describe('go-stdlib development and test targets', () => {
  it('builds the development target and `go run` serves the app', async (ctx) => {
    if (suite.unavailable !== null) return ctx.skip(suite.unavailable);
    const { dir, skip } = await generate('go-stdlib', []);
    if (skip !== null) return ctx.skip(skip);
    const tag = `cdf-e2e/go-dev:${RUN_ID}`;
    images.push(tag);
    const seconds = await build(dir, tag, { target: 'development' });
    const container = `cdf-e2e-go-dev-${RUN_ID}`;
    containers.push(container);
    await execa('docker', ['run', '-d', '--name', container, '-p', '127.0.0.1:39160:8080', tag]);
    expect((await waitForHttp('http://127.0.0.1:39160/', 120_000)).status).toBe(200);
    const { stdout } = await execa('docker', ['exec', container, 'go', 'version']);
    expect(stdout).toMatch(/^go version go1\.\d+/);
    console.log(`go-stdlib development target: built in ${seconds.toFixed(1)} s`);
  });

  it('builds the test target, and fails it when a test fails', async (ctx) => {
    if (suite.unavailable !== null) return ctx.skip(suite.unavailable);
    const { dir, skip } = await generate('go-stdlib', []);
    if (skip !== null) return ctx.skip(skip);
    const tag = `cdf-e2e/go-test:${RUN_ID}`;
    images.push(tag);
    const passing = await buildTarget(dir, tag, 'test');
    expect(passing.ok, passing.output).toBe(true);
    const test = path.join(dir, 'main_test.go');
    await writeFile(test, (await readFile(test, 'utf8')).replace('"hello"', '"goodbye"'));
    const failing = await buildTarget(dir, `${tag}-failing`, 'test');
    images.push(`${tag}-failing`);
    expect(failing.ok).toBe(false);
    expect(failing.output).toMatch(/FAIL/);
  });
});
