import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject } from '../src/project.js';
import type { Project } from '../src/types.js';
import { removeDir } from './helpers.js';

/**
 * The repo view answers only for paths inside the repo. Plain relative paths take a fast join
 * (src/project.ts); every other form goes through path.resolve. Both must give the same answers.
 */
let base: string;
let project: Project;

beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'cdf-paths-'));
  const repo = path.join(base, 'repo');
  await mkdir(path.join(repo, 'src/app'), { recursive: true });
  await mkdir(path.join(base, 'outside'));
  await writeFile(path.join(base, 'outside/secret.txt'), 'secret');
  await writeFile(path.join(base, 'sibling.txt'), 'sibling');
  await writeFile(path.join(repo, 'package.json'), '{"name":"x"}');
  await writeFile(path.join(repo, 'src/app/main.py'), 'print(1)');
  await symlink(path.join(base, 'outside'), path.join(repo, 'linked'));
  await symlink(path.join(repo, 'src'), path.join(repo, 'source'));
  project = await createProject(repo);
});
afterAll(async () => removeDir(base));

describe('paths the repo view answers for', () => {
  it.each([
    ['package.json', '{"name":"x"}'],
    ['src/app/main.py', 'print(1)'],
    ['./package.json', '{"name":"x"}'],
    ['src//app/./main.py', 'print(1)'],
    ['src/app/../../package.json', '{"name":"x"}'],
    ['source/app/main.py', 'print(1)'],
  ])('reads %s inside the repo', async (rel, text) => {
    expect(await project.readText(rel)).toBe(text);
  });

  it.each(['../sibling.txt', 'src/../../sibling.txt', '../outside/secret.txt', 'linked/secret.txt', 'linked', '/etc/hostname', 'package.json\0'])(
    'treats %s as absent: it is outside the repo',
    async (rel) => {
      expect(await project.readText(rel)).toBeNull();
      expect(await project.exists(rel)).toBe(false);
    },
  );

  it('sees folders and the root itself', async () => {
    expect(await project.isDir('src/app')).toBe(true);
    expect(await project.isDir('.')).toBe(true);
    expect(await project.isDir('linked')).toBe(false);
    expect(await project.exists('missing/file.txt')).toBe(false);
  });
});
