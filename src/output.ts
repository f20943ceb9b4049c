import { fstatSync, writeSync } from 'node:fs';
import type { Output } from './types.js';

/** One shared word to wait on: Atomics.wait is the only synchronous sleep Node.js has. */
const PAUSE = new Int32Array(new SharedArrayBuffer(4));

/**
 * Whether `fd` is a pipe or a file, which plain synchronous writes serve best. Node's stream for a
 * pipe (a net.Socket) costs ~5 ms to create, a tenth of a run; terminals keep process.stdout,
 * which the wizard and spinners need, and so does anything else (sockets, /dev/null).
 */
export function isPipeOrFile(fd: number): boolean {
  try {
    const info = fstatSync(fd);
    return info.isFIFO() || info.isFile();
  } catch {
    return false;
  }
}

/**
 * Output written straight to `fd`. A pipe another process left non-blocking answers EAGAIN when
 * full: the write waits a millisecond for the reader and goes on. A reader that went away
 * (`create-dockerfile --json | head -1`) calls `onClosed`, as the stream's EPIPE would.
 */
export function descriptorOutput(fd: number, onClosed: () => never): Output {
  return {
    write(text: string): boolean {
      let rest = Buffer.from(text, 'utf8');
      while (rest.length > 0) {
        try {
          rest = rest.subarray(writeSync(fd, rest));
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'EPIPE') onClosed();
          if (code !== 'EAGAIN') throw error;
          Atomics.wait(PAUSE, 0, 0, 1);
        }
      }
      return true;
    },
  };
}
