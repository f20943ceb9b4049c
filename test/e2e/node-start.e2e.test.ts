import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers.js';
import { baseImages, build, engineSuite, ensureImages, processUid, stopSeconds, waitForHealth, waitForHttp } from './engine.js';

/**
 * What a Node.js app runs, on a real engine: small apps written in each framework's documented
 * layout (the frameworks themselves come from npm inside the build), generated with --yes, built,
 * run and probed; `docker stop` must return in under 3 s whatever the image runs.
 */
interface Case {
  readonly name: string;
  readonly files: Readonly<Record<string, string>>;
  readonly port: number;
  /** Paths that must answer 200, each with a text the body contains. */
  readonly probes: readonly (readonly [string, string])[];
  /** What the Dockerfile must say about how the app starts. */
  readonly dockerfile: RegExp;
}

const json = (value: object): string => `${JSON.stringify(value, null, 2)}\n`;

const HELLO_SERVER = "require('node:http').createServer((req, res) => res.end('hello ' + (process.env.GREETING ?? 'nobody'))).listen(process.env.PORT ?? 3000);\n";

const CASES: readonly Case[] = [
  {
    name: 'vite-spa',
    files: {
      'package.json': json({ name: 'vite-spa', private: true, type: 'module', scripts: { dev: 'vite', build: 'vite build' }, devDependencies: { vite: '7.1.12' } }),
      'vite.config.js': "export default { build: { outDir: 'site' } };\n",
      'index.html': '<!doctype html>\n<title>spa</title>\n<div id="app">spa shell</div>\n<script type="module" src="/main.js"></script>\n',
      'main.js': "document.querySelector('#app').textContent = location.pathname;\n",
    },
    port: 8080,
    probes: [['/', 'spa shell'], ['/deep/client/route', 'spa shell']],
    dockerfile: /FROM nginxinc\/nginx-unprivileged:[\d.]+ AS production[\s\S]*COPY --from=build \/app\/site \/usr\/share\/nginx\/html/,
  },
  {
    name: 'compound-start',
    files: {
      'package.json': json({ name: 'compound-start', version: '1.0.0', scripts: { start: "node -e \"console.log('migrated')\" && GREETING=compound node server.js" }, dependencies: { ms: '2.1.3' } }),
      'server.js': HELLO_SERVER,
    },
    port: 3000,
    probes: [['/', 'hello compound']],
    dockerfile: /ENTRYPOINT \["\/usr\/bin\/tini", "-g", "--"\]\nCMD \["npm", "run", "start"\]/,
  },
  {
    name: 'bin-start',
    files: {
      'package.json': json({ name: 'bin-start', version: '1.0.0', scripts: { start: 'GREETING=tsx tsx server.ts' }, dependencies: { tsx: '4.20.6' } }),
      'server.ts': "import { createServer } from 'node:http';\nconst port: number = Number(process.env.PORT ?? 3000);\ncreateServer((_req, res) => res.end(`hello ${process.env.GREETING ?? 'nobody'}`)).listen(port);\n",
    },
    port: 3000,
    probes: [['/', 'hello tsx']],
    dockerfile: /ENV NODE_ENV=production PORT=3000 GREETING=tsx[\s\S]*CMD \["node_modules\/.bin\/tsx", "server.ts"\]/,
  },
  {
    name: 'fastify-cli',
    files: {
      'package.json': json({ name: 'fastify-cli-app', version: '1.0.0', type: 'module', scripts: { start: 'fastify start -l info app.js' }, dependencies: { fastify: '5.6.1', 'fastify-cli': '7.4.0' } }),
      'app.js': "export default async function app(fastify, _options) {\n  fastify.get('/', async () => ({ hello: 'fastify' }));\n}\n",
    },
    port: 3000,
    probes: [['/', 'fastify']],
    dockerfile: /CMD \["node_modules\/.bin\/fastify", "start", "-l", "info", "app.js", "--address", "0.0.0.0"\]/,
  },
];

const suite = engineSuite('node-start e2e');
const { containers, images, dirs } = suite;

async function writeApp(files: Readonly<Record<string, string>>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cdf-start-e2e-'));
  dirs.push(dir);
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
  return dir;
}

describe.each(CASES)('$name on a real engine', (c) => {
  it('runs what the app runs: answers, non-root, healthy, stops in under 3 s', async (ctx) => {
    if (suite.unavailable !== null) return ctx.skip(suite.unavailable);
    const dir = await writeApp(c.files);
    const generated = await runCli([dir, '--yes', '--only', 'dockerfile,dockerignore'], dir);
    expect(generated.exit, generated.stderr).toBe(0);
    const dockerfile = await readFile(path.join(dir, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(c.dockerfile);
    const missing = await ensureImages(baseImages(dockerfile));
    if (missing !== null) return ctx.skip(`${c.name}: ${missing}`);

    const tag = `node-start-e2e/${c.name}:test`;
    images.push(tag);
    await build(dir, tag);
    const name = `node-start-e2e-${c.name}`;
    containers.push(name);
    const hostPort = 39500 + CASES.indexOf(c);
    await execa('docker', ['run', '-d', '--name', name, '-p', `127.0.0.1:${hostPort}:${c.port}`, tag]);
    await waitForHttp(`http://127.0.0.1:${hostPort}/`);
    for (const [probe, text] of c.probes) {
      const response = await fetch(`http://127.0.0.1:${hostPort}${probe}`);
      expect(response.status, probe).toBe(200);
      expect(await response.text(), probe).toContain(text);
    }
    expect(await waitForHealth(name)).toBe('healthy');
    expect(await processUid(name)).not.toBe(0);
    expect(await stopSeconds(name)).toBeLessThan(3);
  });
});
