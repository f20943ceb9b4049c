#!/usr/bin/env node
import { EXIT } from './errors.js';
import { main } from './main.js';
import type { Io } from './types.js';

/** A reader that goes away (`create-dockerfile --json | head -1`) is not an error worth a stack trace. */
function readerGone(): never {
  process.exit(typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok);
}

/** EPIPE means the reader went away: that ends the run quietly, like any other closed pipe. */
function exitOnClosedPipe(stream: NodeJS.WriteStream): NodeJS.WriteStream {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    readerGone();
  });
  return stream;
}

/** The only place that exits: the process as an Io, and main's exit code as the process's. */
const io: Io = {
  cwd: process.cwd(),
  env: process.env,
  // Only the wizard reads stdin: --yes and --json runs never open it.
  get stdin() {
    return process.stdin;
  },
  stdout: exitOnClosedPipe(process.stdout),
  stderr: exitOnClosedPipe(process.stderr),
  get isTTY() {
    return process.stdin.isTTY === true;
  },
};

void main(process.argv.slice(2), io).then((code) => {
  process.exitCode = code;
});
