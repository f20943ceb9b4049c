import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, type JsonOutput } from '../helpers.js';

/**
 * The install model's per-app rules (writable folders, what `next start` loads with a TypeScript
 * config) for a workspace member built from the workspace root, and the production compose overlay
 * that keeps the writable folders under its read-only root.
 */

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function repo(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cdf-members-'));
  dirs.push(dir);
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
  return dir;
}

async function generate(dir: string, args: string[] = []): Promise<{ file: (name: string) => string; notes: string }> {
  const r = await runCli([dir, '--yes', '--dry-run', '--json', ...args], dir);
  expect(r.exit, r.stderr).toBe(0);
  const json = JSON.parse(r.stdout) as JsonOutput;
  // --json carries the files; the notes are printed by a plain run.
  const plain = await runCli([dir, '--yes', '--dry-run', ...args], dir);
  return { file: (name) => json.files.find((f) => f.path === name)?.contents ?? '', notes: `${plain.stdout}\n${plain.stderr}` };
}

/** The instructions of one stage, from its FROM line to the next. */
function stage(dockerfile: string, name: string): string {
  const start = dockerfile.search(new RegExp(`^FROM \\S+ AS ${name}$`, 'm'));
  expect(start, `stage ${name}`).toBeGreaterThanOrEqual(0);
  const rest = dockerfile.slice(start + 1);
  const next = rest.search(/^FROM /m);
  return next === -1 ? rest : rest.slice(0, next);
}

const json = (value: unknown): string => JSON.stringify(value, null, 2);
const npmRoot = { 'package.json': json({ name: 'mono', private: true, workspaces: ['apps/*', 'packages/*'] }) };
const sqliteApi = {
  'apps/api/package.json': json({ name: 'api', version: '1.0.0', scripts: { start: 'node server.js' }, dependencies: { greet: '*' } }),
  'apps/api/server.js': "require('node:http').createServer((q, s) => s.end('ok')).listen(3000);\n",
  'apps/api/.env.example': 'DATABASE_URL=sqlite:data/app.db\n',
  'packages/greet/package.json': json({ name: 'greet', version: '1.0.0', main: 'index.js' }),
  'packages/greet/index.js': 'module.exports = () => "hi";\n',
};

describe('a workspace member that writes next to itself', () => {
  it('gives the app user its SQLite folder, inside the member folder of the production image', async () => {
    const dir = await repo({ ...npmRoot, ...sqliteApi });
    const { file, notes } = await generate(dir, ['--workspace', 'apps/api']);
    const dockerfile = file('apps/api/Dockerfile');
    expect(stage(dockerfile, 'writable')).toContain('RUN mkdir -p /writable/data');
    expect(stage(dockerfile, 'production')).toContain('COPY --from=writable --chown=node:node /writable/ ./apps/api/');
    expect(notes).toContain('Writable by the app user in the image: apps/api/data/');
    const prod = parseYaml(file('compose.prod.yaml')) as { services: { app: { volumes: string[] } }; volumes: Record<string, unknown> };
    expect(prod.services.app.volumes).toEqual(['app-apps-api-data:/app/apps/api/data']);
    expect(Object.keys(prod.volumes)).toEqual(['app-apps-api-data']);
  });

  it('has no writable stage and no volume without evidence', async () => {
    const { ['apps/api/.env.example']: _, ...plain } = sqliteApi;
    const dir = await repo({ ...npmRoot, ...plain });
    const { file } = await generate(dir, ['--workspace', 'apps/api']);
    expect(file('apps/api/Dockerfile')).not.toContain('AS writable');
    expect(file('compose.prod.yaml')).not.toContain('volumes');
  });
});

describe('the production compose overlay of an app that writes next to itself', () => {
  it('mounts a named volume on each writable folder (the root filesystem is read-only)', async () => {
    const dir = await repo({
      'package.json': json({ name: 'site', version: '1.0.0', scripts: { start: 'node server.js' } }),
      'server.js': "require('node:http').createServer((q, s) => s.end('ok')).listen(3000);\n",
      '.env.example': 'DATABASE_URL=file:./var/db/site.sqlite\n',
      'public/uploads/.gitkeep': '',
    });
    const { file } = await generate(dir);
    const prod = parseYaml(file('compose.prod.yaml')) as { services: { app: { read_only: boolean; volumes: string[] } }; volumes: Record<string, unknown> };
    expect(prod.services.app.read_only).toBe(true);
    expect(prod.services.app.volumes).toEqual(['app-public-uploads:/app/public/uploads', 'app-var-db:/app/var/db']);
    expect(Object.keys(prod.volumes).sort()).toEqual(['app-public-uploads', 'app-var-db']);
    expect(stage(file('Dockerfile'), 'writable')).toContain('RUN mkdir -p /writable/public/uploads /writable/var/db');
  });
});

const nextWeb = {
  'apps/web/package.json': json({ name: 'web', version: '1.0.0', scripts: { dev: 'next dev', build: 'next build', start: 'next start' }, dependencies: { next: '15.5.9', react: '19.1.0', 'react-dom': '19.1.0' }, devDependencies: { typescript: '5.9.3' } }),
  'apps/web/next.config.ts': "import { headers } from './lib/headers';\nimport { site } from '../../config/site';\n\nexport default { poweredByHeader: false, env: { SITE: site }, headers };\n",
  'apps/web/lib/headers.ts': 'export const headers = async () => [];\n',
  'apps/web/app/page.tsx': 'export default function Page() { return <p>hi</p>; }\n',
  'config/site.ts': "export const site = 'web';\n",
};

describe('a Next.js workspace member with next.config.ts and no standalone output', () => {
  it('ships the typescript package next start compiles the config with, and the config imports from outside its folder', async () => {
    const dir = await repo({ ...npmRoot, ...nextWeb });
    const dockerfile = (await generate(dir, ['--workspace', 'apps/web'])).file('apps/web/Dockerfile');
    // The build loads the config too: the imported file outside the member folder is copied before it.
    expect(stage(dockerfile, 'build')).toContain('COPY config/site.ts ./config/site.ts');
    expect(stage(dockerfile, 'typescript')).toMatch(/^WORKDIR \/app\/apps\/web$/m);
    expect(stage(dockerfile, 'typescript')).toContain("require.resolve('typescript/package.json')");
    const production = stage(dockerfile, 'production');
    expect(production).toContain('COPY --from=typescript /typescript ./apps/web/node_modules/typescript');
    expect(production).toContain('COPY --from=build /app/config/site.ts ./config/site.ts');
    // The member's own folder (config and lib/headers.ts) comes with its sources.
    expect(production).toContain('COPY apps/web ./apps/web');
    expect(production).not.toContain('lib/headers.ts');
  });

  it('puts typescript where pnpm deploy puts the app, and says an import outside the member cannot follow it', async () => {
    const dir = await repo({
      'package.json': json({ name: 'mono', private: true, packageManager: 'pnpm@10.12.1' }),
      'pnpm-workspace.yaml': 'packages:\n  - apps/*\n',
      ...nextWeb,
    });
    const { file, notes } = await generate(dir, ['--workspace', 'apps/web']);
    const production = stage(file('apps/web/Dockerfile'), 'production');
    expect(production).toContain('COPY --from=typescript /typescript ./node_modules/typescript');
    expect(production).not.toContain('config/site.ts');
    expect(notes).toContain('imports config/site.ts, outside the app');
  });

  it('needs neither with typescript in dependencies, a JavaScript config or a standalone build', async () => {
    const configs = [
      { ...nextWeb, 'apps/web/package.json': nextWeb['apps/web/package.json'].replace('"next": "15.5.9"', '"next": "15.5.9", "typescript": "5.9.3"') },
      { ...nextWeb, 'apps/web/next.config.ts': "export default { output: 'standalone' };\n" },
    ];
    for (const files of configs) {
      const dockerfile = (await generate(await repo({ ...npmRoot, ...files }), ['--workspace', 'apps/web'])).file('apps/web/Dockerfile');
      expect(dockerfile).not.toContain('AS typescript');
    }
    const { ['apps/web/next.config.ts']: _, ...rest } = nextWeb;
    const js = (await generate(await repo({ ...npmRoot, ...rest, 'apps/web/next.config.mjs': 'export default {};\n' }), ['--workspace', 'apps/web'])).file('apps/web/Dockerfile');
    expect(js).not.toContain('AS typescript');
  });
});
