import { PassThrough } from 'node:stream';
import { parseFlags } from '../../src/flags.js';
import { createProject } from '../../src/project.js';
import { resolveOptions } from '../../src/resolve.js';
import { detectStack } from '../../src/stacks/index.js';
import type { Io, Plan } from '../../src/types.js';

/** The plan `run` would make for `dir` with `--yes` (the same steps as src/run.ts). */
export async function planFor(dir: string): Promise<Plan> {
  const flags = parseFlags([dir, '--yes']);
  const found = await detectStack(await createProject(dir), null);
  if (found === null) throw new Error(`no stack detected in ${dir}`);
  const { options } = await resolveOptions(found.stack, found.detection, flags, false, async () => ({}), [], []);
  return found.stack.plan(found.detection, options);
}

export interface CapturedIo {
  readonly io: Io;
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Resolves when stderr first shows `text`. */
  readonly stderrShows: (text: string) => Promise<void>;
}

export function captureIo(cwd: string, env: Record<string, string>): CapturedIo {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (c: Buffer) => (stdout += c.toString()));
  err.on('data', (c: Buffer) => (stderr += c.toString()));
  const io: Io = { cwd, env, stdin: new PassThrough(), stdout: out, stderr: err, isTTY: false };
  const stderrShows = (text: string): Promise<void> =>
    new Promise((resolve) => {
      const check = (): void => {
        if (!stderr.includes(text)) return;
        err.off('data', check);
        resolve();
      };
      err.on('data', check);
      check();
    });
  return { io, stdout: () => stdout, stderr: () => stderr, stderrShows };
}
