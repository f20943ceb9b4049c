import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyFixture, ROOT } from './helpers.js';

/** Output is never lost, however slowly the other end reads. */
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the built CLI on a socket (how Node.js gives a child its stdout)', () => {
  it('delivers all of a large output to a reader that starts late, before it exits', async () => {
    // A dry run's diff against a 600 KB Dockerfile is more than a socket holds.
    const dir = await copyFixture('node-npm-express');
    dirs.push(dir);
    writeFileSync(path.join(dir, 'Dockerfile'), Array.from({ length: 20_000 }, (_, i) => `RUN echo line ${i} ${'x'.repeat(20)}`).join('\n'));
    const child = spawn(process.execPath, [path.join(ROOT, 'dist/cli.js'), dir, '--yes', '--diff'], { stdio: ['ignore', 'pipe', 'pipe'], env: { CI: 'true' } });
    child.stdout.pause();
    const chunks: Buffer[] = [];
    setTimeout(() => {
      child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
      child.stdout.resume();
    }, 300);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const text = Buffer.concat(chunks).toString();
    expect(code).toBe(4);
    expect(text.length).toBeGreaterThan(600_000);
    expect(text.trimEnd().endsWith('Dry run: nothing was written.')).toBe(true);
    expect(text).not.toContain('add --diff');
  });
});

describe('the built CLI writing to a reader that goes away', () => {
  it('stops quietly, with no error, when the pipe closes early (`| head -c 1`)', async () => {
    const dir = await copyFixture('node-npm-express');
    dirs.push(dir);
    writeFileSync(path.join(dir, 'Dockerfile'), Array.from({ length: 20_000 }, (_, i) => `RUN echo line ${i}`).join('\n'));
    const child = spawn('sh', ['-c', 'node "$0" "$1" --yes --dry-run --force | head -c 1 >/dev/null', path.join(ROOT, 'dist/cli.js'), dir], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, CI: 'true' } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
