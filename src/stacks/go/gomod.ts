import { badInput } from '../../errors.js';

/** What detection needs from a go.mod; the rest (exclude, retract, godebug…) is ignored. */
export interface GoMod {
  readonly module: string;
  /** The `go` directive as written (`1.23.4`, `1.22`, `1.21rc2`), or null when absent. */
  readonly go: string | null;
  /** The `toolchain` line's version without the `go` prefix (`1.23.4`), or null. */
  readonly toolchain: string | null;
  readonly requires: readonly string[];
  /** Targets of `replace … => ./local/dir` (relative paths only). */
  readonly localReplaces: readonly string[];
}

export interface GoWork {
  readonly go: string | null;
  readonly toolchain: string | null;
  /** `use` folders, normalised without `./` ('' for the workspace root). */
  readonly uses: readonly string[];
}

const GO_VERSION = /^1(\.\d{1,4}){1,2}((rc|beta)\d{1,3})?$/;

function stripComment(line: string): string {
  const at = line.indexOf('//');
  return (at === -1 ? line : line.slice(0, at)).trim();
}

function unquote(word: string): string {
  return word.startsWith('"') && word.endsWith('"') && word.length >= 2 ? word.slice(1, -1) : word.replace(/^`|`$/g, '');
}

/** Splits a go.mod/go.work into (directive, arguments) pairs, expanding `require ( … )` blocks. */
export function goModLines(text: string, file: string): { verb: string; args: string[] }[] {
  const out: { verb: string; args: string[] }[] = [];
  let block: string | null = null;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = stripComment(raw);
    if (line === '') return;
    if (block !== null) {
      if (line === ')') block = null;
      else out.push({ verb: block, args: line.split(/\s+/) });
      return;
    }
    const [verb, ...args] = line.split(/\s+/) as [string, ...string[]];
    if (!/^[a-z]+$/.test(verb)) throw badInput(file, `line ${index + 1} is not a go.mod directive: ${JSON.stringify(raw.trim().slice(0, 60))}`);
    if (args.length === 1 && args[0] === '(') block = verb;
    else out.push({ verb, args });
  });
  if (block !== null) throw badInput(file, `the "${block} (" block is never closed`);
  return out;
}

function goDirective(args: readonly string[], file: string): string {
  const value = args[0] ?? '';
  if (args.length !== 1 || !GO_VERSION.test(value)) throw badInput(file, `"go ${args.join(' ')}" is not a Go version (expected e.g. go 1.23.4)`);
  return value;
}

/** `toolchain go1.23.4` → `1.23.4`; `toolchain default` and anything unexpected → null. */
function toolchainDirective(args: readonly string[]): string | null {
  const match = /^go(1(?:\.\d{1,4}){1,2}(?:(?:rc|beta)\d{1,3})?)(?:\+.*)?$/.exec(args[0] ?? '');
  return match?.[1] ?? null;
}

function replaceTarget(args: readonly string[]): string | null {
  const arrow = args.indexOf('=>');
  const target = arrow === -1 ? undefined : args[arrow + 1];
  return target !== undefined && (target.startsWith('./') || target.startsWith('../')) ? target : null;
}

export function parseGoMod(text: string, file = 'go.mod'): GoMod {
  let module: string | null = null;
  let go: string | null = null;
  let toolchain: string | null = null;
  const requires: string[] = [];
  const localReplaces: string[] = [];
  for (const { verb, args } of goModLines(text, file)) {
    if (verb === 'module') module = unquote(args[0] ?? '');
    else if (verb === 'go') go = goDirective(args, file);
    else if (verb === 'toolchain') toolchain = toolchainDirective(args);
    else if (verb === 'require' && args[0] !== undefined) requires.push(unquote(args[0]));
    else if (verb === 'replace') {
      const target = replaceTarget(args);
      if (target !== null) localReplaces.push(target);
    }
  }
  if (module === null || module === '') throw badInput(file, 'has no module line (expected e.g. module github.com/acme/app)');
  return { module, go, toolchain, requires, localReplaces };
}

export function parseGoWork(text: string, file = 'go.work'): GoWork {
  let go: string | null = null;
  let toolchain: string | null = null;
  const uses: string[] = [];
  for (const { verb, args } of goModLines(text, file)) {
    if (verb === 'go') go = goDirective(args, file);
    else if (verb === 'toolchain') toolchain = toolchainDirective(args);
    else if (verb === 'use' && args[0] !== undefined) uses.push(normaliseDir(unquote(args[0])));
  }
  if (uses.length === 0) throw badInput(file, 'has no use directive: no module to build');
  return { go, toolchain, uses };
}

/** `./svc/api/` → `svc/api`; `.` → ''. */
export function normaliseDir(dir: string): string {
  const trimmed = dir.replace(/\/+$/, '');
  return trimmed === '.' ? '' : trimmed.replace(/^(\.\/)+/, '');
}

/** The last element of a module path, skipping a major-version suffix: `github.com/acme/api/v2` → `api`. */
export function moduleBasename(modulePath: string): string {
  const parts = modulePath.split('/').filter((p) => p !== '');
  const last = parts.at(-1) ?? '';
  return /^v\d+$/.test(last) && parts.length > 1 ? (parts.at(-2) ?? last) : last;
}
