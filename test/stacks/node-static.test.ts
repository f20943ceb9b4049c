import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { createProject } from '../../src/project.js';
import { node as nodeStack } from '../../src/stacks/node/index.js';
import { runCli, type JsonOutput } from '../helpers.js';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function repo(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cdf-static-'));
  dirs.push(dir);
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
  return dir;
}

const json = (value: object): string => `${JSON.stringify(value, null, 2)}\n`;
const LOCK = json({ lockfileVersion: 3, packages: {} });
const viteApp = { name: 'web', version: '1.0.0', scripts: { dev: 'vite', build: 'vite build' }, devDependencies: { vite: '^7.0.0' } };

async function generate(dir: string, args: string[] = []) {
  const result = await runCli([dir, '--yes', '--dry-run', '--json', ...args], dir);
  const out = result.exit === 0 ? (JSON.parse(result.stdout) as JsonOutput) : null;
  const file = (name: string): string => out?.files.find((f) => f.path === name)?.contents ?? '';
  return { result, out, file };
}

describe('a static-site member of a workspace gets the static runtime like a standalone one', () => {
  it.each([
    ['npm', { 'package.json': json({ name: 'mono', private: true, workspaces: ['apps/*'] }), 'package-lock.json': LOCK }],
    ['pnpm', { 'package.json': json({ name: 'mono', private: true, packageManager: 'pnpm@10.0.0' }), 'pnpm-workspace.yaml': 'packages:\n  - apps/*\n', 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" }],
  ])('%s workspace', async (_pm, root) => {
    const dir = await repo({ ...root, 'apps/web/package.json': json(viteApp), 'apps/web/index.html': '<!doctype html>\n' });
    const { result, file } = await generate(dir, ['--workspace', 'web']);
    expect(result.exit, result.stderr).toBe(0);
    const dockerfile = file('apps/web/Dockerfile');
    expect(dockerfile).toContain('ARG NGINX_VERSION=1.28');
    expect(dockerfile).toContain('FROM nginxinc/nginx-unprivileged:${NGINX_VERSION} AS production');
    expect(dockerfile).toContain('COPY --from=build /app/apps/web/dist /usr/share/nginx/html');
    expect(dockerfile).toContain('try_files $uri $uri/ /index.html;');
    expect(dockerfile).toMatch(/USER 101\nEXPOSE 8080\nHEALTHCHECK/);
    expect(dockerfile).not.toContain('tini');
    const base = parse(file('compose.yaml'));
    expect(base.services.app.ports).toEqual(['${APP_PORT:-8080}:8080']);
    expect(base.services.app.environment ?? {}).not.toHaveProperty('PORT');
    expect(parse(file('compose.prod.yaml')).services.app.user).toBe('101');
    expect(file('compose.dev.yaml')).toContain('"${APP_PORT:-5173}:5173"');
  });
});

describe('a workspace member built with the root\'s tools', () => {
  it('is a Vite site when vite is only in the root\'s devDependencies (the install hoists it for the member)', async () => {
    const root = { name: 'mono', private: true, workspaces: ['apps/*'], devDependencies: { vite: '^7.0.0', typescript: '^5.7.2' } };
    const member = { name: 'web', version: '1.0.0', scripts: { dev: 'vite', build: 'vite build' }, dependencies: { react: '^19.0.0' } };
    const dir = await repo({ 'package.json': json(root), 'package-lock.json': LOCK, 'apps/web/package.json': json(member), 'apps/web/index.html': '<!doctype html>\n' });
    const { result, out } = await generate(dir, ['--workspace', 'web']);
    expect(result.exit, result.stderr).toBe(0);
    expect(out?.detection?.startCommand).toEqual(['nginx', '-g', 'daemon off;']);
  });
});

describe('bases for a static site', () => {
  it('the nginx tag is an ARG, Debian and Alpine are offered, distroless is refused with what to use', async () => {
    const dir = await repo({ 'package.json': json(viteApp), 'package-lock.json': LOCK, 'index.html': '<!doctype html>\n' });
    const detection = await nodeStack.detect(await createProject(dir));
    expect(detection?.bases).toEqual(['slim', 'alpine']);
    const alpine = await generate(dir, ['--base', 'alpine']);
    expect(alpine.file('Dockerfile')).toContain('FROM nginxinc/nginx-unprivileged:${NGINX_VERSION}-alpine AS production');
    const distroless = await generate(dir, ['--base', 'distroless']);
    expect(distroless.result.exit).toBe(2);
    expect(distroless.result.stderr).toMatch(/nginx.*--base slim or --base alpine/);
  });

  it('a server app keeps every base of the stack', async () => {
    const dir = await repo({ 'package.json': json({ name: 'api', version: '1.0.0', scripts: { start: 'node server.js' } }), 'package-lock.json': LOCK, 'server.js': '' });
    expect((await nodeStack.detect(await createProject(dir)))?.bases).toBeUndefined();
  });
});

describe('a build script that runs other scripts', () => {
  it('sees vite build behind `yarn build:app && yarn build:version`, and a compound start script that starts the dev server is not the production command', async () => {
    const app = { ...viteApp, scripts: { start: 'yarn && vite', build: 'yarn build:app && yarn build:version', 'build:app': 'cross-env VITE_APP_MODE=prod vite build', 'build:version': 'node scripts/version.js' } };
    const dir = await repo({ 'package.json': json(app), 'package-lock.json': LOCK, 'index.html': '<!doctype html>\n' });
    const { result, out, file } = await generate(dir);
    expect(result.exit, result.stderr).toBe(0);
    expect(out?.detection?.startCommand).toEqual(['nginx', '-g', 'daemon off;']);
    expect(file('Dockerfile')).toContain('COPY --from=build /app/dist /usr/share/nginx/html');
  });

  it('serves a vite-ssg build (pre-rendered routes in dist/) as a static site', async () => {
    const app = { ...viteApp, scripts: { dev: 'vite --port 3333', build: 'vite-ssg build' }, devDependencies: { vite: '^7.0.0', 'vite-ssg': '^27.0.0' } };
    const dir = await repo({ 'package.json': json(app), 'package-lock.json': LOCK, 'index.html': '<!doctype html>\n' });
    const { result, out } = await generate(dir);
    expect(result.exit, result.stderr).toBe(0);
    expect(out?.detection?.startCommand).toEqual(['nginx', '-g', 'daemon off;']);
  });
});

describe('binary downloads of dev tools the image never runs', () => {
  it('skips the Cypress binary at install unless the test script runs Cypress', async () => {
    const app = { ...viteApp, scripts: { ...viteApp.scripts, test: 'vitest run', 'test:e2e': 'cypress run' }, devDependencies: { vite: '^7.0.0', cypress: '^13.9.0' } };
    const dir = await repo({ 'package.json': json(app), 'package-lock.json': LOCK, 'index.html': '<!doctype html>\n' });
    const installer = (await generate(dir)).file('Dockerfile').split('AS installer')[1]?.split('AS deps')[0] ?? '';
    expect(installer).toMatch(/^ENV CYPRESS_INSTALL_BINARY=0$/m);
    const e2e = await repo({ 'package.json': json({ ...app, scripts: { ...app.scripts, test: 'cypress run' } }), 'package-lock.json': LOCK, 'index.html': '<!doctype html>\n' });
    expect((await generate(e2e)).file('Dockerfile')).not.toContain('CYPRESS_INSTALL_BINARY');
  });
});
