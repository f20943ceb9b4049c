import type { Evidence, Project } from '../../types.js';
import { angularServePort } from './frameworks/angular.js';
import { configNames, numberInObject, readConfig } from './frameworks/config.js';
import { isDevServer, parseScript } from './frameworks/script.js';
import { hasDependency, realScript, type PackageJson } from './package-json.js';

/** Script names that start a development server (watch mode), in the order tools name them. */
const DEV_SCRIPTS = ['dev', 'start:dev', 'develop'];

/** Where a dev server's port is written in its config, besides the command line. */
type PortSource = 'vite' | 'astro' | 'nuxt' | 'angular' | null;

interface DevTool {
  readonly id: string;
  /** Arguments that make it listen on every interface; empty when it does so by default. */
  readonly host: readonly string[];
  readonly defaultPort: number;
  readonly portFlags: readonly string[];
  /** It takes its port from PORT when no flag sets one (documented by the tool). */
  readonly readsPortEnv: boolean;
  readonly config: PortSource;
  /** Settings it needs once its host flag is given, when the app depends on `package` (see hostEnv). */
  readonly hostEnv?: { readonly package: string; readonly name: string; readonly value: string };
}

const ALL = '0.0.0.0';

/**
 * Dev servers and what their docs say: Vite and the tools built on it (React Router, Remix Vite,
 * SvelteKit, Astro, Nuxt, the Angular CLI) listen on localhost unless `--host` is given; Next.js
 * and Create React App bind every interface already. Inside a container localhost is the
 * container's own, so without the host setting a published port never answers.
 */
function devTool(words: readonly string[]): DevTool | null {
  const [bin, sub] = words;
  const vite = (id: string): DevTool => ({ id, host: ['--host', ALL], defaultPort: 5173, portFlags: ['--port'], readsPortEnv: false, config: 'vite' });
  switch (bin) {
    case 'vite':
      return sub === undefined || sub === 'dev' || sub === 'serve' || sub.startsWith('-') ? vite('vite') : null;
    case 'react-router':
      return sub === 'dev' ? vite('react-router') : null;
    case 'remix':
      // `remix vite:dev` is Vite; the classic compiler's `remix dev` runs the app's own server.
      return sub === 'vite:dev' ? vite('remix') : null;
    case 'astro':
      return sub === 'dev' || sub === 'start' ? { id: 'astro', host: ['--host', ALL], defaultPort: 4321, portFlags: ['--port'], readsPortEnv: false, config: 'astro' } : null;
    case 'nuxt':
    case 'nuxi':
      return sub === 'dev' ? { id: 'nuxt', host: ['--host', ALL], defaultPort: 3000, portFlags: ['--port', '-p'], readsPortEnv: true, config: 'nuxt' } : null;
    case 'ng':
      return sub === 'serve' || sub === 's'
        ? { id: 'angular', host: ['--host', ALL], defaultPort: 4200, portFlags: ['--port'], readsPortEnv: false, config: 'angular', hostEnv: { package: '@angular/ssr', name: 'NG_ALLOWED_HOSTS', value: 'localhost,127.0.0.1' } }
        : null;
    case 'next':
      return sub === 'dev' ? { id: 'nextjs', host: ['--hostname', ALL], defaultPort: 3000, portFlags: ['--port', '-p'], readsPortEnv: true, config: null } : null;
    case 'react-scripts':
      return sub === 'start' ? { id: 'create-react-app', host: [], defaultPort: 3000, portFlags: [], readsPortEnv: true, config: null } : null;
    case 'webpack':
      return sub === 'serve' ? { id: 'webpack-dev-server', host: ['--host', ALL], defaultPort: 8080, portFlags: ['--port'], readsPortEnv: false, config: null } : null;
    case 'webpack-dev-server':
      return { id: 'webpack-dev-server', host: ['--host', ALL], defaultPort: 8080, portFlags: ['--port'], readsPortEnv: false, config: null };
    default:
      return null;
  }
}

export interface DevServerFacts {
  /** The package.json script the development stage runs (`dev`, or a `start` that runs a dev server), or null. */
  readonly script: string | null;
  /** The dev server that script runs, when it is one whose defaults are known (`vite`, `astro`, `nextjs`…). */
  readonly tool: string | null;
  /** Arguments appended to the script so the server listens on every interface; empty when none are needed. */
  readonly hostArgs: readonly string[];
  /** The port it listens on; null when the script runs the app's own server (then the app's port holds). */
  readonly port: number | null;
  /** The server takes its port from PORT: the development stage sets PORT to `port`. */
  readonly readsPortEnv: boolean;
  /** Other settings the development stage needs for the server to answer through a published port. */
  readonly env: readonly { readonly name: string; readonly value: string }[];
}

export const NO_DEV_SERVER: DevServerFacts = { script: null, tool: null, hostArgs: [], port: null, readsPortEnv: false, env: [] };

/**
 * Angular's server-side rendering answers only requests whose Host is in its allowed list, and
 * `ng serve` puts the address it binds there: with `--host 0.0.0.0` that replaces `localhost`, so
 * every request from the host's browser gets 400. NG_ALLOWED_HOSTS (read by @angular/ssr at
 * start) gives back the loopback names a published port is reached by.
 */
function hostEnv(pkg: PackageJson, tool: DevTool, hostArgs: readonly string[]): DevServerFacts['env'] {
  const needs = tool.hostEnv;
  return needs !== undefined && hostArgs.length > 0 && hasDependency(pkg, needs.package) ? [{ name: needs.name, value: needs.value }] : [];
}

/** The value of the first of `flags` in the words (`--port 3001`, `--port=3001`, `-p 3001`). */
function flagValue(words: readonly string[], flags: readonly string[]): string | null {
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    if (flags.includes(word)) return words[i + 1] ?? null;
    const eq = flags.map((f) => `${f}=`).find((prefix) => word.startsWith(prefix));
    if (eq !== undefined) return word.slice(eq.length);
  }
  return null;
}

const hasFlag = (words: readonly string[], flags: readonly string[]): boolean => flagValue(words, flags) !== null || words.some((w) => flags.includes(w));

function validPort(text: string | null): number | null {
  if (text === null || !/^\d{2,5}$/.test(text)) return null;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : null;
}

async function configPort(project: Project, at: (f: string) => string, source: PortSource): Promise<{ port: number; file: string } | null> {
  if (source === null) return null;
  if (source === 'angular') return angularServePort(project, at);
  const base = { vite: 'vite.config', astro: 'astro.config', nuxt: 'nuxt.config' }[source];
  const key = source === 'nuxt' ? 'devServer' : 'server';
  const config = await readConfig(project, at, configNames(base));
  const port = numberInObject(config, key, 'port');
  return config === null || port === null ? null : { port, file: config.file };
}

/** The script the development stage runs: a dev script, else a `start` script that runs a dev server (Create React App, `ng serve`). */
function devScriptName(pkg: PackageJson): string | null {
  const named = DEV_SCRIPTS.find((name) => realScript(pkg, name) !== null);
  if (named !== undefined) return named;
  const start = realScript(pkg, 'start');
  const parsed = start === null ? null : parseScript(start);
  return parsed?.kind === 'simple' && isDevServer(parsed.words) ? 'start' : null;
}

/**
 * The dev server of the development target: which script, what makes it listen on every
 * interface, and its port (the script's flag, the tool's config, the tool's default, in that order).
 */
export async function detectDevServer(project: Project, pkg: PackageJson, evidence: Evidence[], at: (f: string) => string): Promise<DevServerFacts> {
  const script = devScriptName(pkg);
  if (script === null) return NO_DEV_SERVER;
  const parsed = parseScript(realScript(pkg, script) as string);
  const tool = parsed.kind === 'simple' ? devTool(parsed.words) : null;
  if (parsed.kind !== 'simple' || tool === null) return { ...NO_DEV_SERVER, script };
  const words = parsed.words;
  const flagged = validPort(flagValue(words, tool.portFlags)) ?? validPort(tool.readsPortEnv ? (parsed.env.PORT ?? null) : null);
  const configured = flagged === null ? await configPort(project, at, tool.config) : null;
  const port = flagged ?? configured?.port ?? tool.defaultPort;
  const from = flagged !== null ? `the ${script} script` : configured !== null ? configured.file : `the ${tool.id} default`;
  // A script that names its own host keeps it: the flag is the user's choice.
  const hostArgs = hasFlag(words, tool.host.slice(0, 1)) ? [] : tool.host;
  const listen = tool.host.length === 0 ? 'on every interface' : hostArgs.length === 0 ? 'on the host the script names' : `with ${hostArgs.join(' ')}`;
  const env = hostEnv(pkg, tool, hostArgs);
  const allowed = env.length === 0 ? '' : `, ${env.map((e) => `${e.name}=${e.value}`).join(' ')} (${tool.hostEnv?.package} accepts only the host it binds)`;
  evidence.push({ file: at(configured?.file ?? 'package.json'), reason: `development: "${script}" runs ${tool.id}'s dev server ${listen}, port ${port} (${from})${allowed}` });
  return { script, tool: tool.id, hostArgs, port, readsPortEnv: tool.readsPortEnv, env };
}

/** What the development stage runs and where it listens. */
export interface DevStage {
  readonly cmd: readonly string[];
  /** Set in the development stage: PORT for a dev server that reads it, and the server's own settings. */
  readonly env: readonly { readonly name: string; readonly value: string }[];
  readonly port: number | null;
  /** No dev script: the start command runs the build output, which the development stage makes. */
  readonly build: string | null;
}

/**
 * `<pm> run <script>` with the host arguments appended: npm passes arguments after `--`, while
 * pnpm, Yarn and Bun pass everything after the script name (pnpm would pass a `--` on verbatim).
 * Running through the package manager keeps the script's own flags and works for Plug'n'Play and
 * workspace members alike.
 */
export function devStage(dev: DevServerFacts, run: string, start: { readonly cmd: readonly string[]; readonly port: number | null; readonly build: string | null }): DevStage {
  if (dev.script === null) return { cmd: start.cmd, env: [], port: start.port, build: start.build };
  const runWords = run.split(' ');
  const extra = dev.hostArgs.length === 0 ? [] : runWords[0] === 'npm' ? ['--', ...dev.hostArgs] : dev.hostArgs;
  const port = dev.tool === null ? start.port : dev.port;
  return {
    cmd: [...runWords, dev.script, ...extra],
    env: [...(dev.readsPortEnv && port !== null ? [{ name: 'PORT', value: String(port) }] : []), ...dev.env],
    port,
    build: null,
  };
}
