import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

/** The app list of the real-world matrix is data; these checks keep it honest before any engine runs. */
interface App {
  name: string;
  class: string;
  make: { run?: string[]; recipe?: string; edits?: string[]; pm?: string };
  source: string;
  probe: { path: string; status?: number }[];
  expect: 'answers' | 'refused';
  exit?: number;
  message?: string;
  known?: { issue: number; why: string };
  ci?: boolean;
}

const REAL = path.join(ROOT, 'test/real');
const { apps } = JSON.parse(readFileSync(path.join(REAL, 'apps.json'), 'utf8')) as { apps: App[] };

describe('test/real/apps.json', () => {
  it('lists at least 35 apps with unique names', () => {
    expect(apps.length).toBeGreaterThanOrEqual(35);
    expect(new Set(apps.map((a) => a.name)).size).toBe(apps.length);
  });

  it('pins every generator run through npx to an exact version', () => {
    const unpinned = apps.flatMap((a) => (a.make.run ?? []).flatMap((cmd) => [...cmd.matchAll(/npx --yes (?:-p )?((?:@[\w-]+\/)?[\w.-]+)(@\S+)?/g)]
      .filter((m) => m[2] === undefined || !/^@\d+\.\d+\.\d+$/.test(m[2]))
      .map((m) => `${a.name}: ${m[0]}`)));
    expect(unpinned).toEqual([]);
  });

  it('makes every app from a generator or an existing recipe, and names a source file and a probe', () => {
    for (const app of apps) {
      expect(app.make.run !== undefined || app.make.recipe !== undefined, app.name).toBe(true);
      if (app.make.recipe !== undefined) expect(existsSync(path.join(REAL, 'recipes', app.make.recipe)), app.name).toBe(true);
      expect(app.source, app.name).not.toBe('');
      expect(app.probe.length, app.name).toBeGreaterThan(0);
    }
  });

  it('gives every refusal its exit code and every known failure its issue', () => {
    for (const app of apps) {
      expect(['answers', 'refused'], app.name).toContain(app.expect);
      if (app.expect === 'refused') expect(app.exit, app.name).toBeTypeOf('number');
      if (app.message !== undefined) expect(() => new RegExp(app.message as string), app.name).not.toThrow();
      if (app.known !== undefined) expect(app.known.issue > 0 && app.known.why.length > 0, app.name).toBe(true);
    }
  });

  it('runs one app of every class in CI', () => {
    const classes = new Set(apps.map((a) => a.class));
    const inCi = new Set(apps.filter((a) => a.ci === true).map((a) => a.class));
    expect([...classes].filter((c) => !inCi.has(c))).toEqual([]);
  });
});

it('README.md carries the table test/real/results.json makes', async () => {
  const check = await execa('node', [path.join(REAL, 'readme-table.mjs'), '--check'], { reject: false });
  expect(check.stderr).toBe('');
  expect(check.exitCode).toBe(0);
});
