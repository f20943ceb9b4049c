import { splitCommand, splitEnvPrefix } from '../../shell-words.js';
import type { Evidence, Project } from '../../types.js';
import { findApp, candidateFiles, type AppRef } from './app-object.js';
import { PYTHON_DEFAULTS } from './defaults.js';
import type { DjangoFacts } from './django.js';
import { portFromCommand, portFromSource, servesHttp } from './port.js';
import type { Requirement } from './requirements.js';
import { fastHtmlServe, SERVER_PINS, type GunicornConf } from './servers.js';

/** Recognised web frameworks, most specific first: the constructor that builds the app object. */
const FRAMEWORKS: readonly { dep: string; id: string; asgi: boolean; ctor: readonly string[] }[] = [
  { dep: 'django', id: 'django', asgi: false, ctor: [] },
  { dep: 'fastapi', id: 'fastapi', asgi: true, ctor: ['FastAPI'] },
  { dep: 'litestar', id: 'litestar', asgi: true, ctor: ['Litestar'] },
  { dep: 'starlette', id: 'starlette', asgi: true, ctor: ['Starlette'] },
  { dep: 'quart', id: 'quart', asgi: true, ctor: ['Quart'] },
  { dep: 'flask', id: 'flask', asgi: false, ctor: ['Flask'] },
  { dep: 'falcon', id: 'falcon', asgi: false, ctor: ['App', 'API'] },
];

export interface StartFacts {
  readonly framework: string | null;
  /** Exec-form production command, or null (then --cmd is needed). */
  readonly command: readonly string[] | null;
  /** Reload server for the development target, or null to reuse the production command. */
  readonly dev: readonly string[] | null;
  readonly port: number | null;
  /** Environment set in front of the command (Procfile `NAME=value cmd`). */
  readonly env: Readonly<Record<string, string>>;
  /** The app lives under src/ and is not installed: PYTHONPATH must include /app/src. */
  readonly srcOnPath: boolean;
  /** Servers the command starts that the dependencies lack, pinned: installed into the venv at build. */
  readonly installServers: readonly string[];
}

export interface StartInputs {
  readonly prodDeps: readonly Requirement[];
  readonly installProject: boolean;
  readonly packageName: string | null;
  readonly scripts: Readonly<Record<string, string>>;
  readonly django: DjangoFacts | null;
  readonly gunicornConf: GunicornConf | null;
}

const has = (deps: readonly Requirement[], name: string): boolean => deps.some((d) => d.name === name);

/** `web: gunicorn app:app -b 0.0.0.0:$PORT` → exec form, with $PORT replaced by a number. Shell syntax is refused. */
export function procfileWeb(text: string, defaultPort: number): { command: string[]; env: Record<string, string>; port: number } | { refused: string } | null {
  const line = text.split(/\r?\n/).find((l) => /^web\s*:/.test(l));
  if (line === undefined) return null;
  const raw = line.replace(/^web\s*:\s*/, '').trim();
  const fallback = /\$\{PORT:-(\d{2,5})\}/.exec(raw)?.[1];
  const port = fallback === undefined ? defaultPort : Number(fallback);
  const words = splitCommand(raw.replace(/\$\{PORT(?::-\d{2,5})?\}|\$PORT\b/g, String(port)));
  if (words === null || words.length === 0) return { refused: raw };
  const { env, command } = splitEnvPrefix(words);
  if (command.length === 0) return { refused: raw };
  return { command, env, port: portFromCommand(command) ?? port };
}

function appTarget(app: AppRef): string {
  return `${app.module}:${app.attr}${app.factory ? '()' : ''}`;
}

/** gunicorn on the app; a gunicorn.conf.py that binds every interface needs no --bind (gunicorn reads it). */
function gunicorn(target: string, port: number, conf: GunicornConf | null): string[] {
  return conf?.bindsAll === true ? ['gunicorn', target] : ['gunicorn', target, '--bind', `0.0.0.0:${port}`];
}

function asgiCommands(app: AppRef, deps: readonly Requirement[], port: number, conf: GunicornConf | null): { command: string[]; dev: string[] } {
  const target = `${app.module}:${app.attr}`;
  const factory = app.factory ? ['--factory'] : [];
  const dev = ['uvicorn', target, ...factory, '--host', '0.0.0.0', '--port', String(port), '--reload'];
  if (has(deps, 'gunicorn') && !app.factory) {
    const worker = has(deps, 'uvicorn-worker') ? 'uvicorn_worker.UvicornWorker' : 'uvicorn.workers.UvicornWorker';
    const [server, appName, ...bind] = gunicorn(target, port, conf);
    return { command: [server as string, appName as string, '--worker-class', worker, ...bind], dev };
  }
  return { command: ['uvicorn', target, ...factory, '--host', '0.0.0.0', '--port', String(port)], dev };
}

async function portIn(project: Project, file: string): Promise<number | null> {
  const text = await project.readText(file).catch(() => null);
  return text === null ? null : portFromSource(text);
}

/** A plain entry file or package: `python main.py`, `python -m pkg`. Web only when the code serves HTTP. */
async function scriptStart(project: Project, inputs: StartInputs, evidence: Evidence[]): Promise<{ command: string[]; port: number | null; srcOnPath: boolean } | null> {
  const names = Object.keys(inputs.scripts).sort();
  const own = names.find((n) => inputs.packageName !== null && n.replace(/-/g, '_') === inputs.packageName) ?? names[0];
  if (inputs.installProject && own !== undefined && /^[\w.-]+$/.test(own)) {
    const target = (inputs.scripts[own] ?? '').split(':')[0]?.replace(/\./g, '/') ?? '';
    let port: number | null = null;
    for (const file of [`src/${target}.py`, `${target}.py`, `src/${target}/__init__.py`]) {
      const text = await project.readText(file).catch(() => null);
      if (text !== null && servesHttp(text)) port = portFromSource(text) ?? PYTHON_DEFAULTS.webPort;
      if (text !== null) break;
    }
    evidence.push({ file: 'pyproject.toml', reason: `[project.scripts] entry ${own}` });
    return { command: [own], port, srcOnPath: false };
  }
  const files = ['main.py', 'app.py', 'server.py', 'run.py', 'bot.py', 'worker.py'];
  for (const file of files) {
    const text = await project.readText(file).catch(() => null);
    if (text === null) continue;
    const fastHtml = fastHtmlServe(text);
    if (fastHtml !== null) {
      evidence.push({ file, reason: `FastHTML serve() runs uvicorn on port ${fastHtml}` });
      return { command: ['python', file], port: fastHtml, srcOnPath: false };
    }
    evidence.push({ file, reason: servesHttp(text) ? 'entry file serving HTTP' : 'entry file (no web server in it: no port)' });
    return { command: ['python', file], port: servesHttp(text) ? (portFromSource(text) ?? PYTHON_DEFAULTS.webPort) : null, srcOnPath: false };
  }
  const rootPackage = inputs.packageName !== null && (await project.exists(`${inputs.packageName}/__main__.py`)) ? inputs.packageName : null;
  if (rootPackage !== null) {
    const text = (await project.readText(`${rootPackage}/__main__.py`)) ?? '';
    evidence.push({ file: `${rootPackage}/__main__.py`, reason: `runs as python -m ${rootPackage}` });
    return { command: ['python', '-m', rootPackage], port: servesHttp(text) ? (portFromSource(text) ?? PYTHON_DEFAULTS.webPort) : null, srcOnPath: false };
  }
  for (const dir of (await project.list('src')).slice(0, 8)) {
    if (!/^[A-Za-z_]\w*$/.test(dir) || !(await project.exists(`src/${dir}/__main__.py`))) continue;
    const text = (await project.readText(`src/${dir}/__main__.py`)) ?? '';
    evidence.push({ file: `src/${dir}/__main__.py`, reason: `runs as python -m ${dir}` });
    return { command: ['python', '-m', dir], port: servesHttp(text) ? (portFromSource(text) ?? PYTHON_DEFAULTS.webPort) : null, srcOnPath: !inputs.installProject };
  }
  return null;
}

type Framework = (typeof FRAMEWORKS)[number];
type Found = Omit<StartFacts, 'framework'>;

/** The image must have the server it starts: one the dependencies lack is installed at build, and the user told. */
function missingServer(server: 'gunicorn' | 'uvicorn', evidence: Evidence[], warnings: string[]): string[] {
  warnings.push(`${server} is not among the dependencies: the image installs ${SERVER_PINS[server]} into the venv at build. Add it to your dependencies to choose the version yourself.`);
  evidence.push({ file: '(default)', reason: `${SERVER_PINS[server]} installed at build: the start command needs it` });
  return [SERVER_PINS[server]];
}

/** The framework's production server on the app object it defines; null when no app object is found. */
async function frameworkStart(project: Project, fw: Framework, inputs: StartInputs, evidence: Evidence[], warnings: string[]): Promise<Found | null> {
  const app = await findApp(project, await candidateFiles(project, inputs.packageName), fw.ctor);
  if (app === null) return null;
  const conf = inputs.gunicornConf;
  const port = (await portIn(project, app.file)) ?? PYTHON_DEFAULTS.webPort;
  const base = { port, env: {}, srcOnPath: app.srcLayout && !inputs.installProject };
  evidence.push({ file: app.file, reason: `${fw.id} app ${appTarget(app)}` });
  if (fw.asgi) {
    const viaGunicorn = has(inputs.prodDeps, 'gunicorn') && !app.factory;
    const providesUvicorn = has(inputs.prodDeps, 'uvicorn') || inputs.prodDeps.some((d) => d.name === 'fastapi' && d.extras.some((e) => e === 'standard' || e === 'all'));
    const installServers = providesUvicorn ? [] : missingServer('uvicorn', evidence, warnings);
    evidence.push({ file: '(default)', reason: `ASGI app served by ${viaGunicorn ? 'gunicorn with uvicorn workers' : 'uvicorn'}` });
    const gunicornPort = viaGunicorn && conf !== null ? conf.port : port;
    return { ...base, port: gunicornPort, ...asgiCommands(app, inputs.prodDeps, gunicornPort, conf), installServers };
  }
  const installServers = has(inputs.prodDeps, 'gunicorn') ? [] : missingServer('gunicorn', evidence, warnings);
  const served = conf?.port ?? port;
  const command = gunicorn(appTarget(app), served, conf);
  const dev = fw.id === 'flask' ? ['flask', '--app', appTarget(app), 'run', '--host', '0.0.0.0', '--port', String(served), '--debug'] : [...command, '--reload'];
  return { ...base, port: served, command, dev, installServers };
}

function djangoStart(django: DjangoFacts, inputs: StartInputs, evidence: Evidence[], warnings: string[]): Found {
  const port = inputs.gunicornConf?.port ?? PYTHON_DEFAULTS.webPort;
  evidence.push({ file: `${django.project}/wsgi.py`, reason: `served by gunicorn ${django.wsgiModule}` });
  const installServers = has(inputs.prodDeps, 'gunicorn') ? [] : missingServer('gunicorn', evidence, warnings);
  return { command: gunicorn(django.wsgiModule, port, inputs.gunicornConf), dev: ['python', 'manage.py', 'runserver', `0.0.0.0:${port}`], port, env: {}, srcOnPath: false, installServers };
}

/** Task runners a Procfile may call (`web: make run`): no python image has them, and their targets wrap a dev server. */
const TASK_RUNNERS = ['make', 'just', 'task'];

async function procfileStart(project: Project, evidence: Evidence[], warnings: string[]): Promise<Found | null> {
  const procfile = await project.readText('Procfile');
  const web = procfile === null ? null : procfileWeb(procfile, PYTHON_DEFAULTS.webPort);
  if (web === null) return null;
  if ('refused' in web) {
    warnings.push(`Procfile: the web line "${web.refused.slice(0, 80)}" uses shell syntax and cannot run as an exec-form CMD; ignored.`);
    return null;
  }
  const runner = web.command[0] as string;
  if (TASK_RUNNERS.includes(runner)) {
    warnings.push(`Procfile: the web line "${web.command.join(' ').slice(0, 80)}" runs ${runner}, which the python image does not have (a task runner's target is a development shortcut); ignored.`);
    return null;
  }
  evidence.push({ file: 'Procfile', reason: `web: ${web.command.join(' ')}` });
  if (/^release\s*:/m.test(procfile ?? '')) warnings.push('Procfile: the release line (often migrations) is not run by the image; run it as a separate step on deploy.');
  return { command: web.command, dev: null, port: web.port, env: web.env, srcOnPath: false, installServers: [] };
}

/** Order: a Procfile web line, the framework's server on its app object, a console script or entry file. */
export async function detectStart(project: Project, inputs: StartInputs, evidence: Evidence[], warnings: string[]): Promise<StartFacts> {
  const fw = FRAMEWORKS.find((f) => has(inputs.prodDeps, f.dep) || (f.id === 'django' && inputs.django !== null));
  const framework = fw?.id ?? null;
  const found =
    (await procfileStart(project, evidence, warnings)) ??
    (fw?.id === 'django' && inputs.django !== null ? djangoStart(inputs.django, inputs, evidence, warnings) : null) ??
    (fw !== undefined && fw.ctor.length > 0 ? await frameworkStart(project, fw, inputs, evidence, warnings) : null);
  if (found !== null) return { framework, ...found };
  const script = await scriptStart(project, inputs, evidence);
  // A framework among the dependencies is not proof the app serves it: gunicorn needs the object.
  if (fw !== undefined && fw.ctor.length > 0) {
    const why = `${fw.id} is a dependency but no module defines \`app = ${fw.ctor[0]}(…)\``;
    if (script === null) warnings.push(`${why} in the usual files: pass --cmd.`);
    else evidence.push({ file: '(default)', reason: `${why}: the entry script runs as it is` });
  }
  if (script !== null) return { framework, command: script.command, dev: null, port: script.port, env: {}, srcOnPath: script.srcOnPath, installServers: [] };
  return { framework, command: null, dev: null, port: fw === undefined ? null : PYTHON_DEFAULTS.webPort, env: {}, srcOnPath: false, installServers: [] };
}
