import { parseArgs } from 'node:util';
import { usageError } from './errors.js';
import { FILE_KINDS, STACK_IDS, type BaseId, type FileKind, type StackId } from './types.js';
import { splitCommand } from './shell-words.js';
import { checkContradictions, flagError } from './command-line.js';
import { SERVICE_ORDER, type ServiceId } from './services/types.js';

interface FlagSpec {
  readonly name: string;
  readonly short?: string;
  readonly type: 'boolean' | 'string';
  readonly value?: string;
  readonly description: string;
  /** Remembered in .create-dockerfile.json so a re-run with no flags reproduces the files. */
  readonly remember: boolean;
}

/** The one table behind the parser, `--help` and the README's flag list. */
export const FLAGS: readonly FlagSpec[] = [
  { name: 'yes', short: 'y', type: 'boolean', description: 'Take detected values and defaults; ask nothing.', remember: false },
  { name: 'dry-run', type: 'boolean', description: 'Write nothing; print each file\'s status, size and changed lines.', remember: false },
  { name: 'diff', type: 'boolean', description: 'Write nothing; print the full diff of each file (- on disk, + generated). Implies --dry-run.', remember: false },
  { name: 'json', type: 'boolean', description: 'Print one JSON document (detection and files) on stdout, nothing else.', remember: false },
  { name: 'force', type: 'boolean', description: 'Overwrite files that differ from what would be generated.', remember: false },
  { name: 'skip-existing', type: 'boolean', description: 'Keep files that differ; write only new ones.', remember: false },
  { name: 'stack', type: 'string', value: STACK_IDS.join('|'), description: 'Skip detection and use this stack.', remember: true },
  { name: 'port', type: 'string', value: 'n', description: 'Port the app listens on.', remember: true },
  { name: 'node-version', type: 'string', value: 'v', description: 'Node.js major version for node/nextjs (e.g. 22).', remember: true },
  { name: 'go-version', type: 'string', value: 'v', description: 'Go version for go (e.g. 1.24).', remember: true },
  { name: 'python-version', type: 'string', value: 'v', description: 'Python version for python (e.g. 3.13).', remember: true },
  { name: 'java-version', type: 'string', value: 'v', description: 'Java version for java (e.g. 21).', remember: true },
  { name: 'package-manager', type: 'string', value: 'name', description: 'Package manager (npm|yarn|pnpm|bun; uv|poetry|pip|pipenv|pdm; maven|gradle).', remember: true },
  { name: 'base', type: 'string', value: 'slim|alpine|distroless|scratch', description: 'Runtime base image family.', remember: true },
  { name: 'cmd', type: 'string', value: 'command', description: 'Start command, e.g. "node dist/server.js" (exec form is generated).', remember: true },
  { name: 'no-healthcheck', type: 'boolean', description: 'Leave the HEALTHCHECK out (HEALTHCHECK NONE).', remember: true },
  { name: 'only', type: 'string', value: 'list', description: `Write only these files: ${FILE_KINDS.join(',')}. For this run only, unless chosen in the wizard or given with --remember-only.`, remember: true },
  { name: 'remember-only', type: 'boolean', description: 'Remember --only in .create-dockerfile.json, so later runs write the same files.', remember: false },
  { name: 'main', type: 'string', value: 'path', description: 'Go: main package to build (e.g. ./cmd/api).', remember: true },
  { name: 'module', type: 'string', value: 'name', description: 'Java: module of a multi-module build.', remember: true },
  { name: 'workspace', type: 'string', value: 'path|name', description: 'Monorepo: the workspace member to containerise.', remember: true },
  { name: 'services', type: 'string', value: 'list', description: `Compose: run only these of the services found (${SERVICE_ORDER.join(',')}).`, remember: true },
  { name: 'no-services', type: 'boolean', description: 'Do not add databases/caches the app uses to compose.yaml.', remember: true },
  { name: 'no-pin-actions', type: 'boolean', description: 'Write GitHub Actions as version tags instead of commit SHAs (pinned by default).', remember: true },
  { name: 'jlink', type: 'boolean', description: 'Java: build a minimal runtime with jdeps + jlink.', remember: true },
  { name: 'templates', type: 'string', value: 'dir', description: 'Team templates: files here override the built-ins by relative name (see `templates eject`).', remember: true },
  { name: 'check', type: 'boolean', description: 'Write nothing; exit 1 with a diff when files on disk differ from what would be generated (CI).', remember: false },
  { name: 'verify', type: 'boolean', description: 'After writing, build and run the image with the local Docker engine.', remember: false },
  { name: 'debug', type: 'boolean', description: 'Print stack traces for unexpected errors.', remember: false },
  { name: 'help', short: 'h', type: 'boolean', description: 'Show this help.', remember: false },
  { name: 'version', short: 'v', type: 'boolean', description: 'Print the version.', remember: false },
];

export interface Flags {
  readonly dir: string;
  readonly yes: boolean;
  readonly dryRun: boolean;
  /** Full diffs in a dry run. */
  readonly diff: boolean;
  readonly json: boolean;
  readonly force: boolean;
  readonly skipExisting: boolean;
  readonly stack: StackId | null;
  readonly port: number | null;
  readonly versions: Readonly<Partial<Record<'node' | 'go' | 'python' | 'java', string>>>;
  readonly packageManager: string | null;
  readonly base: BaseId | null;
  readonly cmd: readonly string[] | null;
  readonly noHealthcheck: boolean;
  readonly only: readonly FileKind[] | null;
  /** Compose services to keep of those found; null keeps all of them. */
  readonly services: readonly ServiceId[] | null;
  readonly choices: Readonly<Record<string, string>>;
  readonly features: Readonly<Record<string, boolean>>;
  /** Folder of team templates, relative to the repo root, or null for the built-ins only. */
  readonly templates: string | null;
  readonly check: boolean;
  readonly verify: boolean;
  readonly debug: boolean;
  readonly help: boolean;
  readonly version: boolean;
  /** The flags as given (name → raw value), for remembering and for the equivalent command line. */
  readonly given: Readonly<Record<string, string | boolean>>;
}

const BASES: readonly BaseId[] = ['slim', 'alpine', 'distroless', 'scratch'];
const PACKAGE_MANAGERS = ['npm', 'yarn', 'pnpm', 'bun', 'uv', 'poetry', 'pip', 'pipenv', 'pdm', 'maven', 'gradle'];
const VERSION = /^\d{1,3}(\.\d{1,4}){0,2}$/;
const PORT = /^\d{1,5}$/;

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw usageError(`--${flag} must be one of ${allowed.join(', ')} (got "${value}").`);
  }
  return value as T;
}

export function parsePort(value: string, source = '--port'): number {
  const port = Number(value);
  if (!PORT.test(value) || port < 1 || port > 65535) throw usageError(`${source} must be a number from 1 to 65535 (got "${value}").`);
  return port;
}

function version(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!VERSION.test(value)) throw usageError(`--${flag} must be a version like 22 or 3.13 (got "${value}").`);
  return value;
}

type Raw = Record<string, string | boolean | undefined>;

function str(raw: Raw, name: string): string | undefined {
  const value = raw[name];
  return typeof value === 'string' ? value : undefined;
}

/** Parses argv (without node and script). Unknown flags and bad values are usage errors (exit 2). */
export function parseFlags(argv: readonly string[], remembered: Readonly<Record<string, string | boolean>> = {}): Flags {
  const options = Object.fromEntries(
    FLAGS.map((f) => [f.name, f.short === undefined ? { type: f.type } : { type: f.type, short: f.short }]),
  );
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw flagError(error as Error, FLAGS);
  }
  if (parsed.positionals.length > 1) throw usageError(`Expected at most one folder, got: ${parsed.positionals.join(' ')}`);
  const given = Object.fromEntries(Object.entries(parsed.values).filter(([, v]) => v !== undefined)) as Record<string, string | boolean>;
  checkContradictions(given);
  return withRemembered({ dir: parsed.positionals[0] ?? '.', given }, remembered);
}

/** The flags given, over the options remembered for the repo (read once the repo is known). */
export function withRemembered(flags: Pick<Flags, 'dir' | 'given'>, remembered: Readonly<Record<string, string | boolean>>): Flags {
  return toFlags(flags.dir, { ...remembered, ...flags.given }, flags.given);
}

function toFlags(dir: string, raw: Raw, given: Record<string, string | boolean>): Flags {
  const only = str(raw, 'only');
  const services = str(raw, 'services');
  // A flag given now wins over the opposite one remembered: --services over no-services and back.
  const noServices = raw['no-services'] === true && given.services === undefined;
  const cmd = str(raw, 'cmd');
  const choices: Record<string, string> = {};
  for (const key of ['main', 'module', 'workspace']) {
    const value = str(raw, key);
    if (value !== undefined) choices[key] = value;
  }
  const versions: Partial<Record<'node' | 'go' | 'python' | 'java', string>> = {};
  for (const lang of ['node', 'go', 'python', 'java'] as const) {
    const v = version(`${lang}-version`, str(raw, `${lang}-version`));
    if (v !== undefined) versions[lang] = v;
  }
  const stack = str(raw, 'stack');
  const port = str(raw, 'port');
  const pm = str(raw, 'package-manager');
  const base = str(raw, 'base');
  return {
    dir,
    // A check regenerates exactly what the remembered options give: it never asks.
    yes: raw.yes === true || raw.check === true,
    dryRun: raw['dry-run'] === true || raw.diff === true,
    diff: raw.diff === true,
    json: raw.json === true,
    force: raw.force === true,
    skipExisting: raw['skip-existing'] === true,
    stack: stack === undefined ? null : oneOf('stack', stack, STACK_IDS),
    port: port === undefined ? null : parsePort(port),
    versions,
    packageManager: pm === undefined ? null : oneOf('package-manager', pm, PACKAGE_MANAGERS),
    base: base === undefined ? null : oneOf('base', base, BASES),
    cmd: cmd === undefined ? null : parseCmd(cmd),
    noHealthcheck: raw['no-healthcheck'] === true,
    only: only === undefined ? null : only.split(',').map((k) => oneOf('only', k.trim(), FILE_KINDS)),
    services: services === undefined || noServices ? null : services.split(',').map((k) => oneOf('services', k.trim(), SERVICE_ORDER)),
    choices,
    features: { noServices, noPinActions: raw['no-pin-actions'] === true, jlink: raw.jlink === true },
    templates: str(raw, 'templates') ?? null,
    check: raw.check === true,
    verify: raw.verify === true,
    debug: raw.debug === true,
    help: raw.help === true,
    version: raw.version === true,
    given,
  };
}

function parseCmd(value: string): string[] {
  const words = splitCommand(value);
  if (words === null || words.length === 0) {
    throw usageError(`--cmd must be a plain command with arguments, e.g. --cmd "node dist/server.js" (got "${value}").`);
  }
  return words;
}

/** Names of the flags whose values are remembered between runs. */
export const REMEMBERED = new Set(FLAGS.filter((f) => f.remember).map((f) => f.name));

export function helpText(version: string): string {
  const rows = FLAGS.map((f) => {
    const name = `${f.short === undefined ? '    ' : `-${f.short}, `}--${f.name}${f.value === undefined ? '' : ` <${f.value}>`}`;
    return `  ${name.padEnd(40)} ${f.description}`;
  });
  return [
    `create-dockerfile ${version}`,
    '',
    'Usage: create-dockerfile [dir] [flags]',
    '       create-dockerfile help',
    '       create-dockerfile lint [Dockerfile…] [--format text|json|sarif] [--fail-on info|warning|error]',
    '       create-dockerfile templates eject|list [name…] [--templates <dir>] [--force]',
    '',
    'Flags:',
    ...rows,
    '',
    'Exit codes: 0 ok · 1 unexpected error, broken template or (--check) files differ · 2 usage · 3 no supported stack · 4 conflicts left · 130 cancelled',
    '',
  ].join('\n');
}
