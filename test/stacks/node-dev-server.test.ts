import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { createProject } from '../../src/project.js';
import { detectNodeFacts } from '../../src/stacks/node/detect.js';
import { devStage, NO_DEV_SERVER } from '../../src/stacks/node/dev-server.js';
import { runCli, type JsonOutput } from '../helpers.js';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function repo(pkg: object, files: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cdf-dev-'));
  dirs.push(dir);
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', ...pkg }));
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
  return dir;
}

async function devServer(pkg: object, files: Record<string, string> = {}) {
  const found = await detectNodeFacts(await createProject(await repo(pkg, files)));
  if (found === null) throw new Error('not detected as Node.js');
  return found.facts.devServer;
}

const vite = { devDependencies: { vite: '^7.0.0' }, scripts: { dev: 'vite', build: 'vite build' } };
const angularJson = (serve: object) =>
  JSON.stringify({ projects: { shop: { projectType: 'application', architect: { build: { builder: '@angular/build:application', options: { outputPath: 'dist/shop' } }, serve } } } });

describe('dev servers: script, host setting and port per framework', () => {
  it.each([
    ['Vite', vite, {}, 'dev', ['--host', '0.0.0.0'], 5173, false],
    ['Vite server.port in the config', vite, { 'vite.config.ts': 'export default defineConfig({ preview: { port: 4000 }, server: { open: true, port: 3001 } })\n' }, 'dev', ['--host', '0.0.0.0'], 3001, false],
    ['Vite --port in the script wins over the config', { ...vite, scripts: { dev: 'vite --port 8000', build: 'vite build' } }, { 'vite.config.js': 'export default { server: { port: 3001 } }\n' }, 'dev', ['--host', '0.0.0.0'], 8000, false],
    ['a script that names its own host keeps it', { ...vite, scripts: { dev: 'vite --host 127.0.0.1', build: 'vite build' } }, {}, 'dev', [], 5173, false],
    ['React Router 7 dev (Vite)', { dependencies: { '@react-router/serve': '^7.0.0' }, devDependencies: { '@react-router/dev': '^7.0.0' }, scripts: { dev: 'react-router dev', build: 'react-router build', start: 'react-router-serve ./build/server/index.js' } }, {}, 'dev', ['--host', '0.0.0.0'], 5173, false],
    ['Remix vite:dev', { dependencies: { '@remix-run/serve': '^2.0.0' }, devDependencies: { '@remix-run/dev': '^2.0.0' }, scripts: { dev: 'remix vite:dev', build: 'remix vite:build' } }, {}, 'dev', ['--host', '0.0.0.0'], 5173, false],
    ['SvelteKit vite dev', { devDependencies: { '@sveltejs/kit': '^2.0.0', '@sveltejs/adapter-node': '^5.0.0', vite: '^7.0.0' }, scripts: { dev: 'vite dev', build: 'vite build' } }, { 'svelte.config.js': "import adapter from '@sveltejs/adapter-node';\nexport default { kit: { adapter: adapter() } };\n" }, 'dev', ['--host', '0.0.0.0'], 5173, false],
    ['Astro', { dependencies: { astro: '^5.0.0' }, scripts: { dev: 'astro dev', build: 'astro build' } }, {}, 'dev', ['--host', '0.0.0.0'], 4321, false],
    ['Astro server.port', { dependencies: { astro: '^5.0.0' }, scripts: { dev: 'astro dev', build: 'astro build' } }, { 'astro.config.mjs': 'export default defineConfig({ server: { port: 4400 } });\n' }, 'dev', ['--host', '0.0.0.0'], 4400, false],
    ['Nuxt', { dependencies: { nuxt: '^4.0.0' }, scripts: { dev: 'nuxt dev', build: 'nuxt build' } }, {}, 'dev', ['--host', '0.0.0.0'], 3000, true],
    ['Nuxt devServer.port', { dependencies: { nuxt: '^4.0.0' }, scripts: { dev: 'nuxt dev', build: 'nuxt build' } }, { 'nuxt.config.ts': 'export default defineNuxtConfig({ devServer: { port: 3300 } })\n' }, 'dev', ['--host', '0.0.0.0'], 3300, true],
    ['Angular ng serve as the start script', { dependencies: { '@angular/core': '^20.0.0' }, devDependencies: { '@angular/cli': '^20.0.0' }, scripts: { start: 'ng serve', build: 'ng build' } }, { 'angular.json': angularJson({ builder: '@angular/build:dev-server' }) }, 'start', ['--host', '0.0.0.0'], 4200, false],
    ['Angular serve.options.port', { dependencies: { '@angular/core': '^20.0.0' }, scripts: { start: 'ng serve', build: 'ng build' } }, { 'angular.json': angularJson({ options: { port: 4300 } }) }, 'start', ['--host', '0.0.0.0'], 4300, false],
    ['Next.js dev', { dependencies: { next: '^16.0.0' }, scripts: { dev: 'next dev', build: 'next build', start: 'next start' } }, {}, 'dev', ['--hostname', '0.0.0.0'], 3000, true],
    ['Next.js dev -p', { dependencies: { next: '^16.0.0' }, scripts: { dev: 'next dev --turbopack -p 3100', build: 'next build' } }, {}, 'dev', ['--hostname', '0.0.0.0'], 3100, true],
    ['Create React App (binds every interface already)', { dependencies: { 'react-scripts': '5.0.1' }, scripts: { start: 'react-scripts start', build: 'react-scripts build' } }, {}, 'start', [], 3000, true],
    ['Create React App PORT in the script', { dependencies: { 'react-scripts': '5.0.1' }, scripts: { start: 'PORT=3400 react-scripts start', build: 'react-scripts build' } }, {}, 'start', [], 3400, true],
  ])('%s', async (_name, pkg, files, script, hostArgs, port, readsPortEnv) => {
    const dev = await devServer(pkg, files);
    expect(dev.script).toBe(script);
    expect(dev.hostArgs).toEqual(hostArgs);
    expect(dev.port).toBe(port);
    expect(dev.readsPortEnv).toBe(readsPortEnv);
  });

  it('Angular SSR: ng serve on 0.0.0.0 also allows the loopback names a published port is reached by', async () => {
    const ssr = { dependencies: { '@angular/core': '^21.0.0', '@angular/ssr': '^21.0.0' }, devDependencies: { '@angular/cli': '^21.0.0' }, scripts: { start: 'ng serve', build: 'ng build' } };
    const withSsr = await devServer(ssr, { 'angular.json': angularJson({ builder: '@angular/build:dev-server' }) });
    expect(withSsr.env).toEqual([{ name: 'NG_ALLOWED_HOSTS', value: 'localhost,127.0.0.1' }]);
    expect(devStage(withSsr, 'npm run', { cmd: ['node', 'server.mjs'], port: 4000, build: null }).env).toEqual([{ name: 'NG_ALLOWED_HOSTS', value: 'localhost,127.0.0.1' }]);
    // No server-side rendering: Vite's own host check already allows loopback names.
    const { '@angular/ssr': _ssr, ...spa } = ssr.dependencies;
    expect((await devServer({ ...ssr, dependencies: spa }, { 'angular.json': angularJson({}) })).env).toEqual([]);
    // A script that binds its own host keeps ng serve's own allowed list.
    expect((await devServer({ ...ssr, scripts: { start: 'ng serve --host 127.0.0.1' } }, { 'angular.json': angularJson({}) })).env).toEqual([]);
  });

  it('an app server in watch mode keeps the app port and host (nodemon, tsx watch)', async () => {
    const dev = await devServer({ dependencies: { express: '^5.0.0' }, devDependencies: { nodemon: '^3.0.0' }, scripts: { dev: 'nodemon server.js', start: 'node server.js' } });
    expect(dev).toEqual({ ...NO_DEV_SERVER, script: 'dev' });
  });

  it('a compound dev script is run as it is', async () => {
    const dev = await devServer({ ...vite, scripts: { dev: 'npm run codegen && vite', build: 'vite build' } });
    expect(dev).toEqual({ ...NO_DEV_SERVER, script: 'dev' });
  });

  it('no dev script and a start script that is the server: no dev server', async () => {
    expect(await devServer({ scripts: { start: 'node server.js' } }, { 'server.js': '' })).toEqual(NO_DEV_SERVER);
  });
});

describe('the development stage command: host arguments the way each package manager passes them', () => {
  const dev = { script: 'dev', tool: 'vite', hostArgs: ['--host', '0.0.0.0'], port: 5173, readsPortEnv: false, env: [] };
  const start = { cmd: ['nginx', '-g', 'daemon off;'], port: null, build: null };
  it.each([
    ['npm run', ['npm', 'run', 'dev', '--', '--host', '0.0.0.0']],
    ['pnpm run', ['pnpm', 'run', 'dev', '--host', '0.0.0.0']],
    ['yarn run', ['yarn', 'run', 'dev', '--host', '0.0.0.0']],
    ['bun run', ['bun', 'run', 'dev', '--host', '0.0.0.0']],
  ])('%s', (run, cmd) => {
    expect(devStage(dev, run, start).cmd).toEqual(cmd);
  });

  it('sets PORT for a dev server that reads it, and keeps the app port for an unknown one', () => {
    expect(devStage({ ...dev, tool: 'nextjs', hostArgs: [], port: 3000, readsPortEnv: true }, 'npm run', start)).toMatchObject({ cmd: ['npm', 'run', 'dev'], env: [{ name: 'PORT', value: '3000' }], port: 3000 });
    expect(devStage({ ...NO_DEV_SERVER, script: 'dev' }, 'npm run', { ...start, port: 8081 })).toMatchObject({ port: 8081, env: [] });
  });
});

describe('generated files: the development target and compose dev use the dev server port', () => {
  async function generate(pkg: object, files: Record<string, string>) {
    const dir = await repo(pkg, { 'package-lock.json': '{"lockfileVersion":3,"packages":{}}\n', ...files });
    const result = await runCli([dir, '--yes', '--dry-run', '--json'], dir);
    expect(result.exit).toBe(0);
    const out = JSON.parse(result.stdout) as JsonOutput;
    const file = (name: string) => out.files.find((f) => f.path === name)?.contents ?? '';
    const development = /FROM deps AS development\n([\s\S]*?)\n\n/.exec(file('Dockerfile'))?.[1] ?? '';
    return { development, base: parse(file('compose.yaml')), dev: file('compose.dev.yaml') };
  }

  it('a Vite single-page app: dev server on 5173 with --host, compose dev publishes 5173 instead of nginx\'s 8080', async () => {
    const { development, base, dev } = await generate(vite, { 'index.html': '<!doctype html>\n' });
    expect(development).toContain('EXPOSE 5173');
    expect(development).toContain('CMD ["npm", "run", "dev", "--", "--host", "0.0.0.0"]');
    expect(base.services.app.ports).toEqual(['${APP_PORT:-8080}:8080']);
    expect(dev).toMatch(/ports: !override\n\s+- "\$\{APP_PORT:-5173\}:5173"/);
  });

  it('a Next.js static export: next dev on 3000 with PORT set for it', async () => {
    const { development, dev } = await generate(
      { dependencies: { next: '^16.0.0', react: '^19.0.0' }, scripts: { dev: 'next dev', build: 'next build' } },
      { 'next.config.mjs': "export default { output: 'export' };\n" },
    );
    expect(development).toContain('ENV NODE_ENV=development PORT=3000');
    expect(development).toContain('EXPOSE 3000');
    expect(dev).toMatch(/ports: !override\n\s+- "\$\{APP_PORT:-3000\}:3000"/);
    expect(parse(dev, { logLevel: 'error' }).services.app.environment).toEqual({ PORT: '3000' });
  });

  it('an app whose dev server listens on the production port changes nothing in compose dev', async () => {
    const { development, dev } = await generate({ dependencies: { express: '^5.0.0' }, devDependencies: { nodemon: '^3.0.0' }, scripts: { dev: 'nodemon server.js', start: 'node server.js' } }, { 'server.js': 'app.listen(process.env.PORT || 3000);\n' });
    expect(development).toContain('EXPOSE 3000');
    expect(development).toContain('CMD ["npm", "run", "dev"]');
    expect(dev).not.toContain('ports');
  });
});

describe('a static site without a dev script', () => {
  it('the development stage says what to add instead of running nginx, which a Node.js image does not have', async () => {
    const dir = await repo({ devDependencies: { vite: '^7.0.0' }, scripts: { build: 'vite build' } }, { 'package-lock.json': '{"lockfileVersion":3,"packages":{}}\n' });
    const result = await runCli([dir, '--yes', '--dry-run', '--json'], dir);
    const dockerfile = (JSON.parse(result.stdout) as JsonOutput).files.find((f) => f.path === 'Dockerfile')?.contents ?? '';
    const development = /FROM deps AS development\n([\s\S]*?)\n\n/.exec(dockerfile)?.[1] ?? '';
    expect(development).not.toContain('nginx');
    expect(development).not.toContain('EXPOSE');
    expect(development).toMatch(/CMD \["sh", "-c", "echo 'This static site has no \\"dev\\" script/);
  });
});
