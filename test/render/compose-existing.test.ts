import { spawnSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { gitignoreCoversEnv, gitignoreWithEnv } from '../../src/render/compose-env.js';
import { copyFixture, removeDir, runCli, type JsonOutput } from '../helpers.js';

const made: string[] = [];
afterAll(async () => {
  for (const dir of made) await removeDir(dir);
});

/** The express fixture plus extra files, in a temporary copy. */
async function repo(files: Record<string, string>): Promise<string> {
  const dir = await copyFixture('node-npm-express');
  made.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await writeFile(path.join(dir, rel), text);
  }
  return dir;
}

async function generate(dir: string, ...args: string[]): Promise<Map<string, string>> {
  const run = await runCli([dir, '--yes', '--dry-run', '--json', ...args], dir);
  expect(run.exit, run.stderr).toBe(0);
  return new Map((JSON.parse(run.stdout) as JsonOutput).files.map((f) => [f.path, f.contents]));
}

const noCompose = spawnSync('docker', ['compose', 'version']).status !== 0;

const USER_COMPOSE = 'services:\n  web:\n    build: .\n    ports: ["3000:3000"]\n  db:\n    image: postgres:17\n';

describe('a repo that already has a compose file', () => {
  it('extends docker-compose.yml with overlays and never adds compose.yaml', async () => {
    const dir = await repo({ 'docker-compose.yml': USER_COMPOSE });
    const files = await generate(dir);
    expect([...files.keys()].filter((f) => /compose|\.env/.test(f)).sort()).toEqual(['compose.dev.yaml', 'compose.prod.yaml']);
    const dev = parse(files.get('compose.dev.yaml') ?? '') as { services: Record<string, any> };
    const prod = parse(files.get('compose.prod.yaml') ?? '') as { services: Record<string, any> };
    expect(Object.keys(dev.services)).toEqual(['web']);
    expect(dev.services.web.build.target).toBe('development');
    expect(prod.services.web.read_only).toBe(true);
    expect(files.get('compose.dev.yaml')).toContain('docker compose -f docker-compose.yml -f compose.dev.yaml up --watch');
    if (noCompose) return;
    for (const overlay of ['compose.dev.yaml', 'compose.prod.yaml']) {
      await writeFile(path.join(dir, overlay), files.get(overlay) ?? '');
      const r = spawnSync('docker', ['compose', '-f', 'docker-compose.yml', '-f', overlay, 'config', '-q'], { cwd: dir, encoding: 'utf8' });
      expect(r.stderr, overlay).toBe('');
      expect(r.status).toBe(0);
    }
  });

  it('prints the development command with the existing file', async () => {
    const dir = await repo({ 'compose.yml': USER_COMPOSE });
    const run = await runCli([dir, '--yes', '--dry-run'], dir);
    expect(run.stdout).toContain("compose.yml is the repo's compose file");
    const written = await runCli([dir, '--yes'], dir);
    expect(written.stdout).toContain('docker compose -f compose.yml -f compose.dev.yaml up --watch');
    expect(written.stdout).not.toMatch(/create\s+compose\.yaml/);
  });

  it('leaves compose out with a note when no single service builds the Dockerfile', async () => {
    const dir = await repo({ 'docker-compose.yaml': 'services:\n  api:\n    build:\n      context: .\n      dockerfile: docker/Dockerfile.prod\n' });
    const files = await generate(dir);
    expect([...files.keys()].filter((f) => f.includes('compose'))).toEqual([]);
    const run = await runCli([dir, '--yes', '--dry-run'], dir);
    expect(run.stdout).toMatch(/docker-compose\.yaml is the repo's compose file and no single service in it builds Dockerfile/);
  });

  it('regenerates its own compose.yaml as before', async () => {
    const dir = await repo({});
    expect((await runCli([dir, '--yes'], dir)).exit).toBe(0);
    const again = await runCli([dir, '--yes'], dir);
    expect(again.exit).toBe(0);
    expect(again.stdout).toMatch(/identical\s+compose\.yaml/);
  });
});

describe('.env and .gitignore', () => {
  it('appends .env to a .gitignore that misses it, keeps the rest, and says so', async () => {
    const dir = await repo({ '.gitignore': 'node_modules\n*.log' });
    const run = await runCli([dir, '--yes'], dir);
    expect(run.exit, run.stderr).toBe(0);
    expect(run.stdout).toContain('.env added to .gitignore');
    const text = await readFile(path.join(dir, '.gitignore'), 'utf8');
    expect(text.startsWith('node_modules\n*.log\n')).toBe(true);
    expect(gitignoreCoversEnv(text)).toBe(true);
    // A second run finds it there and leaves the file alone.
    expect((await runCli([dir, '--yes'], dir)).stdout).not.toContain('.gitignore');
  });

  it('writes no .gitignore when the repo has none', async () => {
    expect((await generate(await repo({}))).has('.gitignore')).toBe(false);
  });

  it.for([
    ['.env', true], ['/.env', true], ['.env*', true], ['*.env', true], ['**/.env', true], ['.env\n!.env', false],
    ['.env.local', false], ['.env/', false], ['# .env', false], ['node_modules', false],
  ] as const)('%j covers .env: %s', ([text, covered]) => {
    expect(gitignoreCoversEnv(text)).toBe(covered);
    expect(gitignoreWithEnv(text) === null).toBe(covered);
  });
});

describe('dependabot.yml', () => {
  it('is written with github-actions and docker, weekly', async () => {
    const doc = parse((await generate(await repo({}))).get('.github/dependabot.yml') ?? '') as { version: number; updates: { 'package-ecosystem': string; schedule: { interval: string } }[] };
    expect(doc.version).toBe(2);
    expect(doc.updates.map((u) => [u['package-ecosystem'], u.schedule.interval])).toEqual([['github-actions', 'weekly'], ['docker', 'weekly']]);
  });

  it.for(['.github/dependabot.yml', '.github/dependabot.yaml'])('is not written when the repo has %s', async (file) => {
    const files = await generate(await repo({ [file]: 'version: 2\nupdates: []\n' }));
    expect(files.has('.github/dependabot.yml')).toBe(false);
  });
});
