import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyFixture, removeDir, runCli, type JsonOutput } from '../helpers.js';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map(removeDir)));

async function copy(name: string): Promise<string> {
  const dir = await copyFixture(name);
  dirs.push(dir);
  return dir;
}

function file(json: JsonOutput, name: string): string {
  const found = json.files.find((f) => f.path === name);
  if (found === undefined) throw new Error(`${name} not generated: ${json.files.map((f) => f.path).join(', ')}`);
  return found.contents;
}

describe('a workspace member from the command line', () => {
  it('run inside the app folder: context at the workspace root, Dockerfile and options in the app folder, re-run identical', async () => {
    const root = await copy('mono-npm');
    const app = path.join(root, 'apps/api');
    const first = await runCli(['--yes'], app);
    expect(first.exit, first.stderr).toBe(0);
    const dockerfile = await readFile(path.join(app, 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain('COPY apps/api/package.json ./apps/api/');
    expect(dockerfile).toContain('npm ci --workspace apps/api --include-workspace-root --omit=dev');
    expect(dockerfile).not.toContain('apps/admin');
    expect(await readFile(path.join(root, '.dockerignore'), 'utf8')).toContain('**/node_modules');
    expect(JSON.parse(await readFile(path.join(app, '.create-dockerfile.json'), 'utf8')).options.workspace).toBe('apps/api');

    const again = await runCli(['--yes', '--json', '--dry-run'], app);
    expect(again.exit, again.stderr).toBe(0);
    const statuses = (JSON.parse(again.stdout) as JsonOutput).files.map((f) => `${f.status} ${f.path}`);
    expect(statuses.every((s) => s.startsWith('identical'))).toBe(true);
    expect(statuses).toContain('identical apps/api/Dockerfile');
  });

  it('points compose and the workflow at the member\'s Dockerfile, with the root as context', async () => {
    const root = await copy('mono-turbo-express');
    const result = await runCli([root, '--yes', '--json', '--dry-run', '--workspace', 'api'], root);
    expect(result.exit, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as JsonOutput;
    expect(file(json, 'compose.yaml')).toMatch(/context: \.\n\s+dockerfile: apps\/api\/Dockerfile/);
    expect(file(json, '.github/workflows/docker.yml').match(/file: apps\/api\/Dockerfile/g)?.length).toBe(4);
    expect(file(json, 'apps/api/Dockerfile')).toContain('RUN turbo prune api --docker');
    expect(file(json, 'apps/api/Dockerfile')).toContain('npm install --global turbo@2.3.3');
  });

  it('exits 2 naming --workspace when several apps could be meant and nothing chooses', async () => {
    const root = await copy('mono-pnpm-next');
    const result = await runCli([root, '--yes', '--dry-run'], root);
    expect(result.exit).toBe(2);
    expect(result.stderr).toContain('--workspace');
    expect(result.stderr).toContain('apps/docs, apps/web');
  });

  it('ships a plain pnpm member with pnpm deploy, adding --legacy from pnpm 10 on', async () => {
    const root = await copy('mono-pnpm-next');
    const run = async (): Promise<string> => {
      const result = await runCli([root, '--yes', '--json', '--dry-run', '--workspace', '@mono/docs'], root);
      expect(result.exit, result.stderr).toBe(0);
      return file(JSON.parse(result.stdout) as JsonOutput, 'apps/docs/Dockerfile');
    };
    const v9 = await run();
    expect(v9).toContain('pnpm --filter @mono/docs --prod deploy --store-dir /pnpm/store /prod/app');
    expect(v9).toContain('COPY --from=prod-deploy /prod/app ./');
    expect(v9).not.toContain('apps/web');
    const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(path.join(root, 'package.json'), JSON.stringify({ ...pkg, packageManager: 'pnpm@10.4.1' }));
    expect(await run()).toContain('deploy --store-dir /pnpm/store --legacy /prod/app');
  });

  it('builds the workspace libraries the app imports before the app, in dependency order', async () => {
    const root = await copy('mono-pnpm-next');
    const result = await runCli([root, '--yes', '--json', '--dry-run', '--workspace', 'apps/web'], root);
    const dockerfile = file(JSON.parse(result.stdout) as JsonOutput, 'apps/web/Dockerfile');
    const lib = dockerfile.indexOf('RUN pnpm --filter @mono/ui run build');
    const app = dockerfile.indexOf('pnpm --filter @mono/web run build');
    expect(lib).toBeGreaterThan(0);
    expect(app).toBeGreaterThan(lib);
    expect(dockerfile).toContain('--frozen-lockfile --filter @mono/web...');
  });
});
