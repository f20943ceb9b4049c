import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { copyFixture, runCli } from '../helpers.js';
import { baseImages, engineSuite, ensureImages, imageSize, oneLineChange, processUid, recordRow, waitForHttp } from './engine.js';

/**
 * Issue 9 on a real engine: one app out of a workspace, built from the workspace root with the
 * Dockerfile in the app's folder. The image must answer, and hold none of the other member's files.
 */
interface Case {
  readonly fixture: string;
  readonly member: string;
  readonly port: number;
  /** What the app answers with (proves the right member, and its workspace library, are in). */
  readonly body: string;
  /** Paths that belong to the other member: none may appear in the image's file list. */
  readonly forbidden: RegExp;
  /** A source file of the member, touched for the rebuild measurement. */
  readonly source: string;
}

const CASES: readonly Case[] = [
  { fixture: 'mono-npm', member: 'apps/api', port: 4000, body: 'hello from @mono/api', forbidden: /(^|\/)apps\/admin(\/|$)|node_modules\/@mono\/admin/, source: 'apps/api/src/server.js' },
  { fixture: 'mono-pnpm-next', member: 'apps/web', port: 3000, body: 'hello from web', forbidden: /(^|\/)apps\/docs(\/|$)|@mono\/docs|@mono\+docs/, source: 'apps/web/app/page.js' },
  { fixture: 'mono-go-work', member: 'services/api', port: 8081, body: 'hello from the api', forbidden: /worker/, source: 'services/api/main.go' },
  // next start with next.config.ts: typescript and the config's import from outside the member (config/site.ts) must be in the image.
  { fixture: 'mono-npm-next-ts', member: 'apps/web', port: 3000, body: 'hello from web', forbidden: /(^|\/)apps\/docs(\/|$)|@nt\/docs/, source: 'apps/web/app/page.js' },
  // Answers only when the app user can write its SQLite folder (apps/api/data) in the image.
  { fixture: 'mono-npm-sqlite', member: 'apps/api', port: 3000, body: 'hello from api: ', forbidden: /(^|\/)apps\/other(\/|$)|node_modules\/@sq\/other/, source: 'apps/api/server.js' },
];

const suite = engineSuite('monorepo e2e');
const { containers, images, dirs } = suite;

/**
 * The golang stand-in (docker-engine.sh) sets GOFLAGS=-mod=mod, which the real golang image does
 * not and which Go refuses in workspace mode; the offline copy builds on a child of the stand-in
 * that clears it, so the build sees what users' real images give it.
 */
const GO_STANDIN_FIX = 'cdf-e2e/golang-no-goflags:1.24';

async function withoutStandinGoflags(text: string): Promise<string> {
  if (!/FROM (--platform=\S+ )?golang:/.test(text)) return text;
  const image = text.match(/^ARG GO_VERSION=(\S+)$/m)?.[1] ?? '1.24';
  images.push(GO_STANDIN_FIX);
  await execa('docker', ['build', '-q', '-t', GO_STANDIN_FIX, '-'], { input: `FROM golang:${image}-trixie\nENV GOFLAGS=\n` });
  return text.replace(/golang:\$\{GO_VERSION\}-trixie/g, GO_STANDIN_FIX);
}

/** Like engine.build, for a Dockerfile outside the context root (the member's folder). */
async function buildMember(dir: string, dockerfile: string, tag: string, noCache: boolean): Promise<number> {
  const offline = path.join(dir, `${dockerfile}.offline`);
  await writeFile(offline, await withoutStandinGoflags((await readFile(path.join(dir, dockerfile), 'utf8')).replace(/^# syntax=.*\n/, '')));
  const started = performance.now();
  const result = await execa('docker', ['build', '-q', '-f', offline, '-t', tag, ...(noCache ? ['--no-cache'] : []), '.'], { cwd: dir, reject: false, all: true });
  if (result.exitCode !== 0) throw new Error(`docker build failed:\n${result.all}`);
  return (performance.now() - started) / 1000;
}

/** Every path in the image's filesystem, via an export of a created (never started) container. */
async function imageFiles(tag: string): Promise<string[]> {
  const { stdout: id } = await execa('docker', ['create', tag]);
  try {
    const { stdout } = await execa('bash', ['-c', `docker export ${id.trim()} | tar -t`], { maxBuffer: 256 * 1024 * 1024 });
    return stdout.split('\n');
  } finally {
    await execa('docker', ['rm', id.trim()], { reject: false });
  }
}

describe.each(CASES)('$fixture ($member) on a real engine', (c) => {
  it('builds from the workspace root, answers HTTP 200 and holds no other member', async (ctx) => {
    if (suite.unavailable !== null) return ctx.skip(suite.unavailable);
    const dir = await copyFixture(c.fixture);
    dirs.push(dir);
    const generated = await runCli([dir, '--yes', '--workspace', c.member], dir);
    expect(generated.exit, generated.stderr).toBe(0);
    const dockerfile = `${c.member}/Dockerfile`;
    const text = await readFile(path.join(dir, dockerfile), 'utf8');
    const refs = baseImages(text);
    const missing = await ensureImages(refs);
    if (missing !== null) return ctx.skip(`${c.fixture}: ${missing}`);

    const tag = `cdf-e2e/${c.fixture}:test`;
    images.push(tag);
    const coldSeconds = await buildMember(dir, dockerfile, tag, true);
    const name = `cdf-e2e-${c.fixture}`;
    containers.push(name);
    const hostPort = 39300 + CASES.indexOf(c);
    await execa('docker', ['run', '-d', '--name', name, '-p', `127.0.0.1:${hostPort}:${c.port}`, tag]);
    const answer = await waitForHttp(`http://127.0.0.1:${hostPort}/`);
    expect(answer.status).toBe(200);
    expect(await (await fetch(`http://127.0.0.1:${hostPort}/`)).text()).toContain(c.body);
    expect(await processUid(name)).not.toBe(0);

    const files = await imageFiles(tag);
    expect(files.length).toBeGreaterThan(10);
    expect(files.filter((f) => c.forbidden.test(f))).toEqual([]);

    await oneLineChange(path.join(dir, c.source), '//');
    const rebuildSeconds = await buildMember(dir, dockerfile, tag, false);
    const imageBytes = await imageSize(tag);
    const baseBytes = await imageSize(refs.at(-1) as string).catch(() => null);
    await recordRow({ fixture: c.fixture, coldSeconds, rebuildSeconds, imageBytes, addedBytes: baseBytes === null ? null : imageBytes - baseBytes, note: `workspace member ${c.member}` });
  });
});
