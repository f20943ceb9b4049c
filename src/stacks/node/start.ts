import type { Evidence, Project } from '../../types.js';
import { frameworkShape, type AppShape, type StaticSite } from './frameworks/index.js';
import { binPackage, binPath, isDevServer, parseScript } from './frameworks/script.js';
import { delegatedScript, hasDependency, type PackageJson } from './package-json.js';
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

/** What a static site's image runs: nginx in the foreground (the nginx image's own CMD). */
export const STATIC_COMMAND: readonly string[] = ['nginx', '-g', 'daemon off;'];

/** The unprivileged nginx image listens on 8080: a non-root process cannot bind below 1024. */
export const STATIC_PORT = 8080;

const ENTRY_FILES = ['server.js', 'index.js', 'app.js', 'main.js', 'server.mjs', 'index.mjs', 'src/server.js', 'src/index.js', 'src/app.js', 'src/main.js'];

export interface StartFacts {
  /** Exec-form command, or null when none was found (then `--cmd` is needed). */
  readonly command: readonly string[] | null;
  /** Environment the start script set before the command (`NODE_ENV=production node …`). */
  readonly env: Readonly<Record<string, string>>;
  readonly framework: string | null;
  /** What the framework needs to listen on every interface (`HOST=0.0.0.0`); kept under `--cmd`. */
  readonly frameworkEnv: Readonly<Record<string, string>>;
  /** The dependency whose binary the command runs from node_modules: the production image needs it. */
  readonly binPackage: { readonly name: string; readonly dev: boolean } | null;
  /** The start script needs a shell (`&&`, `$VAR`): the image runs it through the package manager. */
  readonly viaScript: boolean;
  /** Build output folder the framework's command runs, or null when the build decides (tsconfig). */
  readonly outputDir: string | null;
  /** The build output carries its own dependencies (Nitro): no node_modules or sources in the image. */
  readonly selfContained: boolean;
  /** The framework's own port, or null to look in the code. */
  readonly port: number | null;
  /** A static site: the image serves the build with a web server instead of running Node.js. */
  readonly static: StaticSite | null;
  /** Why no container can serve the app as it stands, and what to change; null when it can. */
  readonly refusal: string | null;
  /** What the framework rule says about running the detected command (not kept under `--cmd`). */
  readonly notes: readonly string[];
}

export const NO_START: Omit<StartFacts, 'command' | 'framework'> = {
  env: {}, frameworkEnv: {}, binPackage: null, viaScript: false, outputDir: null, selfContained: false, port: null, static: null, refusal: null, notes: [],
};

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

function fromShape(shape: AppShape, env: Readonly<Record<string, string>>, pkg: PackageJson): StartFacts {
  if (shape.kind === 'refuse') return { ...NO_START, command: null, framework: shape.framework, refusal: shape.message };
  if (shape.kind === 'static') return { ...NO_START, command: STATIC_COMMAND, framework: shape.framework, static: shape.site, outputDir: shape.site.outDir };
  const bin = shape.binPackage === null ? null : { name: shape.binPackage, dev: !(shape.binPackage in pkg.dependencies) };
  return {
    ...NO_START,
    command: shape.command,
    env,
    framework: shape.framework,
    frameworkEnv: shape.env,
    binPackage: bin,
    outputDir: shape.outputDir,
    selfContained: shape.selfContained,
    port: shape.port,
    notes: shape.notes ?? [],
  };
}

/**
 * A package with `exports`, `files` or `bin`, no start script and no server framework among its
 * run-time dependencies is a library or a command-line tool people install, not a service: a
 * container would run its entry file once and exit, so nothing is generated unless `--cmd` says what to run.
 */
function packageRefusal(pkg: PackageJson): string {
  const fields = pkg.publishFields.map((f) => `"${f}"`).join(', ');
  const what = pkg.publishFields.includes('bin') ? 'a command-line tool' : 'a library';
  return `package.json describes ${what} published for others to install (${fields}, no "start" script, no server framework in "dependencies"), not a server a container keeps running. Run create-dockerfile in the app that uses it, add a "start" script, or pass --cmd`;
}

/**
 * In order: a start script that runs `node|bun <file>` (the app's own server); a published library
 * or command-line tool, refused; the framework's
 * production shape (its build output, a static site, or a refusal); any other one-command start
 * script (a dependency's binary runs from node_modules, any other program as is); a compound
 * start script, through the package manager; then `main` and the conventional entry files.
 */
export async function detectStart(project: Project, pkg: PackageJson, evidence: Evidence[], at: (f: string) => string, runner: string): Promise<StartFacts> {
  const framework = detectFramework(pkg)?.id ?? null;
  const delegated = delegatedScript(pkg, 'start');
  const text = delegated?.text ?? null;
  const script = text === null ? null : parseScript(text);
  const simple = script?.kind === 'simple' ? script : null;
  if (simple !== null && (simple.words[0] === 'node' || simple.words[0] === 'bun') && entryFile(simple.words) !== null) {
    const via = delegated?.name === 'start' ? '' : ` (through its "${delegated?.name}" script)`;
    evidence.push({ file: at('package.json'), reason: `start script runs ${simple.words.join(' ')}${via}` });
    return { ...NO_START, command: simple.words, env: simple.env, framework };
  }
  if (text === null && pkg.publishFields.length > 0 && !FRAMEWORKS.some(([dep]) => dep in pkg.dependencies)) {
    return { ...NO_START, command: null, framework: null, refusal: packageRefusal(pkg) };
  }
  const before = evidence.length;
  const shape = await frameworkShape({ project, pkg, script, evidence, at });
  if (shape !== null) {
    // Says what the image runs in words the wizard matches to the command: the rule's own lines say why.
    const file = evidence.length > before ? (evidence.at(-1) as Evidence).file : at('package.json');
    if (shape.kind === 'server') evidence.push({ file, reason: `${shape.framework} runs ${shape.command.join(' ')}` });
    if (shape.kind === 'static') evidence.push({ file, reason: `${shape.framework} static site: nginx serves ${shape.site.outDir}/` });
    return fromShape(shape, simple?.env ?? {}, pkg);
  }
  if (simple !== null && !isDevServer(simple.words)) {
    const [first, ...rest] = simple.words as [string, ...string[]];
    const bin = binPackage(pkg, first);
    evidence.push({ file: at('package.json'), reason: bin === null ? `start script runs ${simple.words.join(' ')}` : `start script runs ${first} from ${bin.name}` });
    return { ...NO_START, command: bin === null ? simple.words : [binPath(first), ...rest], env: simple.env, framework, binPackage: bin };
  }
  if (script?.kind === 'compound') {
    evidence.push({ file: at('package.json'), reason: `start script needs a shell: runs as ${runner} start` });
    return { ...NO_START, command: [...runner.split(' '), 'start'], framework, viaScript: true };
  }
  if (pkg.main !== null && /^[\w@./-]+$/.test(pkg.main) && !pkg.main.split('/').includes('..')) {
    evidence.push({ file: at('package.json'), reason: `main is ${pkg.main}` });
    return { ...NO_START, command: ['node', pkg.main.replace(/^\.\//, '')], framework };
  }
  for (const file of ENTRY_FILES) {
    if (await project.exists(at(file))) {
      evidence.push({ file: at(file), reason: 'conventional entry file' });
      return { ...NO_START, command: ['node', file], framework };
    }
  }
  return { ...NO_START, command: null, framework };
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
  if (start.static !== null) {
    evidence.push({ file: '(default)', reason: `static site: nginx-unprivileged listens on ${STATIC_PORT}` });
    return STATIC_PORT;
  }
  if (start.port !== null) {
    evidence.push({ file: '(default)', reason: `${start.framework ?? 'the framework'} listens on port ${start.port}` });
    return start.port;
  }
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
