import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CliError, EXIT } from './errors.js';
import { run } from './run.js';
import { runTemplates } from './templates/command.js';
import type { Io } from './types.js';

/**
 * Messages quote repository content (a JSON parse error shows part of the file): control
 * characters are made visible so a hostile file cannot send escape sequences to the terminal.
 */
function printable(message: string): string {
  return message.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/**
 * A command line to its exit code: the subcommand it names, and what the user reads when it
 * fails. Errors the user can act on print their message; others, a short line. src/cli.ts gives
 * it the process; tests give it streams and read exactly what a user would see.
 */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    if (argv[0] === 'help') return await run(['--help'], io);
    if (argv[0] === 'lint') {
      const { runLint } = await import('./lint/index.js');
      return await runLint(argv.slice(1), io);
    }
    // `create-dockerfile templates` may name a repo folder; when there is none, it is the command.
    if (argv[0] === 'templates' && (['eject', 'list', '--help', '-h'].includes(argv[1] ?? '') || !existsSync(resolve(io.cwd, 'templates')))) {
      return await runTemplates(argv.slice(1), io);
    }
    return await run(argv, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr.write(`create-dockerfile: ${printable(error.message)}\n`);
      return error.exit;
    }
    io.stderr.write(`create-dockerfile: unexpected error: ${printable((error as Error).message ?? String(error))}\n`);
    if (argv.includes('--debug')) io.stderr.write(`${(error as Error).stack ?? ''}\n`);
    else io.stderr.write('Run again with --debug for details, and please report it.\n');
    return EXIT.unexpected;
  }
}
