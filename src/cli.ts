#!/usr/bin/env node
import { EXIT, isCliError } from './errors.js';
import type { Io } from './types.js';

/** The only place that exits. Errors the user can act on print their message; others, a short line. */
async function main(): Promise<number> {
  const io: Io = {
    cwd: process.cwd(),
    env: process.env,
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    isTTY: process.stdin.isTTY === true,
  };
  const argv = process.argv.slice(2);
  try {
    if (argv[0] === 'lint') {
      const { runLint } = await import('./lint/index.js');
      return await runLint(argv.slice(1), io);
    }
    const { run } = await import('./run.js');
    return await run(argv, io);
  } catch (error) {
    if (isCliError(error)) {
      io.stderr.write(`create-dockerfile: ${error.message}\n`);
      return error.exit;
    }
    io.stderr.write(`create-dockerfile: unexpected error: ${(error as Error).message ?? String(error)}\n`);
    if (argv.includes('--debug')) io.stderr.write(`${(error as Error).stack ?? ''}\n`);
    else io.stderr.write('Run again with --debug for details, and please report it.\n');
    return EXIT.unexpected;
  }
}

process.exitCode = await main();
