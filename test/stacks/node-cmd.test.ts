import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, runCli, type JsonOutput } from '../helpers.js';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function dockerfile(dir: string, args: readonly string[] = []): Promise<string> {
  const r = await runCli([dir, '--yes', '--dry-run', '--json', ...args], dir);
  expect(r.exit, r.stderr).toBe(0);
  const file = (JSON.parse(r.stdout) as JsonOutput).files.find((f) => f.path === 'Dockerfile');
  return file?.contents ?? '';
}

async function app(pkg: object, files: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cdf-cmd-'));
  dirs.push(dir);
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', ...pkg }));
  await writeFile(path.join(dir, 'package-lock.json'), JSON.stringify({ name: 'app', lockfileVersion: 3, packages: {} }));
  for (const [file, text] of Object.entries(files)) await writeFile(path.join(dir, file), text);
  return dir;
}

/** The last CMD is the production stage's. */
const lastCmd = (text: string): string => text.match(/^CMD .*$/gm)?.at(-1) ?? '';

describe('--cmd replaces the start command on every Node.js shape', () => {
  it.each([
    ['Next.js standalone', 'nextjs-standalone', '["node", "server.js"]'],
    ['Next.js without standalone', 'nextjs-no-standalone', '["node", "node_modules/next/dist/bin/next", "start"]'],
  ])('%s', async (_name, fixture, detected) => {
    const dir = path.join(FIXTURES, fixture);
    expect(lastCmd(await dockerfile(dir))).toBe(`CMD ${detected}`);
    const replaced = await dockerfile(dir, ['--cmd', 'node custom-server.js']);
    expect(lastCmd(replaced)).toBe('CMD ["node", "custom-server.js"]');
    // The Next.js settings stay: they are about the framework, not the command.
    expect(replaced).toMatch(/ENV NODE_ENV=production PORT=3000 HOSTNAME=0.0.0.0 NEXT_TELEMETRY_DISABLED=1/);
  });

  it('drops the start script\'s NAME=value prefix when --cmd replaces the script', async () => {
    const dir = await app({ scripts: { start: 'DEBUG=app LOG_LEVEL=debug node server.js' } }, { 'server.js': '' });
    expect(await dockerfile(dir)).toMatch(/^ENV NODE_ENV=production PORT=3000 DEBUG=app LOG_LEVEL=debug$/m);
    const replaced = await dockerfile(dir, ['--cmd', 'node other.js']);
    expect(replaced).toMatch(/^ENV NODE_ENV=production PORT=3000$/m);
    expect(lastCmd(replaced)).toBe('CMD ["node", "other.js"]');
  });

  it('keeps the framework\'s host setting under --cmd', async () => {
    const dir = await app({ dependencies: { astro: '^5.0.0', '@astrojs/node': '^9.0.0' }, scripts: { build: 'astro build' } }, { 'astro.config.mjs': "import node from '@astrojs/node';\nexport default { adapter: node({ mode: 'standalone' }) };\n" });
    expect(lastCmd(await dockerfile(dir))).toBe('CMD ["node", "dist/server/entry.mjs"]');
    const replaced = await dockerfile(dir, ['--cmd', 'node server.mjs']);
    expect(replaced).toMatch(/^ENV NODE_ENV=production PORT=4321 HOST=0.0.0.0$/m);
    expect(lastCmd(replaced)).toBe('CMD ["node", "server.mjs"]');
  });

  it('runs a static site with Node.js instead of nginx when --cmd names a server', async () => {
    const dir = await app({ devDependencies: { vite: '^7.0.0' }, dependencies: { serve: '^14.0.0' }, scripts: { build: 'vite build' } });
    expect(await dockerfile(dir)).toMatch(/AS production\n/);
    expect(await dockerfile(dir)).toMatch(/FROM nginxinc\/nginx-unprivileged/);
    const replaced = await dockerfile(dir, ['--cmd', 'node_modules/.bin/serve -s dist', '--port', '3000']);
    expect(replaced).not.toMatch(/nginx/);
    expect(lastCmd(replaced)).toBe('CMD ["node_modules/.bin/serve", "-s", "dist"]');
  });
});

describe('what the production image needs for its command', () => {
  it('keeps all dependencies when the command\'s binary is a devDependency, and says so', async () => {
    const dir = await app({ scripts: { start: 'tsx src/server.ts' }, devDependencies: { tsx: '^4.0.0' } });
    const text = await dockerfile(dir);
    // The install stage's whole /app (see needsProdInstall): node_modules of workspace members come with it.
    expect(text).toMatch(/^COPY --from=deps \/app \.\/$/m);
    expect(text).not.toMatch(/AS prod-deps/);
    const r = await runCli([dir, '--yes', '--dry-run'], dir);
    expect(r.stdout + r.stderr).toMatch(/tsx, a devDependency/);
  });

  it('signals the whole process group for a compound script and refuses it on distroless', async () => {
    const dir = await app({ scripts: { start: 'node migrate.js && node server.js' } }, { 'server.js': '' });
    const text = await dockerfile(dir);
    expect(text).toMatch(/^ENTRYPOINT \["\/usr\/bin\/tini", "-g", "--"\]\nCMD \["npm", "run", "start"\]$/m);
    const r = await runCli([dir, '--yes', '--dry-run', '--base', 'distroless'], dir);
    expect(r.exit).toBe(2);
    expect(r.stderr).toMatch(/needs a shell/);
  });

  it('refuses SvelteKit on adapter-auto with exit 2 naming the change, and accepts --cmd', async () => {
    const dir = await app({ devDependencies: { '@sveltejs/kit': '^2.0.0', '@sveltejs/adapter-auto': '^6.0.0' }, scripts: { build: 'vite build' } }, { 'svelte.config.js': "import adapter from '@sveltejs/adapter-auto';\nexport default { kit: { adapter: adapter() } };\n" });
    const r = await runCli([dir, '--yes', '--dry-run'], dir);
    expect(r.exit).toBe(2);
    expect(r.stderr).toMatch(/install @sveltejs\/adapter-node/);
    expect((await runCli([dir, '--yes', '--dry-run', '--cmd', 'node server.js'], dir)).exit).toBe(0);
  });
});
