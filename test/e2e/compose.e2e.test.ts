import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { copyFixture, removeDir, ROOT, runCli } from '../helpers.js';
import { waitForHttp } from './engine.js';

/**
 * The generated compose files on a real engine: `up -d --wait` with the production overlay must
 * bring the app to healthy. See ../shared/docs/real-engine.md: no registry here, so base images
 * are stand-ins and the `# syntax=` line (a frontend pull) is dropped from the test copy only.
 */

const ENGINE_SCRIPT = path.resolve(ROOT, '../shared/tools/docker-engine.sh');

async function engineUnavailable(): Promise<string | null> {
  if ((await execa('docker', ['info'], { reject: false })).exitCode === 0) {
    const compose = await execa('docker', ['compose', 'version'], { reject: false });
    return compose.exitCode === 0 ? null : `docker compose is missing: ${compose.stderr.trim()}`;
  }
  const up = await execa('bash', [ENGINE_SCRIPT, 'up'], { reject: false });
  return up.exitCode === 0 ? null : `no Docker engine: ${up.stderr.trim().split('\n').pop() ?? 'docker-engine.sh up failed'}`;
}

/** null when the images exist (stand-ins made), else why not (exit 3 = impossible on this machine). */
async function standIns(refs: readonly string[]): Promise<string | null> {
  const r = await execa('bash', [ENGINE_SCRIPT, 'images', ...refs], { reject: false });
  if (r.exitCode === 0) return null;
  if (r.exitCode === 3) return r.stderr.trim().split('\n').pop() ?? 'no stand-in image';
  throw new Error(`docker-engine.sh images failed: ${r.stderr}`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const skip = await engineUnavailable();
if (skip !== null) console.warn(`compose e2e skipped: ${skip}`);

interface Up {
  readonly seconds: number;
  readonly container: string;
  readonly url: string;
}

/** Generates the files for a fixture copy, then `up -d --wait` with the production overlay. */
async function composeUp(dir: string, project: string, env: Record<string, string>, services: readonly string[]): Promise<Up> {
  const run = await runCli([dir, '--yes'], dir);
  expect(run.exit, run.stderr).toBe(0);
  const dockerfile = path.join(dir, 'Dockerfile');
  await writeFile(dockerfile, (await readFile(dockerfile, 'utf8')).replace(/^# syntax=.*\n/, ''));
  const port = await freePort();
  const started = performance.now();
  const up = await execa('docker', ['compose', '-p', project, '-f', 'compose.yaml', '-f', 'compose.prod.yaml', 'up', '-d', '--build', '--wait', '--wait-timeout', '300', ...services], {
    cwd: dir, reject: false, all: true, env: { ...env, APP_PORT: String(port) },
  });
  const seconds = (performance.now() - started) / 1000;
  if (up.exitCode !== 0) {
    const logs = await execa('docker', ['compose', '-p', project, 'logs', '--no-color'], { cwd: dir, reject: false, all: true, env });
    throw new Error(`compose up failed:\n${up.all}\n${logs.all}`);
  }
  const { stdout } = await execa('docker', ['compose', '-p', project, '-f', 'compose.yaml', '-f', 'compose.prod.yaml', 'ps', '-q', 'app'], { cwd: dir, env });
  return { seconds, container: stdout.trim(), url: `http://127.0.0.1:${port}` };
}

async function composeDown(dir: string, project: string, env: Record<string, string>): Promise<void> {
  await execa('docker', ['compose', '-p', project, '-f', 'compose.yaml', '-f', 'compose.prod.yaml', 'down', '-v', '--rmi', 'local', '--remove-orphans'], { cwd: dir, reject: false, env });
}

async function inspect(container: string, format: string): Promise<string> {
  return (await execa('docker', ['inspect', '-f', format, container])).stdout.trim();
}

async function assertProductionContainer(container: string): Promise<void> {
  expect(await inspect(container, '{{.State.Health.Status}}')).toBe('healthy');
  expect(await inspect(container, '{{.HostConfig.ReadonlyRootfs}}')).toBe('true');
  expect(await inspect(container, '{{.HostConfig.RestartPolicy.Name}}')).toBe('unless-stopped');
  expect(Number(await inspect(container, '{{.HostConfig.Memory}}'))).toBe(512 * 1024 * 1024);
  expect(await inspect(container, '{{.Config.User}}')).toBe('node');
  expect(await inspect(container, '{{json .HostConfig.LogConfig}}')).toContain('"max-size":"10m"');
}

describe.skipIf(skip !== null)('compose.yaml + compose.prod.yaml on a real engine', () => {
  it('brings the express app up healthy and answering, then tears it down', async () => {
    const missing = await standIns(['node:26-trixie-slim']);
    if (missing !== null) return void expect.soft(missing, `skipped: ${missing}`).toBeTypeOf('string');
    const dir = await copyFixture('node-npm-express');
    const project = `cdf-compose-e2e-${process.pid}`;
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
    try {
      const up = await composeUp(dir, project, env, []);
      await assertProductionContainer(up.container);
      const response = await fetch(`${up.url}/`);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('hello from express');
      const size = async (ref: string): Promise<number> => Number((await execa('docker', ['image', 'inspect', '-f', '{{.Size}}', ref])).stdout) / 1e6;
      const [image, base] = [await size(`${project}-app`), await size('node:26-trixie-slim')];
      console.log(`compose e2e node-npm-express: build + up --wait ${up.seconds.toFixed(1)} s, image ${image.toFixed(1)} MB = stand-in base ${base.toFixed(1)} MB + ${(image - base).toFixed(1)} MB`);
    } finally {
      await composeDown(dir, project, env);
      await removeDir(dir);
    }
    const left = await execa('docker', ['ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`]);
    expect(left.stdout.trim()).toBe('');
  });

  it('keeps what the SQLite app writes in a named volume under the read-only root, across a new container', async () => {
    const missing = await standIns(['node:26-trixie-slim']);
    if (missing !== null) return void expect.soft(missing, `skipped: ${missing}`).toBeTypeOf('string');
    const dir = await copyFixture('node-sqlite-writable');
    const project = `cdf-compose-e2e-sqlite-${process.pid}`;
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
    const hits = async (url: string): Promise<number> => {
      const response = await fetch(`${url}/`);
      expect(response.status).toBe(200);
      return Number(/^ok (\d+)/.exec(await response.text())?.[1]);
    };
    try {
      const up = await composeUp(dir, project, env, []);
      await assertProductionContainer(up.container);
      expect(await inspect(up.container, '{{range .Mounts}}{{.Type}}:{{.Destination}} {{end}}')).toContain('volume:/app/data');
      const before = await hits(up.url);
      expect(before).toBeGreaterThan(0);
      // A new container on the same volume: the database (and its rows) outlive the container.
      const recreated = await execa('docker', ['compose', '-p', project, '-f', 'compose.yaml', '-f', 'compose.prod.yaml', 'up', '-d', '--force-recreate', '--wait', '--wait-timeout', '120', 'app'], {
        cwd: dir, reject: false, all: true, env: { ...env, APP_PORT: new URL(up.url).port },
      });
      expect(recreated.exitCode, recreated.all).toBe(0);
      expect(await hits(up.url)).toBeGreaterThan(before);
    } finally {
      await composeDown(dir, project, env);
      await removeDir(dir);
    }
  });

  it('runs the Postgres + Redis app alone when the service images have no stand-in', async () => {
    const serviceImages = ['postgres:18-alpine', 'redis:8-alpine'];
    const missing = await standIns(['node:26-trixie-slim']);
    if (missing !== null) return void expect.soft(missing, `skipped: ${missing}`).toBeTypeOf('string');
    const present = await execa('docker', ['image', 'inspect', ...serviceImages], { reject: false });
    // Alpine images have no stand-in on these machines: the app runs without its services (--no-deps), and says so.
    const services = present.exitCode === 0 ? [] : ['--no-deps', 'app'];
    if (services.length > 0) console.warn(`compose e2e node-services-pg-redis: ${serviceImages.join(', ')} have no stand-in here, so the run leaves them out (up --no-deps app)`);
    const dir = await copyFixture('node-services-pg-redis');
    const project = `cdf-compose-e2e-svc-${process.pid}`;
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', POSTGRES_PASSWORD: 'e2e0only0password' };
    try {
      const up = await composeUp(dir, project, env, services);
      await assertProductionContainer(up.container);
      expect(await inspect(up.container, '{{json .Config.Env}}')).toContain('DATABASE_URL=postgresql://app:e2e0only0password@postgres:5432/app');
      expect((await fetch(`${up.url}/health`)).status).toBe(200);
    } finally {
      await composeDown(dir, project, env);
      await removeDir(dir);
    }
  });
});

describe.skipIf(skip !== null)('compose.yaml + compose.dev.yaml on a real engine', () => {
  it('the printed development command starts from a fresh copy with no .env and no variables set', async () => {
    const missing = await standIns(['node:26-bookworm-slim']);
    if (missing !== null) return void expect.soft(missing, `skipped: ${missing}`).toBeTypeOf('string');
    const dir = await copyFixture('node-npm-express');
    const project = `cdf-compose-e2e-dev-${process.pid}`;
    // Only what any shell has: no .env, no APP_PORT, no passwords.
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
    const files = ['-f', 'compose.yaml', '-f', 'compose.dev.yaml'];
    try {
      const run = await runCli([dir, '--yes'], dir);
      expect(run.exit, run.stderr).toBe(0);
      // The command the closing message prints, run detached so the test can wait for it.
      expect(run.stdout).toContain('docker compose -f compose.yaml -f compose.dev.yaml up --watch');
      const dockerfile = path.join(dir, 'Dockerfile');
      await writeFile(dockerfile, (await readFile(dockerfile, 'utf8')).replace(/^# syntax=.*\n/, ''));
      const port = await freePort();
      // The published host port comes from APP_PORT's default in the file; a free one avoids clashes on a shared engine.
      await writeFile(path.join(dir, 'compose.yaml'), (await readFile(path.join(dir, 'compose.yaml'), 'utf8')).replace('${APP_PORT:-3000}', String(port)));
      const up = await execa('docker', ['compose', '-p', project, ...files, 'up', '-d', '--build', '--wait', '--wait-timeout', '300'], { cwd: dir, reject: false, all: true, env });
      expect(up.exitCode, up.all).toBe(0);
      // The dev overlay has no healthcheck, so --wait returns once the container runs, before the dev server listens.
      expect((await waitForHttp(`http://127.0.0.1:${port}/`)).status).toBe(200);
    } finally {
      await execa('docker', ['compose', '-p', project, ...files, 'down', '-v', '--rmi', 'local', '--remove-orphans'], { cwd: dir, reject: false, env });
      await removeDir(dir);
    }
  });
});

it.skipIf(skip === null)('says why the compose e2e tests were skipped', () => {
  expect(skip).toMatch(/engine|compose/);
});
