import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createProject } from '../../src/project.js';
import { detectNodeFacts } from '../../src/stacks/node/detect.js';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

/** A small repo in a temp folder: package.json from `pkg`, other files as given. */
async function repo(pkg: object, files: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cdf-fw-'));
  dirs.push(dir);
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', ...pkg }));
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
  return dir;
}

async function facts(pkg: object, files: Record<string, string> = {}) {
  const found = await detectNodeFacts(await createProject(await repo(pkg, files)));
  if (found === null) throw new Error('not detected as Node.js');
  return found.facts;
}

const vite = { devDependencies: { vite: '^7.0.0' }, scripts: { dev: 'vite', build: 'vite build', preview: 'vite preview' } };

describe('static sites: the output folder comes from the framework and its config', () => {
  it.each([
    ['Vite default', vite, {}, { outDir: 'dist', spa: true, immutableLocation: '^~ /assets/' }],
    ['Vite build.outDir and assetsDir', vite, { 'vite.config.ts': "export default defineConfig({ build: { outDir: 'public/app', assetsDir: 'static' } })\n" }, { outDir: 'public/app', spa: true, immutableLocation: '^~ /static/' }],
    ['Vite outDir outside the app falls back', vite, { 'vite.config.js': "export default { build: { outDir: '../server/public' } }\n" }, { outDir: 'dist', spa: true, immutableLocation: '^~ /assets/' }],
    ['Create React App', { dependencies: { 'react-scripts': '5.0.1' }, scripts: { start: 'react-scripts start', build: 'react-scripts build' } }, {}, { outDir: 'build', spa: true, immutableLocation: '^~ /static/' }],
    ['Astro static', { dependencies: { astro: '^5.0.0' }, scripts: { dev: 'astro dev', build: 'astro build' } }, {}, { outDir: 'dist', spa: false, immutableLocation: '^~ /_astro/' }],
    ['Astro outDir', { dependencies: { astro: '^5.0.0' }, scripts: { build: 'astro build' } }, { 'astro.config.mjs': "export default defineConfig({ outDir: './site' });\n" }, { outDir: 'site', spa: false, immutableLocation: '^~ /_astro/' }],
    ['SvelteKit adapter-static with fallback', { devDependencies: { '@sveltejs/kit': '^2.0.0', '@sveltejs/adapter-static': '^3.0.0' }, scripts: { build: 'vite build' } }, { 'svelte.config.js': "import adapter from '@sveltejs/adapter-static';\nexport default { kit: { adapter: adapter({ pages: 'public', fallback: '200.html' }) } };\n" }, { outDir: 'public', spa: true, immutableLocation: '^~ /_app/immutable/' }],
    ['SvelteKit adapter-static prerendered', { devDependencies: { '@sveltejs/kit': '^2.0.0', '@sveltejs/adapter-static': '^3.0.0' }, scripts: { build: 'vite build' } }, { 'svelte.config.js': "import adapter from '@sveltejs/adapter-static';\nexport default { kit: { adapter: adapter() } };\n" }, { outDir: 'build', spa: false, immutableLocation: '^~ /_app/immutable/' }],
    ['React Router 7 with ssr: false', { dependencies: { 'react-router': '^7.0.0' }, devDependencies: { '@react-router/dev': '^7.0.0' }, scripts: { build: 'react-router build' } }, { 'react-router.config.ts': 'export default { ssr: false } satisfies Config;\n' }, { outDir: 'build/client', spa: true, immutableLocation: '^~ /assets/' }],
    ['Nuxt generate', { dependencies: { nuxt: '^3.0.0' }, scripts: { build: 'nuxt generate' } }, {}, { outDir: '.output/public', spa: false, immutableLocation: '^~ /_nuxt/' }],
    [
      'Angular application builder',
      { dependencies: { '@angular/core': '^20.0.0' }, scripts: { start: 'ng serve', build: 'ng build' } },
      { 'angular.json': JSON.stringify({ projects: { shop: { projectType: 'application', architect: { build: { builder: '@angular/build:application', options: { outputPath: 'dist/shop' } } } } } }) },
      { outDir: 'dist/shop/browser', spa: true, immutableLocation: '~* "-[0-9A-Z]{8}\\.(?:js|css)$"' },
    ],
    [
      'Angular outputPath object and default path',
      { dependencies: { '@angular/core': '^20.0.0' }, scripts: { build: 'ng build' } },
      { 'angular.json': JSON.stringify({ projects: { web: { architect: { build: { builder: '@angular-devkit/build-angular:application', options: { outputPath: { base: 'out', browser: '' } } } } } } }) },
      { outDir: 'out', spa: true, immutableLocation: '~* "-[0-9A-Z]{8}\\.(?:js|css)$"' },
    ],
    [
      'Angular browser builder',
      { dependencies: { '@angular/core': '^16.0.0' }, scripts: { build: 'ng build' } },
      { 'angular.json': JSON.stringify({ defaultProject: 'legacy', projects: { legacy: { architect: { build: { builder: '@angular-devkit/build-angular:browser', options: {} } } } } }) },
      { outDir: 'dist/legacy', spa: true, immutableLocation: '~* "-[0-9A-Z]{8}\\.(?:js|css)$"' },
    ],
  ])('%s', async (_name, pkg, files, site) => {
    const f = await facts(pkg, files);
    expect(f.start.static).toEqual(site);
    expect(f.outputDir).toBe(site.outDir);
    expect(f.port).toBe(8080);
    expect(f.start.command).toEqual(['nginx', '-g', 'daemon off;']);
  });
});

describe('framework servers: command, port, host setting and build output', () => {
  it.each([
    ['SvelteKit adapter-node', { devDependencies: { '@sveltejs/kit': '^2.0.0', '@sveltejs/adapter-node': '^5.0.0' }, scripts: { build: 'vite build' } }, { 'svelte.config.js': "import adapter from '@sveltejs/adapter-node';\nexport default { kit: { adapter: adapter() } };\n" }, ['node', 'build'], 3000, {}, 'build'],
    ['SvelteKit adapter-node out', { devDependencies: { '@sveltejs/kit': '^2.0.0', '@sveltejs/adapter-node': '^5.0.0' }, scripts: { build: 'vite build' } }, { 'svelte.config.js': "import adapter from '@sveltejs/adapter-node';\nexport default { kit: { adapter: adapter({ out: 'server' }) } };\n" }, ['node', 'server'], 3000, {}, 'server'],
    ['Astro @astrojs/node', { dependencies: { astro: '^5.0.0', '@astrojs/node': '^9.0.0' }, scripts: { build: 'astro build' } }, { 'astro.config.mjs': "import node from '@astrojs/node';\nexport default defineConfig({ output: 'server', adapter: node({ mode: 'standalone' }) });\n" }, ['node', 'dist/server/entry.mjs'], 4321, { HOST: '0.0.0.0' }, 'dist'],
    ['Astro @astrojs/node outDir', { dependencies: { astro: '^5.0.0', '@astrojs/node': '^9.0.0' }, scripts: { build: 'astro build' } }, { 'astro.config.ts': "import node from '@astrojs/node';\nexport default defineConfig({ outDir: 'out', adapter: node({ mode: 'standalone' }) });\n" }, ['node', 'out/server/entry.mjs'], 4321, { HOST: '0.0.0.0' }, 'out'],
    ['Nuxt', { dependencies: { nuxt: '^4.0.0' }, scripts: { build: 'nuxt build', dev: 'nuxt dev' } }, {}, ['node', '.output/server/index.mjs'], 3000, { HOST: '0.0.0.0' }, '.output'],
    ['TanStack Start', { dependencies: { '@tanstack/react-start': '^1.0.0' }, scripts: { build: 'vite build' } }, {}, ['node', '.output/server/index.mjs'], 3000, { HOST: '0.0.0.0' }, '.output'],
    ['React Router 7 framework mode', { dependencies: { '@react-router/serve': '^7.0.0', '@react-router/node': '^7.0.0' }, devDependencies: { '@react-router/dev': '^7.0.0' }, scripts: { build: 'react-router build', start: 'react-router-serve ./build/server/index.js' } }, {}, ['node_modules/.bin/react-router-serve', './build/server/index.js'], 3000, {}, 'build'],
    ['React Router 7 buildDirectory', { dependencies: { '@react-router/serve': '^7.0.0' }, devDependencies: { '@react-router/dev': '^7.0.0' }, scripts: { build: 'react-router build' } }, { 'react-router.config.ts': "export default { buildDirectory: 'out' } satisfies Config;\n" }, ['node_modules/.bin/react-router-serve', 'out/server/index.js'], 3000, {}, 'out'],
    ['Remix (Vite)', { dependencies: { '@remix-run/serve': '^2.0.0', '@remix-run/node': '^2.0.0' }, devDependencies: { '@remix-run/dev': '^2.0.0' }, scripts: { build: 'remix vite:build', start: 'remix-serve ./build/server/index.js' } }, {}, ['node_modules/.bin/remix-serve', './build/server/index.js'], 3000, {}, 'build'],
    ['Remix classic compiler', { dependencies: { '@remix-run/serve': '^2.0.0' }, devDependencies: { '@remix-run/dev': '^2.0.0' }, scripts: { build: 'remix build' } }, { 'remix.config.js': 'module.exports = {};\n' }, ['node_modules/.bin/remix-serve', 'build/index.js'], 3000, {}, 'build'],
    [
      'Angular SSR',
      { dependencies: { '@angular/core': '^20.0.0', '@angular/ssr': '^20.0.0' }, scripts: { start: 'ng serve', build: 'ng build', 'serve:ssr:shop': 'node dist/shop/server/server.mjs' } },
      { 'angular.json': JSON.stringify({ projects: { shop: { architect: { build: { builder: '@angular/build:application', options: { outputPath: 'dist/shop', ssr: { entry: 'src/server.ts' } } } } } } }) },
      ['node', 'dist/shop/server/server.mjs'], 4000, {}, 'dist/shop',
    ],
    ['NestJS nest start', { dependencies: { '@nestjs/core': '^11.0.0' }, devDependencies: { '@nestjs/cli': '^11.0.0' }, scripts: { build: 'nest build', start: 'nest start' } }, { 'src/main.ts': 'await app.listen(process.env.PORT ?? 8081);\n' }, ['node', 'dist/main.js'], 8081, {}, 'dist'],
    ['NestJS outDir', { dependencies: { '@nestjs/core': '^11.0.0' }, scripts: { build: 'nest build', start: 'nest start' } }, { 'tsconfig.json': '{ "compilerOptions": { "outDir": "./build" } }' }, ['node', 'build/main.js'], 3000, {}, 'build'],
    ['fastify-cli with -p', { dependencies: { fastify: '^5.0.0', 'fastify-cli': '^7.0.0' }, scripts: { start: 'fastify start -l info -p 8000 app.js' } }, {}, ['node_modules/.bin/fastify', 'start', '-l', 'info', '-p', '8000', 'app.js', '--address', '0.0.0.0'], 8000, {}, null],
    ['fastify-cli replaces its address', { dependencies: { fastify: '^5.0.0', 'fastify-cli': '^7.0.0' }, scripts: { start: 'fastify start --address 127.0.0.1 app.js' } }, {}, ['node_modules/.bin/fastify', 'start', 'app.js', '--address', '0.0.0.0'], 3000, {}, null],
  ])('%s', async (_name, pkg, files, command, port, env, output) => {
    const f = await facts(pkg, files);
    expect(f.start.command).toEqual(command);
    expect(f.port).toBe(port);
    expect(f.start.frameworkEnv).toEqual(env);
    expect(f.outputDir).toBe(output);
    expect(f.start.static).toBeNull();
  });

  it('Angular SSR with no allowed hosts says how to get server-side rendering for the site\'s host names', async () => {
    const ssr = (security: object) => JSON.stringify({ projects: { shop: { architect: { build: { builder: '@angular/build:application', options: { outputPath: 'dist/shop', ssr: { entry: 'src/server.ts' }, security } } } } } });
    const pkg = { dependencies: { '@angular/core': '^21.0.0', '@angular/ssr': '^21.0.0' }, scripts: { build: 'ng build' } };
    const reason = async (security: object) => (await detectNodeFacts(await createProject(await repo(pkg, { 'angular.json': ssr(security) }))))?.evidence.find((e) => e.reason.includes('server-side rendering'))?.reason;
    expect(await reason({ allowedHosts: [] })).toContain('set NG_ALLOWED_HOSTS');
    expect(await reason({ allowedHosts: ['shop.example'] })).not.toContain('NG_ALLOWED_HOSTS');
  });

  it('keeps a Nitro build self-contained (no node_modules or sources in the image)', async () => {
    expect((await facts({ dependencies: { nuxt: '^4.0.0' }, scripts: { build: 'nuxt build' } })).start.selfContained).toBe(true);
  });

  it('prefers the app\'s own server script over the framework default', async () => {
    const f = await facts({ dependencies: { '@remix-run/express': '^2.0.0', express: '^4.0.0' }, devDependencies: { '@remix-run/dev': '^2.0.0' }, scripts: { build: 'remix vite:build', start: 'node ./server.js' } });
    expect(f.start.command).toEqual(['node', './server.js']);
  });
});

describe('a server entry whose abort timer outlives the request makes docker stop wait', () => {
  const remix = { dependencies: { '@remix-run/serve': '^2.17.0', '@remix-run/node': '^2.17.0' }, devDependencies: { '@remix-run/dev': '^2.17.0' }, scripts: { build: 'remix vite:build', start: 'remix-serve ./build/server/index.js' } };
  const reactRouter = { dependencies: { '@react-router/serve': '^7.0.0' }, devDependencies: { '@react-router/dev': '^7.0.0' }, scripts: { build: 'react-router build' } };
  const uncleared = 'const ABORT_DELAY = 5_000;\nexport default function handleRequest() {\n  setTimeout(abort, ABORT_DELAY);\n}\n';
  const cleared = 'let timeoutId = setTimeout(() => abort(), streamTimeout + 1000);\nconst body = new PassThrough({ final(cb) { clearTimeout(timeoutId); cb(); } });\n';

  it.each([
    ["Remix with Remix's built-in entry", remix, {}, 'the built-in one of @remix-run/dev'],
    ['Remix with its own entry that never clears the timer', remix, { 'app/entry.server.tsx': uncleared }, 'app/entry.server.tsx'],
    ['React Router 7 with an entry from an older template', reactRouter, { 'app/entry.server.jsx': uncleared }, 'app/entry.server.jsx'],
    ['React Router 7 appDirectory', reactRouter, { 'react-router.config.ts': "export default { appDirectory: 'src' };\n", 'src/entry.server.ts': uncleared }, 'src/entry.server.ts'],
  ])('%s: a note names the entry and the fix', async (_name, pkg, files, entry) => {
    const f = await facts(pkg, files);
    expect(f.start.notes).toHaveLength(1);
    expect(f.start.notes[0]).toContain(`docker stop can take up to 5 s: the server entry (${entry})`);
    expect(f.start.notes[0]).toContain('clearTimeout');
    // Only the framework's built-in entry has to be written into the app before it can be edited.
    expect(f.start.notes[0]?.includes('npx remix reveal entry.server')).toBe(entry.startsWith('the built-in one'));
  });

  it.each([
    ["React Router 7 with React Router's built-in entry (it clears the timer)", reactRouter, {}],
    ['Remix with an entry that clears the timer', remix, { 'app/entry.server.tsx': cleared }],
    ['Remix with an entry that unrefs the timer', remix, { 'app/entry.server.tsx': 'setTimeout(abort, ABORT_DELAY).unref();\n' }],
  ])('%s: no note', async (_name, pkg, files) => {
    expect((await facts(pkg, files)).start.notes).toEqual([]);
  });
});

describe('package scripts in general', () => {
  it('turns a leading NAME=value into environment and runs a dependency binary from node_modules', async () => {
    const f = await facts({ devDependencies: { tsx: '^4.0.0' }, scripts: { start: 'NODE_OPTIONS=--enable-source-maps tsx src/server.ts' } });
    expect(f.start.command).toEqual(['node_modules/.bin/tsx', 'src/server.ts']);
    expect(f.start.env).toEqual({ NODE_OPTIONS: '--enable-source-maps' });
    expect(f.start.binPackage).toEqual({ name: 'tsx', dev: true });
  });

  it('runs a program that is not a dependency as it is (./start.sh)', async () => {
    const f = await facts({ scripts: { start: './start.sh' } }, { 'index.js': '' });
    expect(f.start.command).toEqual(['./start.sh']);
    expect(f.start.binPackage).toBeNull();
  });

  it('runs a compound script through the package manager', async () => {
    const f = await facts({ scripts: { start: 'node migrate.js && node server.js' } }, { 'server.js': '' });
    expect(f.start.command).toEqual(['npm', 'run', 'start']);
    expect(f.start.viaScript).toBe(true);
  });

  it('runs a compound script with bun when Bun installs and runs the app', async () => {
    const f = await facts({ packageManager: 'bun@1.2.0', scripts: { start: 'bun run db:migrate && bun src/index.ts' } });
    expect(f.start.command).toEqual(['bun', 'run', 'start']);
  });

  it('ignores a start script that is a development server', async () => {
    const f = await facts({ dependencies: { nodemon: '^3.0.0' }, scripts: { start: 'nodemon' }, main: 'app.js' });
    expect(f.start.command).toEqual(['node', 'app.js']);
  });
});

describe('refusals', () => {
  it('SvelteKit on adapter-auto names the adapter to install', async () => {
    const f = await facts({ devDependencies: { '@sveltejs/kit': '^2.0.0', '@sveltejs/adapter-auto': '^6.0.0' }, scripts: { build: 'vite build' } }, { 'svelte.config.js': "import adapter from '@sveltejs/adapter-auto';\nexport default { kit: { adapter: adapter() } };\n" });
    expect(f.start.command).toBeNull();
    expect(f.start.refusal).toMatch(/@sveltejs\/adapter-auto.*install @sveltejs\/adapter-node/);
  });

  it('Astro with a hosting platform adapter', async () => {
    const f = await facts({ dependencies: { astro: '^5.0.0', '@astrojs/vercel': '^8.0.0' } }, { 'astro.config.mjs': "import vercel from '@astrojs/vercel';\nexport default { adapter: vercel() };\n" });
    expect(f.start.refusal).toMatch(/@astrojs\/vercel.*@astrojs\/node/);
  });

  it.each([
    ['Rails', { 'Gemfile': "source 'https://rubygems.org'\n", 'config.ru': 'run Rails.application\n' }, /Ruby/],
    ['Laravel', { 'composer.json': '{}', artisan: '#!/usr/bin/env php\n' }, /PHP \(a Laravel app\)/],
    ['a Procfile that runs Ruby', { Procfile: 'web: bundle exec puma -C config/puma.rb\n' }, /Ruby \(the Procfile/],
  ])('a package.json that only builds assets for %s is not a Node.js app', async (_name, files, language) => {
    const dir = await repo({ devDependencies: { vite: '^7.0.0' }, scripts: { build: 'vite build' } }, files);
    await expect(detectNodeFacts(await createProject(dir))).rejects.toMatchObject({ exit: 3, message: expect.stringMatching(language) });
  });

  it('leaves a Python app with a package.json for its assets to the Python stack', async () => {
    const dir = await repo({ devDependencies: { tailwindcss: '^4.0.0' }, scripts: { build: 'tailwindcss -o static/app.css' } }, { 'requirements.txt': 'flask\n' });
    expect(await detectNodeFacts(await createProject(dir))).toBeNull();
  });
});

describe('SvelteKit adapter set in the Vite plugin (sv create templates)', () => {
  it('reads the adapter from vite.config.ts when there is no svelte.config.js', async () => {
    const vite = "import adapter from '@sveltejs/adapter-node';\nimport { sveltekit } from '@sveltejs/kit/vite';\nexport default defineConfig({ plugins: [sveltekit({ adapter: adapter({ out: 'srv' }) })] });\n";
    const f = await facts({ devDependencies: { '@sveltejs/kit': '^2.63.0', '@sveltejs/adapter-node': '^5.0.0' }, scripts: { build: 'vite build' } }, { 'vite.config.ts': vite });
    expect(f.start.command).toEqual(['node', 'srv']);
  });
});

describe('Bun: the runtime only when Bun runs the code', () => {
  const lock = { 'bun.lock': '{ "lockfileVersion": 1 }\n' };
  it.each([
    ['a script that calls bun', { scripts: { start: 'bun src/index.ts' } }, {}, 'bun', ['bun', 'src/index.ts']],
    ['code that uses Bun.serve', { main: 'server.js' }, { 'server.js': 'Bun.serve({ fetch: () => new Response("ok") });\n' }, 'bun', ['node', 'server.js']],
    ['bun init layout: module is a .ts entry, no start script', { module: 'index.ts' }, { 'index.ts': 'console.log("hi");\n' }, 'bun', ['bun', 'index.ts']],
    ['a bun lockfile, scripts that run node', { scripts: { start: 'node server.js' } }, { 'server.js': '' }, 'node', ['node', 'server.js']],
  ])('%s', async (_name, pkg, files, runtime, command) => {
    const f = await facts(pkg, { ...lock, ...files });
    expect(f.pm.name).toBe('bun');
    expect(f.runtime).toBe(runtime);
    expect(f.start.command).toEqual(command);
  });

  it('runs a compound script with npm when Bun only installs', async () => {
    const f = await facts({ scripts: { start: 'node migrate.js && node server.js' } }, lock);
    expect(f.runtime).toBe('node');
    expect(f.start.command).toEqual(['npm', 'run', 'start']);
  });
});

describe('package manager without a lockfile', () => {
  it.each([
    ['engines.pnpm', { engines: { pnpm: '>=9' } }, {}, 'pnpm'],
    ['engines.bun', { engines: { bun: '>=1.1' } }, {}, 'bun'],
    ['bunfig.toml', {}, { 'bunfig.toml': '[install]\nexact = true\n' }, 'bun'],
    ['@types/bun', { devDependencies: { '@types/bun': 'latest' } }, {}, 'bun'],
    ['nothing', {}, {}, 'npm'],
  ])('%s', async (_name, pkg, files, pm) => {
    expect((await facts({ ...pkg, main: 'index.js' }, files)).pm.name).toBe(pm);
  });
});
