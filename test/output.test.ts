import { spawn, spawnSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { descriptorOutput, isPipeOrFile } from '../src/output.js';
import { copyFixture, ROOT } from './helpers.js';

/** Plain descriptor writes for pipes and files (src/output.ts): nothing lost, whoever holds the other end. */
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function fifo(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cdf-fifo-'));
  dirs.push(dir);
  const file = path.join(dir, 'pipe');
  expect(spawnSync('mkfifo', [file]).status).toBe(0);
  return file;
}

class Closed extends Error {}
const closed = (): never => {
  throw new Closed();
};

describe('descriptorOutput', () => {
  it('writes everything to a full non-blocking pipe, waiting for a reader that comes late', async () => {
    const file = fifo();
    // Our own idle reader lets the writer open; the real reader starts reading only after 300 ms.
    const idle = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    const fd = openSync(file, constants.O_WRONLY | constants.O_NONBLOCK);
    const reader = spawn('sh', ['-c', 'sleep 0.3; wc -c < "$0"', file]);
    let counted = '';
    reader.stdout.on('data', (chunk: Buffer) => (counted += chunk.toString()));
    const text = 'x'.repeat(1024 * 1024 - 1) + '\n';
    const started = performance.now();
    descriptorOutput(fd, closed).write(text);
    // The pipe holds 64 KB: the write can only have finished by waiting for the late reader.
    expect(performance.now() - started).toBeGreaterThan(200);
    closeSync(fd);
    await new Promise((resolve) => reader.on('close', resolve));
    closeSync(idle);
    expect(Number(counted.trim())).toBe(1024 * 1024);
  });

  it('reports a reader that went away instead of throwing EPIPE', () => {
    const file = fifo();
    const reader = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    const fd = openSync(file, constants.O_WRONLY | constants.O_NONBLOCK);
    closeSync(reader);
    expect(() => descriptorOutput(fd, closed).write('lost\n')).toThrow(Closed);
    closeSync(fd);
  });

  it('is used for pipes and files, not for terminals or /dev/null', () => {
    const file = fifo();
    const reader = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    const writer = openSync(file, constants.O_WRONLY | constants.O_NONBLOCK);
    const regular = openSync(path.join(path.dirname(file), 'out.txt'), 'w');
    const devNull = openSync('/dev/null', 'w');
    expect([isPipeOrFile(writer), isPipeOrFile(regular), isPipeOrFile(devNull), isPipeOrFile(987654)]).toEqual([true, true, false, false]);
    for (const fd of [reader, writer, regular, devNull]) closeSync(fd);
  });
});

describe('the built CLI on a socket (how Node.js gives a child its stdout)', () => {
  it('delivers all of a large output to a reader that starts late, before it exits', async () => {
    // src/cli.ts exits as soon as the run ends, except while a process stream still queues output.
    // A dry run's diff against a 600 KB Dockerfile is more than a socket holds.
    const dir = await copyFixture('node-npm-express');
    dirs.push(dir);
    writeFileSync(path.join(dir, 'Dockerfile'), Array.from({ length: 20_000 }, (_, i) => `RUN echo line ${i} ${'x'.repeat(20)}`).join('\n'));
    const child = spawn(process.execPath, [path.join(ROOT, 'dist/cli.cjs'), dir, '--yes', '--dry-run'], { stdio: ['ignore', 'pipe', 'pipe'], env: { CI: 'true' } });
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
  });
});
