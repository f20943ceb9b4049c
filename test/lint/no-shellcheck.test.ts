import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { df, sink } from './helpers.js';

// This file runs in the 'isolated' vitest project (vitest.config.ts): its own worker and module
// registry, so hiding shellcheck from PATH and the reloaded lint modules stay local here.
const savedPath = process.env['PATH'];
let dir: string;

beforeAll(async () => {
  process.env['PATH'] = '/nonexistent-dir';
  vi.resetModules();
  dir = await mkdtemp(path.join(tmpdir(), 'cdf-lint-nosc-'));
});
afterAll(async () => {
  process.env['PATH'] = savedPath;
  await rm(dir, { recursive: true, force: true });
});

describe('without a shellcheck binary', () => {
  it('skips shell checks silently and reports shellcheck: false', async () => {
    const { lintDockerfile, runLint } = await import('../../src/lint/index.js');
    const text = df('WORKDIR /app', 'RUN for f in $(ls *.txt); do echo "$f"; done');
    expect(await lintDockerfile(text, {})).toEqual([]);
    await writeFile(path.join(dir, 'Dockerfile'), text);
    const out = sink();
    const err = sink();
    const code = await runLint(['--format', 'json'], { cwd: dir, stdout: out.stream, stderr: err.stream });
    expect(code).toBe(0);
    expect(JSON.parse(out.text())).toEqual({ files: [{ file: 'Dockerfile', findings: [] }], shellcheck: false });
    expect(err.text()).toBe('');
  });

  it('says so in text output, and not when --no-shellcheck asked for it', async () => {
    const { runLint } = await import('../../src/lint/index.js');
    await writeFile(path.join(dir, 'Dockerfile'), df('WORKDIR /app'));
    const out = sink();
    expect(await runLint([], { cwd: dir, stdout: out.stream, stderr: sink().stream })).toBe(0);
    expect(out.text()).toBe('No problems found in 1 file.\nshellcheck is not installed: RUN scripts were not checked by it (install shellcheck, or pass --no-shellcheck to say so).\n');
    const quiet = sink();
    await runLint(['--no-shellcheck'], { cwd: dir, stdout: quiet.stream, stderr: sink().stream });
    expect(quiet.text()).toBe('No problems found in 1 file.\n');
  });
});
