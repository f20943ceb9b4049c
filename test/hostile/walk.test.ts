import { spawnSync } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitignorePatterns } from '../../src/gitignore.js';
import { createProject, NEVER_WALK } from '../../src/project.js';
import { CLI, expressApp, makeRepo, removeRepo, requireBuild, type Tree } from './helpers.js';

/**
 * Detection never walks dependency, VCS, build or .gitignore'd folders. Checked where it matters:
 * the system calls of the real CLI (strace: no file or folder inside them is ever opened), and
 * the glob results every stack relies on.
 */

const SKIPPED = ['node_modules', '.git', 'vendor', 'target', 'dist', '.venv', '.next', 'tmp-cache'];
/** `/generated/` in .gitignore is anchored: only the top-level folder is skipped. */
const SKIPPED_AT_ROOT = ['generated'];
/** Files that would tempt any detector: manifests and entry points of every stack. */
const BAIT = ['package.json', 'go.mod', 'main.go', 'pyproject.toml', 'requirements.txt', 'main.py', 'pom.xml', 'build.gradle', 'server.js', 'index.ts', 'next.config.js'];

let repo = '';
beforeAll(async () => {
  requireBuild();
  const tree: Tree = {
    ...expressApp(),
    '.gitignore': '# local\n/generated/\ntmp-*\n!keep.txt\n',
    'src/index.ts': 'export {};\n',
    'cmd/api/main.go': 'package main\n',
  };
  for (const bait of BAIT) tree[`generated/${bait}`] = bait.endsWith('.json') ? '{}' : '';
  for (const folder of SKIPPED) {
    for (const bait of BAIT) {
      tree[`${folder}/${bait}`] = bait.endsWith('.json') ? '{}' : '';
      tree[`${folder}/deep/er/${bait}`] = bait.endsWith('.json') ? '{}' : '';
      tree[`apps/web/${folder}/${bait}`] = bait.endsWith('.json') ? '{}' : '';
    }
  }
  repo = await makeRepo(tree);
});
afterAll(async () => {
  if (repo !== '') await removeRepo(repo);
});

function insideSkipped(file: string): boolean {
  const rel = path.relative(repo, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return false;
  return isSkipped(rel.split(path.sep).join('/'));
}

function isSkipped(rel: string): boolean {
  return rel.split('/').some((part) => SKIPPED.includes(part)) || SKIPPED_AT_ROOT.includes(rel.split('/')[0] ?? '');
}

const straceWorks = spawnSync('strace', ['-f', '-qq', '-e', 'trace=none', 'true']).status === 0;

describe('the CLI opens nothing inside skipped folders', () => {
  const runs: [string, string[]][] = [
    ['auto-detection', []],
    ...(['nextjs', 'node', 'go', 'python', 'java'] as const).map((s): [string, string[]] => [`--stack ${s}`, ['--stack', s]]),
  ];
  it.for(runs)('%s', async ([, args], ctx) => {
    if (!straceWorks) ctx.skip('strace is not available (or ptrace is not permitted) here');
    const log = path.join(repo, '..', `${path.basename(repo)}.strace`);
    const r = spawnSync('strace', ['-f', '-qq', '-e', 'trace=open,openat,openat2', '-o', log, process.execPath, CLI, repo, '--yes', '--dry-run', '--json', ...args], {
      env: { PATH: process.env.PATH ?? '', CI: 'true' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status, r.stderr).not.toBeNull();
    expect(r.stderr).not.toMatch(/^strace:/m);
    expect(r.stderr).not.toMatch(/^\s+at .+:\d+/m);
    const opened = [...(await readFile(log, 'utf8')).matchAll(/open(?:at2?)?\((?:AT_FDCWD|\d+), "([^"]+)"/g)].map((m) => m[1] as string);
    await rm(log, { force: true });
    // The run did read the repo (else the check below proves nothing).
    expect(opened.filter((f) => f.startsWith(repo)).length).toBeGreaterThan(0);
    expect(opened.filter(insideSkipped)).toEqual([]);
  });
});

describe('Project.glob', () => {
  it('never returns files inside skipped or .gitignored folders, whatever the pattern', async () => {
    const project = await createProject(repo);
    const found = await project.glob(['**/*', '**/package.json', '**/go.mod', 'node_modules/**', 'vendor/*.go'], { deep: 10 });
    expect(found).toContain('package.json');
    expect(found).toContain('cmd/api/main.go');
    expect(found.filter(isSkipped)).toEqual([]);
  });

  it('finds a folder named like an Object.prototype property (fast-glob keys its pattern groups by folder)', async () => {
    const dir = await makeRepo({ 'valueOf/package.json': '{}', 'constructor/package.json': '{}', 'apps/web/package.json': '{}' });
    try {
      const project = await createProject(dir);
      expect(await project.glob(['valueOf/package.json', 'constructor/package.json', 'apps/*/package.json'])).toEqual(['apps/web/package.json', 'constructor/package.json', 'valueOf/package.json']);
      expect(await project.glob(['./*/package.json', '!valueOf/package.json'])).toEqual(['constructor/package.json']);
    } finally {
      await removeRepo(dir);
    }
  });

  it('skips every NEVER_WALK folder', async () => {
    const dir = await makeRepo(Object.fromEntries(NEVER_WALK.flatMap((f) => [[`${f}/x.go`, ''], [`a/${f}/y.go`, '']])));
    try {
      const project = await createProject(dir);
      expect(await project.glob('**/*.go', { deep: 10 })).toEqual([]);
    } finally {
      await removeRepo(dir);
    }
  });
});

describe('gitignorePatterns', () => {
  it('turns folder lines into prune patterns and leaves the rest', () => {
    expect(gitignorePatterns('/generated/\nlogs\nbuild-*\ndocs/api/\n**/cache\n# comment\n\n*.log\n.*\n*\n')).toEqual([
      'generated/**', '**/logs/**', '**/@(build-*)/**', 'docs/api/**', '**/cache/**', '**/@(*.log)/**',
    ]);
  });

  it('never prunes a folder a negation re-includes', () => {
    expect(gitignorePatterns('out/\n!out/keep.txt\nlogs/\n')).toEqual(['**/logs/**']);
  });

  it('ignores patterns with escapes or odd characters', () => {
    expect(gitignorePatterns('a\\ b\nfoo[0-9]\n{x,y}\n')).toEqual([]);
  });
});
