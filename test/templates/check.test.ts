import { afterEach, describe, expect, it } from 'vitest';
import { copyFixture, removeDir, runCli } from '../helpers.js';
import { put, read } from './helpers.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

/** A fixture copy with its files generated and "committed". */
async function generatedRepo(): Promise<string> {
  const dir = await copyFixture('node-npm-express');
  dirs.push(dir);
  const result = await runCli([dir, '--yes'], dir);
  if (result.exit !== 0) throw new Error(result.stderr);
  return dir;
}

describe('--check', () => {
  it('passes on a fresh generation', async () => {
    const dir = await generatedRepo();
    const result = await runCli([dir, '--check'], dir);
    expect(result.exit).toBe(0);
    expect(result.stdout).toMatch(/^identical Dockerfile$/m);
    expect(result.stdout).toContain('All 8 files match');
  });

  it('fails with a unified diff after a hand edit, and writes nothing', async () => {
    const dir = await generatedRepo();
    const edited = (await read(dir, 'Dockerfile')).replace('EXPOSE 3000', 'EXPOSE 3000\nRUN echo patched');
    await put(dir, 'Dockerfile', edited);
    const result = await runCli([dir, '--check'], dir);
    expect(result.exit).toBe(1);
    expect(result.stdout).toMatch(/^differs {3}Dockerfile$/m);
    expect(result.stdout).toContain('--- Dockerfile (on disk)\n+++ Dockerfile (generated)\n');
    expect(result.stdout).toMatch(/^-RUN echo patched$/m);
    expect(result.stdout).toMatch(/^identical \.dockerignore$/m);
    expect(result.stdout).toContain('1 of 8 files differ');
    expect(await read(dir, 'Dockerfile')).toBe(edited);
  });

  it('fails when a generated file is missing', async () => {
    const dir = await generatedRepo();
    await removeDir(`${dir}/compose.prod.yaml`);
    const result = await runCli([dir, '--check'], dir);
    expect(result.exit).toBe(1);
    expect(result.stdout).toMatch(/^missing {3}compose\.prod\.yaml$/m);
  });

  it('reports, but does not fail, a file marked as owned in its first lines', async () => {
    const dir = await generatedRepo();
    const text = await read(dir, 'Dockerfile');
    await put(dir, 'Dockerfile', text.replace('# syntax=docker/dockerfile:1\n', '# syntax=docker/dockerfile:1\n# create-dockerfile: owned\n') + 'RUN echo ours\n');
    const result = await runCli([dir, '--check'], dir);
    expect(result.exit).toBe(0);
    expect(result.stdout).toMatch(/^owned {5}Dockerfile \(differs; yours, so reported, not failed\)$/m);
    expect(result.stdout).toContain('1 owned file(s) differ');
  });

  it('reports, but does not fail, a file listed as owned in .create-dockerfile.json, and a run keeps it', async () => {
    const dir = await generatedRepo();
    // Not compose.yaml: a compose file of the user's is extended rather than regenerated (compose-existing).
    await put(dir, '.create-dockerfile.json', JSON.stringify({ options: {}, owned: ['.dockerignore'] }, null, 2));
    await put(dir, '.dockerignore', 'node_modules\n');
    const checked = await runCli([dir, '--check'], dir);
    expect(checked.stdout).toMatch(/^owned {5}\.dockerignore/m);
    // The settings file is rewritten in its usual form, with the owned list kept.
    const rerun = await runCli([dir, '--yes', '--force'], dir);
    expect(rerun.exit).toBe(0);
    expect(rerun.stdout).toMatch(/^skip {6}\.dockerignore$/m);
    expect(await read(dir, '.dockerignore')).toBe('node_modules\n');
    expect(JSON.parse(await read(dir, '.create-dockerfile.json')).owned).toEqual(['.dockerignore']);
    expect((await runCli([dir, '--check'], dir)).exit).toBe(0);
  });
});
