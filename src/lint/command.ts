import { readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { LintConfig } from './config.js';
import { ConfigError, findConfig, readConfig } from './config.js';
import { lintDockerfile } from './engine.js';
import type { FileResult } from './format.js';
import { formatJson, formatText } from './format.js';
import { formatSarif } from './sarif.js';
import { shellcheckAvailable } from './shellcheck.js';
import type { Output } from '../types.js';
import type { Severity } from './types.js';
import { SEVERITY_RANK } from './types.js';

export interface LintIo {
  cwd: string;
  stdout: Output;
  stderr: Output;
}

type Format = 'text' | 'json' | 'sarif';

interface Args {
  paths: string[];
  format: Format;
  failOn?: Severity;
  config?: string;
  shellcheck: boolean;
  help: boolean;
}

export const LINT_USAGE = `Usage: create-dockerfile lint [options] [path…]

Lint Dockerfiles (hadolint, BuildKit and Trivy rules; shellcheck on RUN when installed).
A path may be a Dockerfile or a folder containing one (default: ./Dockerfile).

Options:
  --format text|json|sarif     output format (default: text)
  --fail-on info|warning|error exit 1 when a finding is at or above this level (default: warning)
  --config <file>              config file (default: .create-dockerfile-lint.yaml or .hadolint.yaml
                               next to the Dockerfile); keys: ignored, failure-threshold
  --no-shellcheck              do not run shellcheck on RUN scripts
  -h, --help                   show this help

Suppress a rule for one instruction with a comment above it: # hadolint ignore=DL3008,DL3015
or for the whole file: # hadolint global ignore=DL3008

Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage error or unreadable file.
`;

class UsageError extends Error {}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T {
  if (value === undefined || !(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`${flag} expects one of ${allowed.join(', ')}${value === undefined ? '' : ` (got "${value}")`}`);
  }
  return value as T;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { paths: [], format: 'text', shellcheck: true, help: false };
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i] ?? '';
    if (raw === '--') {
      args.paths.push(...argv.slice(i + 1));
      break;
    }
    const eq = raw.startsWith('--') ? raw.indexOf('=') : -1;
    const flag = eq > 0 ? raw.slice(0, eq) : raw;
    const value = (): string | undefined => (eq > 0 ? raw.slice(eq + 1) : argv[++i]);
    switch (flag) {
      case '-h': case '--help': args.help = true; break;
      case '--format': args.format = oneOf(flag, value(), ['text', 'json', 'sarif'] as const); break;
      case '--fail-on': args.failOn = oneOf(flag, value(), ['info', 'warning', 'error'] as const); break;
      case '--no-shellcheck': args.shellcheck = false; break;
      case '--config': {
        const v = value();
        if (v === undefined || v === '') throw new UsageError('--config expects a file path');
        args.config = v;
        break;
      }
      default:
        if (raw.startsWith('-') && raw !== '-') throw new UsageError(`unknown option ${raw}`);
        args.paths.push(raw);
    }
  }
  return args;
}

async function resolveDockerfile(cwd: string, p: string): Promise<string> {
  const abs = resolve(cwd, p);
  try {
    if ((await stat(abs)).isDirectory()) return join(abs, 'Dockerfile');
  } catch {
    // Missing paths are reported when reading.
  }
  return abs;
}

/** `Dockerfile.prod.dockerignore` wins over `.dockerignore`, as in BuildKit. */
async function readDockerignore(dockerfile: string): Promise<string | null> {
  for (const candidate of [`${dockerfile}.dockerignore`, join(dirname(dockerfile), '.dockerignore')]) {
    try {
      return await readFile(candidate, 'utf8');
    } catch {
      // try the next candidate
    }
  }
  return null;
}

function display(cwd: string, abs: string): string {
  const rel = relative(cwd, abs);
  return (rel === '' || rel.startsWith('..') || isAbsolute(rel) ? abs : rel).split(sep).join('/');
}

function write(stream: Output, text: string): void {
  stream.write(text);
}

/** `create-dockerfile lint …`: returns the exit code, never throws for bad input. */
export async function runLint(argv: string[], io: LintIo): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (err) {
    write(io.stderr, `create-dockerfile lint: ${(err as Error).message}\n\n${LINT_USAGE}`);
    return 2;
  }
  if (args.help) {
    write(io.stdout, LINT_USAGE);
    return 0;
  }
  try {
    return await lintPaths(args, io);
  } catch (err) {
    const message = err instanceof ConfigError ? err.message : `unexpected error: ${(err as Error).message}`;
    write(io.stderr, `create-dockerfile lint: ${message}\n`);
    return 2;
  }
}

async function lintPaths(args: Args, io: LintIo): Promise<number> {
  const explicitConfig = args.config === undefined ? null : await readConfig(resolve(io.cwd, args.config));
  const results: FileResult[] = [];
  let unreadable = false;
  let threshold: Severity | null = args.failOn ?? 'warning';
  for (const p of args.paths.length > 0 ? args.paths : ['Dockerfile']) {
    const file = await resolveDockerfile(io.cwd, p);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const where = display(io.cwd, file);
      // The usual first run: lint in a folder that has no Dockerfile yet.
      const why = code === 'ENOENT' ? `there is no ${where}${args.paths.length === 0 ? ' in this folder' : ''}: pass the path of a Dockerfile, or create one with \`npx create-dockerfile\`` : `cannot read ${where}: ${code ?? (err as Error).message}`;
      write(io.stderr, `create-dockerfile lint: ${why}\n`);
      unreadable = true;
      continue;
    }
    const config: LintConfig | null = explicitConfig ?? (await findConfig(dirname(file), io.cwd));
    if (args.failOn === undefined && config?.failureThreshold !== undefined) threshold = config.failureThreshold;
    const findings = await lintDockerfile(text, {
      file: display(io.cwd, file),
      dockerignore: await readDockerignore(file),
      ignore: config?.ignored ?? [],
      enable: config?.enable ?? [],
      shellcheck: args.shellcheck,
    });
    results.push({ file: display(io.cwd, file), findings });
  }
  // Nothing was read: a summary of "0 files" would only hide the error above.
  if (results.length === 0) return 2;
  const shellcheckRan = args.shellcheck && (await shellcheckAvailable());
  if (args.format === 'json') write(io.stdout, formatJson(results, shellcheckRan));
  else if (args.format === 'sarif') write(io.stdout, formatSarif(results));
  else {
    write(io.stdout, formatText(results));
    if (args.shellcheck && !shellcheckRan) write(io.stdout, 'shellcheck is not installed: RUN scripts were not checked by it (install shellcheck, or pass --no-shellcheck to say so).\n');
  }
  if (unreadable) return 2;
  const failing = threshold !== null && results.some((r) => r.findings.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[threshold]));
  return failing ? 1 : 0;
}
