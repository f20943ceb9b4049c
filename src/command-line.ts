import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { usageError, type CliError } from './errors.js';
import type { StackId } from './types.js';

/** Edit distance (with swapped neighbours as one edit), for "did you mean": a typo is a key or two away. */
export function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  let beforePrevious = previous;
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= b.length; j += 1) {
      row[j] = Math.min((previous[j] as number) + 1, (row[j - 1] as number) + 1, (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
      // Two swapped keys are one typo, not two.
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j] as number, (beforePrevious[j - 2] as number) + 1);
    }
    beforePrevious = previous;
    previous = row;
  }
  return previous[b.length] as number;
}

/** The closest name, when it is close enough to be what was meant (or `word` is its start). */
export function closest(word: string, names: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const name of names) {
    const d = name.startsWith(word) && word.length >= 3 ? 0.5 : distance(word, name);
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  return bestDistance <= Math.max(1, Math.min(2, Math.floor(word.length / 3))) ? best : null;
}

/** Node's parseArgs errors, said in our words with a suggestion from the flag table. */
export function flagError(error: Error & { code?: string }, flags: readonly { name: string; short?: string; value?: string }[]): CliError {
  const unknown = /^Unknown option '(-{1,2})([^']*)'/.exec(error.message);
  if (unknown !== null) {
    const [, dashes, name = ''] = unknown;
    const guess = closest(name.replace(/=.*$/, ''), flags.map((f) => f.name));
    const hint = guess === null ? '' : ` Did you mean --${guess}?`;
    return usageError(`Unknown flag ${dashes}${name}.${hint} Run create-dockerfile --help for the list of flags.`, `${dashes}${name}`);
  }
  const missing = /^Option '(?:-\w, )?--([\w-]+) <value>' argument missing/.exec(error.message);
  if (missing !== null) {
    const spec = flags.find((f) => f.name === missing[1]);
    return usageError(`--${missing[1]} needs a value: --${missing[1]} <${spec?.value ?? 'value'}>.`, `--${missing[1]}`);
  }
  const noValue = /^Option '(?:-\w, )?--([\w-]+)' does not take an argument/.exec(error.message);
  if (noValue !== null) return usageError(`--${noValue[1]} is a switch and takes no value: pass --${noValue[1]} alone.`, `--${noValue[1]}`);
  return usageError(`${error.message}. Run create-dockerfile --help for the list of flags.`);
}

/** Flags that cannot be given together, and why. */
const CONTRADICTIONS: readonly [string, string, string][] = [
  ['force', 'skip-existing', '--force overwrites differing files and --skip-existing keeps them'],
  ['verify', 'dry-run', '--verify builds the files a run writes and --dry-run writes none'],
  ['verify', 'diff', '--verify builds the files a run writes and --diff writes none'],
  ['verify', 'check', '--verify builds the files a run writes and --check writes none'],
  ['force', 'check', '--check compares and writes nothing, so there is nothing to --force'],
];

export function checkContradictions(given: Readonly<Record<string, unknown>>): void {
  for (const [a, b, why] of CONTRADICTIONS) {
    if (given[a] === true && given[b] === true) throw usageError(`--${a} and --${b} cannot be used together: ${why}. Pass one of them.`, `--${b}`);
  }
  if (given.services !== undefined && given['no-services'] === true) {
    throw usageError('--services and --no-services cannot be used together: --services keeps some services and --no-services none. Pass one of them.', '--no-services');
  }
  if (given['remember-only'] === true && given.only === undefined) {
    throw usageError('--remember-only remembers the files --only names: pass --only <list> with it.', '--remember-only');
  }
}

/** Flags that only mean something for some stacks; given for another, they are ignored with a warning. */
const STACK_FLAGS: Readonly<Record<string, readonly StackId[]>> = {
  'node-version': ['node', 'nextjs'],
  'go-version': ['go'],
  'python-version': ['python'],
  'java-version': ['java'],
  main: ['go'],
  module: ['java'],
  jlink: ['java'],
};

export function inapplicableFlags(given: Readonly<Record<string, unknown>>, stack: StackId, label: string): string[] {
  return Object.keys(given)
    .filter((name) => STACK_FLAGS[name] !== undefined && !(STACK_FLAGS[name] as readonly StackId[]).includes(stack))
    .map((name) => `--${name} does not apply to a ${label} app and was ignored.`);
}

/** The subcommands; a folder argument that is none of them and does not exist may be a misspelt one. */
export const COMMANDS = ['lint', 'templates', 'help'] as const;

/**
 * `create-dockerfile tempaltes` is a misspelt command, not a missing folder: a bare word that is
 * not a folder gets the usage and the command it is closest to.
 */
export const SHORT_USAGE = `Usage: create-dockerfile [dir] [flags]      write a Docker setup for the app in dir (default: here)
       create-dockerfile lint [Dockerfile…]   check Dockerfiles
       create-dockerfile templates eject|list team templates
       create-dockerfile help                 all flags`;

export function checkCommandWord(cwd: string, dir: string, usage = SHORT_USAGE): void {
  if (!/^[a-z][a-z-]*$/.test(dir)) return;
  if (statSync(resolve(cwd, dir), { throwIfNoEntry: false }) !== undefined) return;
  const guess = closest(dir, COMMANDS);
  const what = guess === null ? `"${dir}" is neither a folder nor a command.` : `"${dir}" is neither a folder nor a command: did you mean create-dockerfile ${guess}?`;
  throw usageError(`${what}\n\n${usage}`, null);
}
