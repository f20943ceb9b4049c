import { appendFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { copyFixture, runCli } from '../helpers.js';
import { baseImages, build, engineSuite, ensureImages, imageSize, oneLineChange, recordRow, stopSeconds, waitForHealth, waitForHttp } from './engine.js';

/** Uids of every process in the container as the host sees them (tini and the app). `ps` needs the PID column. */
async function processUids(container: string): Promise<number[]> {
  const { stdout } = await execa('docker', ['top', container, '-o', 'pid,uid']);
  return stdout.trim().split('\n').slice(1).map((line) => Number(line.trim().split(/\s+/)[1]));
}

/**
 * PyPI is not reachable on these machines, so the app that runs for real uses only the standard
 * library and goes through the pip path (a comments-only requirements.txt). The python:* base
 * is a stand-in (Debian's python3 with python3-venv) tagged with the name the Dockerfile asks for.
 */
const FIXTURE = 'python-stdlib-wsgi';
const PORT = 8080;
const HOST_PORT = 39180;

const suite = engineSuite('python e2e');
const { containers, images, dirs } = suite;

async function generate(): Promise<{ dir: string; dockerfile: string; missing: string | null }> {
  const dir = await copyFixture(FIXTURE);
  dirs.push(dir);
  const generated = await runCli([dir, '--yes', '--only', 'dockerfile,dockerignore'], dir);
  expect(generated.exit, generated.stderr).toBe(0);
  const dockerfile = await readFile(path.join(dir, 'Dockerfile'), 'utf8');
  return { dir, dockerfile, missing: await ensureImages(baseImages(dockerfile)) };
}

describe(`${FIXTURE} on a real engine`, () => {
  it('builds, answers HTTP 200 as uid 10001 from the venv, turns healthy and stops in under 3 s', async (ctx) => {
    if (suite.unavailable !== null) return ctx.skip(suite.unavailable);
    const { dir, dockerfile, missing } = await generate();
    if (missing !== null) return ctx.skip(`${FIXTURE}: ${missing}`);
    expect(dockerfile).toContain('HEALTHCHECK --interval');

    const tag = `cdf-e2e/${FIXTURE}:test`;
    images.push(tag);
    const coldSeconds = await build(dir, tag, { noCache: true });
    const name = `cdf-e2e-${FIXTURE}`;
    containers.push(name);
    await execa('docker', ['run', '-d', '--name', name, '-p', `127.0.0.1:${HOST_PORT}:${PORT}`, tag]);
    const answer = await waitForHttp(`http://127.0.0.1:${HOST_PORT}/`);
    expect(answer.status).toBe(200);
    expect(await waitForHealth(name)).toBe('healthy');
    const uids = await processUids(name);
    expect(uids.length).toBeGreaterThan(0);
    expect(uids.every((uid) => uid === 10001), `uids ${uids.join(',')}`).toBe(true);
    const prefix = await execa('docker', ['exec', name, 'python', '-c', 'import sys; print(sys.prefix)']);
    expect(prefix.stdout.trim()).toBe('/app/.venv');
    // The app runs under tini, so SIGTERM reaches `python app.py` (which would ignore it as PID 1).
    const stopped = await stopSeconds(name);
    expect(stopped).toBeLessThan(3);

    await oneLineChange(path.join(dir, 'app.py'), '#');
    const rebuildSeconds = await build(dir, tag);
    const imageBytes = await imageSize(tag);
    const baseBytes = await imageSize(baseImages(dockerfile).at(-1) as string).catch(() => null);
    const venvLayer = await execa('docker', ['history', '--format', '{{.Size}}\t{{.CreatedBy}}', tag]);
    const row = { fixture: FIXTURE, coldSeconds, rebuildSeconds, imageBytes, addedBytes: baseBytes === null ? null : imageBytes - baseBytes };
    console.log(`python e2e: ${JSON.stringify({ ...row, stopSeconds: stopped })}\n${venvLayer.stdout.split('\n').filter((l) => /COPY|RUN/.test(l)).join('\n')}`);
    await recordRow({ ...row, note: 'python:* is a Debian python3 stand-in, not the real slim image' });
  });

  it('builds the development target and runs the unittest suite in the test target', async (ctx) => {
    if (suite.unavailable !== null) return ctx.skip(suite.unavailable);
    const { dir, dockerfile, missing } = await generate();
    if (missing !== null) return ctx.skip(`${FIXTURE}: ${missing}`);
    expect(dockerfile).toContain('RUN python -m unittest discover');
    for (const target of ['development', 'test']) {
      const tag = `cdf-e2e/${FIXTURE}:${target}`;
      images.push(tag);
      expect(await build(dir, tag, { target })).toBeGreaterThan(0);
    }
    // A failing test must fail the test target: the stage is a real gate, not decoration.
    await appendFile(path.join(dir, 'test_app.py'), '\n\nclass Broken(unittest.TestCase):\n    def test_fails(self) -> None:\n        self.fail("on purpose")\n');
    await expect(build(dir, `cdf-e2e/${FIXTURE}:broken`, { target: 'test' })).rejects.toThrow(/docker build test failed/);
  });
});

describe('Python variants with no stand-in here', () => {
  it('skips the uv image with the reason (ghcr.io/astral-sh/uv cannot be pulled or stood in)', async (ctx) => {
    if (suite.unavailable !== null) return ctx.skip(suite.unavailable);
    const reason = await ensureImages(['ghcr.io/astral-sh/uv:0.13.0']);
    if (reason !== null) {
      console.log(`python uv e2e skipped: ${reason}`);
      return ctx.skip(`python-uv-fastapi: ${reason}`);
    }
    expect(reason).toBeNull();
  });
});
