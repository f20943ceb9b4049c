import { usageError } from '../../errors.js';
import { execForm, safePath, safeVersion } from '../../safe.js';
import type { Detection, Plan, ResolvedOptions } from '../../types.js';
import { BASE_IMAGES, debianLine } from '../base-images.js';
import { copy, type Copy } from '../copy.js';
import { header, ociLabels, runtimeProbe, TINI } from '../shared.js';
import { PYTHON_DEFAULTS } from './defaults.js';
import type { PythonFacts } from './detect.js';
import { pythonIgnore } from './ignore.js';
import { installPlan } from './install.js';
import { withPort } from './port.js';

type Env = { name: string; value: string };

function env(name: string, value: string): Env {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw usageError(`Refusing the environment variable name ${JSON.stringify(name)}.`);
  return { name, value: /^[\w./:@$-]+$/.test(value) ? value : JSON.stringify(value).replace(/\$/g, '\\$') };
}

/** Python's own HTTP client: slim images have no curl. Any answer below 500 counts as alive. */
export function pythonProbe(port: number): string[] {
  return ['python', '-c', `import http.client, sys; c = http.client.HTTPConnection('127.0.0.1', ${port}, timeout=4); c.request('GET', '/'); sys.exit(c.getresponse().status >= 500)`];
}

function sameWords(a: readonly string[] | null, b: readonly string[]): boolean {
  return a !== null && a.length === b.length && a.every((w, i) => w === b[i]);
}

/** Commands this stack generated follow a --port that differs from the detected one; a --cmd is taken as given. */
function commands(detection: Detection<PythonFacts>, options: ResolvedOptions): { cmd: string[]; dev: string[]; generated: boolean } {
  const facts = detection.facts;
  const from = facts.start.port;
  const generated = sameWords(detection.values.startCommand, options.startCommand);
  const port = (words: readonly string[]): string[] => (from !== null && options.port !== null ? withPort(words, from, options.port) : [...words]);
  const cmd = generated ? port(options.startCommand) : [...options.startCommand];
  const dev = generated && facts.start.dev !== null ? port(facts.start.dev) : cmd;
  return { cmd, dev, generated };
}

/** The server the generated command starts, when the dependencies lack it: pip of the base image installs these requirements into the venv. */
function serverInstall(packages: readonly string[]): string | null {
  if (packages.length === 0) return null;
  for (const p of packages) if (!/^[a-z0-9-]+==[\w.]+$/.test(p)) throw usageError(`Refusing the server requirement ${JSON.stringify(p)}.`);
  return packages.join(' ');
}

function staticCopy(root: string): Copy {
  const path = safePath(root, 'STATIC_ROOT');
  return path.startsWith('/') ? copy(path, path, { from: 'build' }) : copy(`/app/${path}`, `./${path}`, { from: 'build' });
}

export function planPython(detection: Detection<PythonFacts>, options: ResolvedOptions, generatorVersion: string) {
  const facts = detection.facts;
  if (options.packageManager !== null && options.packageManager !== facts.pm.name) {
    throw usageError(`--package-manager ${options.packageManager} does not match this repo: its files say ${facts.pm.name}. Convert the project (lockfile included) first, then re-run.`);
  }
  const version = safeVersion(options.languageVersion, 'the Python version');
  const install = installPlan(facts.pm);
  const port = options.port;
  const { cmd, dev, generated } = commands(detection, options);
  const installServer = generated ? serverInstall(facts.start.installServers) : null;
  const probe = options.healthcheck && port !== null ? runtimeProbe(pythonProbe(port)) : runtimeProbe(null);
  const staticRoot = facts.django?.staticRoot ?? null;
  const uid = String(PYTHON_DEFAULTS.uid);
  const runtimeEnv = [
    ...(port === null ? [] : [env('PORT', String(port))]),
    ...(facts.start.srcOnPath ? [env('PYTHONPATH', '/app/src')] : []),
    ...Object.entries(facts.start.env).map(([k, v]) => env(k, v)),
  ];
  const data = {
    header: header('Python', generatorVersion, `${facts.pm.name}, ${facts.start.framework ?? 'python'}`),
    args: [{ name: 'PYTHON_VERSION', value: version }, ...(install.uvStage ? [{ name: 'UV_VERSION', value: PYTHON_DEFAULTS.uv }] : [])],
    uvImage: install.uvStage ? BASE_IMAGES.uv.reference : null,
    baseImage: (debianLine('python', version) === 'trixie' ? BASE_IMAGES.pythonSlim : BASE_IMAGES.pythonSlimBookworm).reference,
    baseEnv: [env('PYTHONDONTWRITEBYTECODE', '1'), env('PYTHONUNBUFFERED', '1'), env('PIP_DISABLE_PIP_VERSION_CHECK', '1'), env('PATH', `${PYTHON_DEFAULTS.venv}/bin:$PATH`)],
    buildPackages: facts.system.build.length === 0 ? null : facts.system.build.join(' '),
    setup: install.setup,
    builderEnv: install.env,
    copyFirst: install.copyFirst,
    venv: PYTHON_DEFAULTS.venv,
    cacheMount: install.cacheMount,
    sourceFirst: install.sourceFirst,
    depsProd: install.depsProd,
    projectProd: install.projectProd,
    depsDev: install.depsDev,
    projectDev: install.projectDev,
    buildSources: [copy('.', '.')],
    collectstatic: staticRoot === null ? null : 'python manage.py collectstatic --noinput',
    installServer,
    dev: { cmd: execForm(dev), port },
    test: facts.test,
    runtime: {
      packages: facts.system.runtime.length === 0 ? null : facts.system.runtime.join(' '),
      uid,
      userName: PYTHON_DEFAULTS.user,
      env: runtimeEnv,
      copies: [copy(PYTHON_DEFAULTS.venv, PYTHON_DEFAULTS.venv, { from: 'build' }), copy('.', '.'), ...(staticRoot === null ? [] : [staticCopy(staticRoot)])],
      user: `${uid}:${uid}`,
      port,
      healthcheck: probe.exec,
      entrypoint: execForm([TINI, '--']),
      cmd: execForm(cmd),
    },
    labels: ociLabels({ title: facts.meta.name, description: facts.meta.description, version: facts.meta.version, source: facts.meta.source, licenses: facts.meta.license }),
  };
  const notes: string[] = [];
  if (facts.django !== null) notes.push('Django: migrations are not run at build time; run `python manage.py migrate` as a release step before the new image serves traffic.');
  if (staticRoot !== null) notes.push('Django: collectstatic runs during the build, so settings must import without secrets or a database (read them from the environment with defaults).');
  if (installServer !== null) notes.push(`${facts.start.installServers.join(', ')} is installed into the image at build because the start command needs it and the dependencies lack it; add it to your dependencies to choose its version.`);
  if (port === null) notes.push('No web server found: the image exposes no port and has HEALTHCHECK NONE. Pass --port if the app does listen.');
  return {
    stack: 'python',
    template: 'python/Dockerfile.hbs',
    data,
    ignore: pythonIgnore(staticRoot !== null && !staticRoot.startsWith('/') ? [staticRoot] : []),
    image: {
      port,
      healthcheck: probe.compose,
      user: uid,
      tmpfs: ['/tmp'],
      targets: { development: 'development', test: 'test', production: 'production' },
      watch: { sync: ['.'], rebuild: [...facts.pm.manifests, ...facts.pm.manifestDirs], workdir: '/app' },
      env: port === null ? {} : { PORT: String(port) },
    },
    notes,
  } satisfies Plan;
}

/** The plan of a Python app, and the data python/Dockerfile.hbs lays out. */
export type PythonTemplateData = ReturnType<typeof planPython>['data'];
export type PythonPlan = Plan<'python/Dockerfile.hbs', PythonTemplateData>;
