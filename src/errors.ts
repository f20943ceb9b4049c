/** Exit codes are part of the CLI contract; the README lists them. */
export const EXIT = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  noStack: 3,
  conflicts: 4,
  cancelled: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error the user can act on: cli.ts prints `message` (no stack trace) and exits with `exit`. */
export class CliError extends Error {
  /** The flag the error is about (`--port`), for `--json`; by default the flag a message starts with. */
  readonly flag: string | null;

  constructor(
    message: string,
    readonly exit: ExitCode,
    readonly code: string,
    flag?: string | null,
  ) {
    super(message);
    this.name = 'CliError';
    this.flag = flag === undefined ? (/^(--[a-z][a-z-]*)/.exec(message)?.[1] ?? null) : flag;
  }
}

export function usageError(message: string, flag?: string | null): CliError {
  return new CliError(message, EXIT.usage, 'E_USAGE', flag);
}

/** A value detection could not find and no prompt can ask for; `howToFix`, when given, is advice that names the flag itself. */
export function missingFlag(flag: string, what: string, howToFix: string | null = null): CliError {
  return new CliError(
    howToFix === null ? `${what} could not be detected and no prompt is possible here: pass ${flag}.` : `${what} could not be detected and no prompt is possible here. ${howToFix}`,
    EXIT.usage,
    'E_MISSING',
    flag,
  );
}

/** A repo file that exists but cannot be used (malformed, too large, unreadable). */
export function badInput(file: string, problem: string): CliError {
  return new CliError(`${file}: ${problem}`, EXIT.unexpected, 'E_INPUT');
}

export function cancelled(): CliError {
  return new CliError('Cancelled: nothing was written.', EXIT.cancelled, 'E_CANCELLED');
}
