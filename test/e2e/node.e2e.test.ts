import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { copyFixture, runCli } from '../helpers.js';
import { baseImages, build, engineSuite, ensureImages, imageSize, oneLineChange, processUid, recordRow, stopSeconds, waitForHealth, waitForHttp } from './engine.js';

interface Case {
  readonly fixture: string;
  /** Extra flags, and the name the case is reported under when it has some. */
  readonly args?: readonly string[];
  readonly name?: string;
  readonly port: number;
  /** A source file to touch for the rebuild measurement. */
  readonly source: string;
  /** A devDependency that must not be in the production image. */
  readonly devDependency?: string;
}

const CASES: readonly Case[] = [
  { fixture: 'node-npm-express', port: 3000, source: 'server.js' },
  { fixture: 'node-npm-express', name: 'node-npm-express-distroless', args: ['--base', 'distroless'], port: 3000, source: 'server.js' },
  { fixture: 'node-pnpm-typescript', port: 8080, source: 'src/server.ts', devDependency: 'typescript' },
  { fixture: 'nextjs-standalone', port: 3000, source: 'app/page.js' },
  { fixture: 'node-yarn-berry', port: 4000, source: 'src/index.js' },
  { fixture: 'node-yarn-classic', port: 3000, source: 'app.js' },
  { fixture: 'node-bun-hono', port: 3000, source: 'src/index.ts' },
  // The install model's classes: no production install at all, a workspace at the app root,
  // Yarn 4 Plug'n'Play (node-modules linker), a committed Yarn 3 cache, and a folder the app writes (SQLite).
  { fixture: 'node-zero-deps', port: 3000, source: 'server.js' },
  { fixture: 'node-npm-workspace-root', port: 3000, source: 'server.js' },
  { fixture: 'node-yarn4-pnp', port: 3000, source: 'server.js', devDependency: 'is-number' },
  { fixture: 'node-yarn3-zero-install', port: 3000, source: 'server.js' },
  { fixture: 'node-sqlite-writable', port: 3000, source: 'server.js' },
];

const suite = engineSuite('node e2e');
const { containers, images, dirs } = suite;

describe.each(CASES.map((c) => ({ ...c, name: c.name ?? c.fixture })))('$name on a real engine', (c) => {
  it('builds, answers HTTP 200 as a non-root user, turns healthy and stops quickly', async (ctx) => {
    if (suite.unavailable !== null) return ctx.skip(suite.unavailable);
    const dir = await copyFixture(c.fixture);
    dirs.push(dir);
    const generated = await runCli([dir, '--yes', ...(c.args ?? [])], dir);
    expect(generated.exit, generated.stderr).toBe(0);
    const dockerfile = await readFile(path.join(dir, 'Dockerfile'), 'utf8');
    const refs = baseImages(dockerfile);
    const missing = await ensureImages(refs);
    if (missing !== null) return ctx.skip(`${c.name}: ${missing}`);

    const tag = `cdf-e2e/${c.name}:test`;
    images.push(tag);
    const coldSeconds = await build(dir, tag, { noCache: true });
    const name = `cdf-e2e-${c.name}`;
    containers.push(name);
    const hostPort = 39000 + CASES.findIndex((x) => (x.name ?? x.fixture) === c.name);
    await execa('docker', ['run', '-d', '--name', name, '-p', `127.0.0.1:${hostPort}:${c.port}`, tag]);
    const answer = await waitForHttp(`http://127.0.0.1:${hostPort}/`);
    expect(answer.status).toBe(200);
    expect(await waitForHealth(name)).toBe('healthy');
    expect(await processUid(name)).not.toBe(0);
    if (c.devDependency !== undefined) {
      const probe = await execa('docker', ['run', '--rm', '--entrypoint', 'node', tag, '-e', `require.resolve('${c.devDependency}')`], { reject: false });
      expect(probe.exitCode, `${c.devDependency} must not be in the production image`).not.toBe(0);
    }
    expect(await stopSeconds(name)).toBeLessThan(3);

    await oneLineChange(path.join(dir, c.source), '//');
    const rebuildSeconds = await build(dir, tag);
    const runtimeBase = refs.at(-1) as string;
    const imageBytes = await imageSize(tag);
    const baseBytes = await imageSize(runtimeBase).catch(() => null);
    await recordRow({ fixture: c.name, coldSeconds, rebuildSeconds, imageBytes, addedBytes: baseBytes === null ? null : imageBytes - baseBytes });
  });

  it('builds the development and test targets', async (ctx) => {
    if (suite.unavailable !== null) return ctx.skip(suite.unavailable);
    const dir = await copyFixture(c.fixture);
    dirs.push(dir);
    expect((await runCli([dir, '--yes', '--only', 'dockerfile,dockerignore', ...(c.args ?? [])], dir)).exit).toBe(0);
    const missing = await ensureImages(baseImages(await readFile(path.join(dir, 'Dockerfile'), 'utf8')));
    if (missing !== null) return ctx.skip(`${c.name}: ${missing}`);
    for (const target of ['development', 'test']) {
      const tag = `cdf-e2e/${c.name}:${target}`;
      images.push(tag);
      expect(await build(dir, tag, { target })).toBeGreaterThan(0);
    }
  });
});
