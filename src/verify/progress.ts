import type { Writable } from 'node:stream';
import type { Io, Output } from '../types.js';

/** What the steps of a verification report while they work. */
export interface Progress {
  /** A new phase ("Building the image"). */
  start(label: string): void;
  /** Detail within the phase (the build step running now); only a spinner shows it. */
  detail(text: string): void;
  /** The phase finished well, with its result ("Built in 12.3 s"). */
  done(text: string): void;
  /** The phase failed; the caller prints the reason after. */
  fail(text: string): void;
  /** Takes the display down at once (Ctrl-C), restoring the terminal. */
  dispose(): void;
}


/**
 * A clack spinner when a person watches a terminal, plain lines on stderr otherwise (CI logs,
 * pipes, tests). `stream` is where the display may draw: stdout normally, stderr with --json so
 * stdout stays one JSON document.
 */
export async function createProgress(io: Io, stream: Output): Promise<Progress> {
  const ci = io.env.CI !== undefined && io.env.CI !== '' && io.env.CI !== 'false';
  if (stream.isTTY === true && !ci) return spinnerProgress(io, stream);
  return lineProgress(io.stderr);
}

function lineProgress(out: Output): Progress {
  return {
    start: (label) => void out.write(`verify: ${label}…\n`),
    detail: () => undefined,
    done: (text) => void out.write(`verify: ${text}\n`),
    fail: (text) => void out.write(`verify: ${text}\n`),
    dispose: () => undefined,
  };
}

/** Only for a terminal, where `stream` is process.stdout or process.stderr (see Output). */
async function spinnerProgress(io: Io, stream: Output): Promise<Progress> {
  const { spinner } = await import('@clack/prompts');
  let current: ReturnType<typeof spinner> | null = null;
  let label = '';
  const width = Math.max(20, (stream.columns ?? 80) - 10);
  return {
    start(next) {
      label = next;
      current = spinner({ output: stream as unknown as Writable, indicator: 'dots' });
      current.start(next);
      releaseKeyboard(io);
    },
    detail(text) {
      current?.message(`${label}: ${text}`.slice(0, width));
    },
    done(text) {
      current?.stop(text);
      current = null;
    },
    fail(text) {
      current?.error(text);
      current = null;
    },
    dispose() {
      current?.clear();
      current = null;
    },
  };
}

/**
 * clack's spinner puts stdin in raw mode and answers Ctrl-C with `process.exit(0)`: the
 * container would be left running and the exit code would claim success. Back in cooked mode,
 * the terminal turns Ctrl-C into SIGINT, which `verify` handles (stop, clean up, exit 130).
 */
function releaseKeyboard(io: Io): void {
  const stdin = io.stdin as NodeJS.ReadStream;
  if (stdin.isTTY === true && typeof stdin.setRawMode === 'function') stdin.setRawMode(false);
}
