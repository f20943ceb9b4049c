import { splitCommand, splitEnvPrefix } from '../../shell-words.js';
import type { Evidence, Project } from '../../types.js';
import { hasDependency, realScript, type PackageJson } from './package-json.js';
import { firstPort } from '../shared.js';

/** Recognised server frameworks, most specific first, with the port each uses when none is set. */
const FRAMEWORKS: readonly [dep: string, id: string, port: number][] = [
  ['@nestjs/core', 'nestjs', 3000],
  ['fastify', 'fastify', 3000],
  ['@hapi/hapi', 'hapi', 3000],
  ['hono', 'hono', 3000],
  ['koa', 'koa', 3000],
  ['express', 'express', 3000],
];

export const DEFAULT_NODE_PORT = 3000;

const ENTRY_FILES = ['server.js', 'index.js', 'app.js', 'main.js', 'server.mjs', 'index.mjs', 'src/server.js', 'src/index.js', 'src/app.js', 'src/main.js'];

export interface StartFacts {
  /** Exec-form command, or null when none was found (then `--cmd` is needed). */
  readonly command: readonly string[] | null;
  /** Environment the start script set before the command (`NODE_ENV=production node …`). */
  readonly env: Readonly<Record<string, string>>;
  readonly framework: string | null;
}

export function detectFramework(pkg: PackageJson): { id: string; port: number } | null {
  for (const [dep, id, port] of FRAMEWORKS) if (hasDependency(pkg, dep)) return { id, port };
  return null;
}

/** Node.js and Bun flags whose value is the next word (`-r dotenv/config`): that word is not the entry file. */
const FLAGS_WITH_VALUE = new Set([
  '-r', '--require', '--import', '--loader', '--experimental-loader', '-C', '--conditions', '--env-file', '--env-file-if-exists',
  '--title', '--input-type', '--preload',
]);

/** Flags that make the command its own script (`node -e "…"`): there is no entry file. */
const INLINE_CODE = new Set(['-e', '--eval', '-p', '--print']);

/**
 * The file a `node`/`bun` command runs: the first word that is neither a flag nor a flag's value
 * (`node -r dotenv/config server.js` runs server.js); `bun run x` runs x. Null for inline code.
 */
export function entryFile(command: readonly string[] | null): string | null {
  if (command === null) return null;
  const words = command[0] === 'bun' && command[1] === 'run' ? command.slice(2) : command.slice(1);
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    if (INLINE_CODE.has(word)) return null;
    if (FLAGS_WITH_VALUE.has(word)) i += 1;
    else if (!word.startsWith('-')) return word;
  }
  return null;
}

/** `node|bun [flags] file` only: anything else (npm run, nodemon, &&) cannot be PID 1 safely. */
function fromStartScript(script: string): { command: string[]; env: Record<string, string> } | null {
  const words = splitCommand(script);
  if (words === null) return null;
  const { env, command } = splitEnvPrefix(words);
  if ((command[0] !== 'node' && command[0] !== 'bun') || command.length < 2) return null;
  return entryFile(command) === null ? null : { command, env };
}

export async function detectStart(project: Project, pkg: PackageJson, evidence: Evidence[], at: (f: string) => string): Promise<StartFacts> {
  const framework = detectFramework(pkg);
  const start = realScript(pkg, 'start');
  if (start !== null) {
    const parsed = fromStartScript(start);
    if (parsed !== null) {
      evidence.push({ file: at('package.json'), reason: `start script runs ${parsed.command.join(' ')}` });
      return { command: parsed.command, env: parsed.env, framework: framework?.id ?? null };
    }
  }
  if (framework?.id === 'nestjs') {
    evidence.push({ file: at('package.json'), reason: 'NestJS builds to dist/main.js' });
    return { command: ['node', 'dist/main.js'], env: {}, framework: 'nestjs' };
  }
  if (pkg.main !== null && /^[\w@./-]+$/.test(pkg.main) && !pkg.main.split('/').includes('..')) {
    evidence.push({ file: at('package.json'), reason: `main is ${pkg.main}` });
    return { command: ['node', pkg.main.replace(/^\.\//, '')], env: {}, framework: framework?.id ?? null };
  }
  for (const file of ENTRY_FILES) {
    if (await project.exists(at(file))) {
      evidence.push({ file: at(file), reason: 'conventional entry file' });
      return { command: ['node', file], env: {}, framework: framework?.id ?? null };
    }
  }
  return { command: null, env: {}, framework: framework?.id ?? null };
}

/** Patterns where the port is plain in the code; the first group is the port. */
const PORT_PATTERNS: readonly RegExp[] = [
  /process\.env\.PORT\s*(?:\|\||\?\?)\s*['"]?(\d{2,5})/,
  /\bPORT\s*(?:=|:)\s*['"]?(\d{2,5})\b/,
  /\.listen\(\s*\{[^}]*\bport\s*:\s*(\d{2,5})/,
  /\.listen\(\s*(\d{2,5})\b/,
  /\bport\s*:\s*(\d{2,5})\b/,
];

export function portFromSource(text: string): number | null {
  return firstPort(text, PORT_PATTERNS);
}

/** Reads a handful of likely server files, never the whole tree. */
export async function detectPort(
  project: Project,
  pkg: PackageJson,
  start: StartFacts,
  evidence: Evidence[],
  at: (f: string) => string,
): Promise<number> {
  const candidates = new Set<string>();
  const entry = entryFile(start.command);
  if (entry !== null) {
    candidates.add(entry);
    candidates.add(entry.replace(/^(dist|build|out)\//, 'src/').replace(/\.js$/, '.ts'));
  }
  for (const f of ENTRY_FILES) candidates.add(f);
  for (const f of ['src/main.ts', 'src/index.ts', 'src/server.ts', 'src/app.ts', 'index.ts', 'server.ts']) candidates.add(f);
  for (const file of candidates) {
    const text = await project.readText(at(file)).catch(() => null);
    const port = text === null ? null : portFromSource(text);
    if (port !== null) {
      evidence.push({ file: at(file), reason: `listens on port ${port}` });
      return port;
    }
  }
  const framework = detectFramework(pkg);
  evidence.push({ file: '(default)', reason: framework === null ? `port ${DEFAULT_NODE_PORT}` : `${framework.id} default port ${framework.port}` });
  return framework?.port ?? DEFAULT_NODE_PORT;
}
