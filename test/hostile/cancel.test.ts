import { spawn, spawnSync } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/run.js';
import type { Io } from '../../src/types.js';
import { CLI, expressApp, makeRepo, removeRepo, requireBuild, snapshotTree } from './helpers.js';

/** Ctrl-C in the wizard: exit 130, "nothing was written", and the repo exactly as before. */

const repos: string[] = [];
afterEach(async () => {
  for (const dir of repos.splice(0)) await removeRepo(dir);
});
beforeAll(requireBuild);

const hasScript = spawnSync('script', ['--version']).status === 0;

/** Runs the CLI in a pseudo-terminal (util-linux `script`), sends Ctrl-C once the first prompt shows. */
function ctrlCInPty(dir: string): Promise<{ exit: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', TERM: 'xterm', HOME: dir };
    // A fresh pty is 0 columns wide, which makes clack wrap every character onto its own line.
    const command = `stty cols 120 rows 40; exec ${process.execPath} ${CLI} ${dir}`;
    const child = spawn('script', ['-qfec', command, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    let sent = false;
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const plain = output.replace(/\x1b\[[0-9;?]*[a-zA-Z]/g, '');
      // clack draws a `◆` (or `*` without Unicode) in front of the active question.
      if (!sent && /^[◆*]\s+\S/m.test(plain)) {
        sent = true;
        setTimeout(() => child.stdin.write('\x03'), 100);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (exit) => {
      clearTimeout(timer);
      resolve({ exit, output });
    });
  });
}

describe('Ctrl-C in the wizard', () => {
  it('in a real terminal: exit 130 and the repo untouched', async (ctx) => {
    if (!hasScript) ctx.skip('util-linux `script` is not installed: no pseudo-terminal to drive');
    const dir = await makeRepo({ ...expressApp(), Dockerfile: '# mine\n' });
    repos.push(dir);
    const before = await snapshotTree(dir);
    const r = await ctrlCInPty(dir);
    expect(r.exit, r.output).toBe(130);
    expect(r.output).toContain('Cancelled: nothing was written.');
    expect(r.output).not.toMatch(/^\s+at .+:\d+/m);
    expect(await snapshotTree(dir)).toEqual(before);
  });

  it('in-process with mock streams: run() ends with the cancelled error (exit 130)', async () => {
    const dir = await makeRepo(expressApp());
    repos.push(dir);
    const before = await snapshotTree(dir);
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    let shown = '';
    stdout.on('data', (c: Buffer) => {
      shown += c.toString();
      if (/port/i.test(shown)) setImmediate(() => stdin.write('\x03'));
    });
    const io: Io = { cwd: dir, env: {}, stdin, stdout, stderr: new PassThrough(), isTTY: true };
    const outcome = await run([dir], io).then((exit) => ({ exit, message: '' }), (e: { exit?: number; message: string }) => ({ exit: e.exit, message: e.message }));
    expect(outcome).toEqual({ exit: 130, message: 'Cancelled: nothing was written.' });
    expect(await snapshotTree(dir)).toEqual(before);
  });
});
