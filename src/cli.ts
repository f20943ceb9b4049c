import { EXIT, isCliError } from './errors.js';
import { descriptorOutput, isPipeOrFile } from './output.js';
// Imported, not import()ed: most runs are this one, and in the bundle a static import is plain
// top-level code, where a dynamic one wraps every module it reaches in a lazy initializer.
import { run } from './run.js';
import type { Io, Output } from './types.js';

/**
 * Messages quote repository content (a JSON parse error shows part of the file): control
 * characters are made visible so a hostile file cannot send escape sequences to the terminal.
 */
function printable(message: string): string {
  return message.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** A reader that goes away (`create-dockerfile --json | head -1`) is not an error worth a stack trace. */
function readerGone(): never {
  process.exit(typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok);
}

/** The process streams a run created: they may still hold output when main() returns. */
const processStreams: NodeJS.WriteStream[] = [];

/** process.stdout or process.stderr, created on first use (see output.ts), with the EPIPE rule. */
function processStream(stream: NodeJS.WriteStream): NodeJS.WriteStream {
  processStreams.push(stream);
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    readerGone();
  });
  return stream;
}

/** The only place that exits. Errors the user can act on print their message; others, a short line. */
async function main(): Promise<number> {
  let stdout: Output | null = null;
  let stderr: Output | null = null;
  const io: Io = {
    cwd: process.cwd(),
    env: process.env,
    // Getters: creating process.stdin costs a few milliseconds, and only the wizard reads it.
    get stdin() {
      return process.stdin;
    },
    get stdout() {
      stdout ??= isPipeOrFile(1) ? descriptorOutput(1, readerGone) : processStream(process.stdout);
      return stdout;
    },
    get stderr() {
      stderr ??= isPipeOrFile(2) ? descriptorOutput(2, readerGone) : processStream(process.stderr);
      return stderr;
    },
    // --yes and --json runs never ask, so they never create the stdin stream.
    get isTTY() {
      return process.stdin.isTTY === true;
    },
  };
  const argv = process.argv.slice(2);
  try {
    if (argv[0] === 'lint') {
      const { runLint } = await import('./lint/index.js');
      return await runLint(argv.slice(1), io);
    }
    // Only with a subcommand after it: `create-dockerfile templates` alone may name a repo folder.
    if (argv[0] === 'templates' && ['eject', 'list', '--help', '-h'].includes(argv[1] ?? '')) {
      const { runTemplates } = await import('./templates/command.js');
      return await runTemplates(argv.slice(1), io);
    }
    return await run(argv, io);
  } catch (error) {
    if (isCliError(error)) {
      io.stderr.write(`create-dockerfile: ${printable(error.message)}\n`);
      return error.exit;
    }
    io.stderr.write(`create-dockerfile: unexpected error: ${printable((error as Error).message ?? String(error))}\n`);
    if (argv.includes('--debug')) io.stderr.write(`${(error as Error).stack ?? ''}\n`);
    else io.stderr.write('Run again with --debug for details, and please report it.\n');
    return EXIT.unexpected;
  }
}

// No top-level await: the main path is bundled as CommonJS (scripts/build.mjs).
void main().then((code) => {
  process.exitCode = code;
  // Exit now: left to itself the event loop first runs the tasks V8 queued, such as a garbage
  // collection of ~3 ms (bench/). Not while a stream still queues output: those drain first.
  if (processStreams.every((stream) => stream.writableLength === 0)) process.exit();
});
