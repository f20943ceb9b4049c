import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { copyFixture, runCli } from '../helpers.js';
import { baseImages, build, engineSuite, ensureImages, imageSize, recordRow, waitForHttp } from './engine.js';

/**
 * Apps whose image must carry more than the program: a Go server that reads templates, static
 * files and a config file from disk and exits without PORT, and a Python app started through its
 * [project.scripts] console script. Both use only their standard library (no module proxy or
 * package index is reachable here); the Python one builds itself with an in-tree PEP 517 backend.
 */
interface Case {
  readonly fixture: string;
  readonly port: number;
  /** Text the app's answer must contain: proof it read what it needed. */
  readonly body: RegExp;
  readonly extraPath: string | null;
}

const CASES: readonly Case[] = [
  { fixture: 'go-runtime-files', port: 8080, body: /Hello from a file read at run time/, extraPath: '/static/site.css' },
  { fixture: 'python-console-script', port: 8000, body: /hello from a console script/, extraPath: null },
];

const RUN_ID = `${process.pid}`;
const suite = engineSuite('runtime-apps e2e');
const { containers, images, dirs } = suite;

describe.each(CASES)('$fixture on a real engine', (c) => {
  it('builds, starts with the files and settings it needs, and answers', async (ctx) => {
    if (suite.unavailable !== null) return ctx.skip(suite.unavailable);
    const dir = await copyFixture(c.fixture);
    dirs.push(dir);
    const generated = await runCli([dir, '--yes'], dir);
    expect(generated.exit, generated.stderr).toBe(0);
    const dockerfile = await readFile(path.join(dir, 'Dockerfile'), 'utf8');
    const missing = await ensureImages(baseImages(dockerfile));
    if (missing !== null) return ctx.skip(`${c.fixture}: ${missing}`);

    const tag = `polyglot-e2e/${c.fixture}:${RUN_ID}`;
    images.push(tag);
    const coldSeconds = await build(dir, tag, { noCache: true });
    const container = `polyglot-e2e-${c.fixture}-${RUN_ID}`;
    containers.push(container);
    const hostPort = 39260 + CASES.indexOf(c);
    // No -e PORT: the image itself must set what the app requires.
    await execa('docker', ['run', '-d', '--name', container, '-p', `127.0.0.1:${hostPort}:${c.port}`, tag]);
    const answer = await waitForHttp(`http://127.0.0.1:${hostPort}/`);
    expect(answer.status).toBe(200);
    expect(await (await fetch(`http://127.0.0.1:${hostPort}/`)).text()).toMatch(c.body);
    if (c.extraPath !== null) expect((await fetch(`http://127.0.0.1:${hostPort}${c.extraPath}`)).status).toBe(200);
    const imageBytes = await imageSize(tag);
    console.log(`runtime-apps e2e: ${JSON.stringify({ fixture: c.fixture, coldSeconds: Math.round(coldSeconds * 10) / 10, imageMB: Math.round(imageBytes / 1e5) / 10 })}`);
    await recordRow({ fixture: c.fixture, coldSeconds, rebuildSeconds: null, imageBytes, addedBytes: null, note: 'stand-in base images' });
    // A cold Go build of the standard library takes over ten minutes on a busy two-core machine.
  }, 1_800_000);
});
