import { execForm, quoted, safePath, safeVersion } from '../../safe.js';
import type { Plan, ResolvedOptions } from '../../types.js';
import { appBuildCache, type CacheMount } from '../cache-mount.js';
import { copy, type Copy } from '../copy.js';
import { header, nodeFetchProbe, ociLabels, runtimeProbe } from '../shared.js';
import { bunImages, nodeImages, type ImageFamily } from './images.js';
import { installPlan, NO_TESTS, runtimePackageManager, type InstallPlan } from './install.js';
import type { NodeFacts } from './detect.js';
import { nodeIgnore } from './ignore.js';
import { env, lastPerName, startPlan } from './start-plan.js';
import { devStage, type DevStage } from './dev-server.js';
import type { StaticRuntime } from './static-runtime.js';

/** What differs between plain Node apps and Next.js: the build and the production stage's contents. */
export interface RuntimeShape {
  readonly copies: readonly Copy[];
  readonly env: readonly { name: string; value: string }[];
  readonly cmd: readonly string[];
  /** The framework's build cache for the build stage (Next.js), or null. */
  readonly buildCache: CacheMount | null;
  readonly tmpfs: readonly string[];
  readonly notes: readonly string[];
  /** Folders the .dockerignore must exclude (build output). */
  readonly outputs: readonly string[];
  /** The production stage needs production node_modules. */
  readonly prodDeps: boolean;
  /** tini signals the command's whole process group (it runs the app as a child). */
  readonly processGroup: boolean;
  /** A static site served by nginx instead of a Node.js process, or null. */
  readonly static: StaticRuntime | null;
}

/**
 * The production stage takes the install stage's whole /app, not only its node_modules: an
 * install with nothing to install creates no node_modules (COPY of it would fail the build), and a
 * workspace keeps node_modules in member folders too. No dependencies and no workspace: no install.
 */
export function needsProdInstall(facts: NodeFacts): boolean {
  return facts.prodDependencies || facts.workspaceManifests.length > 0;
}

/** The app's files: from the context, or, when the repo commits a package cache (Yarn zero-install), from a stage that drops it. */
export function sourceCopy(facts: NodeFacts): Copy {
  return facts.pm.yarnBerry?.cache.kind === 'committed' ? copy('/app', './', { from: 'source' }) : copy('.', '.');
}

/** The plain-Node production stage: node_modules, the sources, and the build output. */
export function nodeRuntime(facts: NodeFacts, options: ResolvedOptions, images: ImageFamily): RuntimeShape {
  const start = startPlan(facts, options, images.runtimeBin, options.base === 'distroless');
  const output = facts.outputDir === null ? [] : [copy(`/app/${safePath(facts.outputDir)}`, `./${facts.outputDir}`, { from: 'build' })];
  const selfContained = facts.start.selfContained && !start.replaced;
  const fromProd = start.modulesFrom === 'prod-deps';
  const prodDeps = !selfContained && fromProd && needsProdInstall(facts);
  const modules = fromProd ? (prodDeps ? [copy('/app', './', { from: 'prod-deps' })] : []) : [copy('/app', './', { from: start.modulesFrom })];
  const copies = selfContained ? output : [...modules, sourceCopy(facts), ...output];
  if (facts.prismaDir !== null && facts.pm.name !== 'pnpm') copies.push(copy('/app/node_modules/.prisma', './node_modules/.prisma', { from: 'deps' }));
  return {
    copies,
    env: start.env,
    cmd: start.cmd,
    buildCache: null,
    tmpfs: ['/tmp'],
    notes: start.notes,
    outputs: facts.outputDir === null ? [] : [facts.outputDir],
    prodDeps,
    processGroup: start.processGroup,
    static: null,
  };
}

/** The runtime shape's own build cache (Next.js), else the framework's (Angular CLI), else none. */
function buildCacheMount(runtime: RuntimeShape, facts: NodeFacts): CacheMount | null {
  if (runtime.buildCache !== null || facts.buildCache == null) return runtime.buildCache;
  return appBuildCache('angular', [facts.pkg.name, facts.dir], `/app/${safePath(facts.buildCache)}`);
}

function testCommand(facts: NodeFacts, install: InstallPlan, bun: boolean): string {
  if (facts.scripts.test !== null) return `${install.run} test`;
  return bun ? 'bun test --pass-with-no-tests' : NO_TESTS;
}

/**
 * The app's dev server when it has one (watch mode, listening on every interface); else the
 * production start, which in a development image only works when the development stage builds
 * first (dist is never sent).
 */
function devCommand(facts: NodeFacts, options: ResolvedOptions, install: InstallPlan, appPort: number | null, site: boolean): DevStage {
  const build = facts.scripts.build === null ? null : `${install.run} build`;
  // nginx is not in a Node.js image: without a dev script the development stage says what to add.
  const start = site && facts.devServer.script === null ? { cmd: NO_DEV_SCRIPT, port: null, build: null } : { cmd: options.startCommand, port: appPort, build };
  return devStage(facts.devServer, install.run, start);
}

const NO_DEV_SCRIPT = ['sh', '-c', 'echo \'This static site has no "dev" script: add one that starts its dev server (for example "vite"), or use the production target.\' >&2; exit 1'];

/**
 * Which folders the app may write, and where compose.prod.yaml (read-only root) keeps them: a
 * named volume each. `prefix` is the app's folder in the repo, for a workspace member.
 */
export function writableNotes(facts: NodeFacts, prefix = ''): string[] {
  const notes: string[] = [];
  const { dirs, topLevelDatabases } = facts.writable;
  if (dirs.length > 0) notes.push(`Writable by the app user in the image: ${dirs.map((d) => `${prefix}${d}/`).join(', ')} (everything else is read-only to it). compose.prod.yaml, whose root filesystem is read-only, mounts a named volume on each, which keeps the data across restarts.`);
  if (topLevelDatabases.length > 0) notes.push(`SQLite database ${topLevelDatabases.map((f) => `${prefix}${f}`).join(', ')} sits in the app folder, which the app user cannot write: move it into a folder of its own (for example data/) and point the URL there.`);
  return notes;
}

/** Each member's package.json in the install stage, so the root install links and installs them. */
function memberManifests(facts: NodeFacts): Copy[] {
  return facts.workspaceManifests.map((dir) => copy(safePath(`${dir}/package.json`), `./${dir}/`));
}

export function planNodeLike(stack: 'node' | 'nextjs', facts: NodeFacts, options: ResolvedOptions, runtime: RuntimeShape, generatorVersion: string) {
  const bun = facts.runtime === 'bun';
  const version = safeVersion(options.languageVersion, 'the Node.js version');
  const images = bun ? bunImages(options.base, facts.pm.version ?? '1') : nodeImages(options.base, version);
  const install = installPlan(facts.pm, version, facts.installConfig, bun);
  const port = options.port;
  const site = runtime.static;
  const probeWords = site !== null ? site.probe : port === null ? null : nodeFetchProbe(images.runtimeBin, port);
  const probe = runtimeProbe(options.healthcheck ? probeWords : null);
  const runtimeEnv = lastPerName([env('NODE_ENV', 'production'), ...(port === null ? [] : [env('PORT', String(port))]), ...runtime.env]);
  const prisma = facts.prismaDir === null ? null : `${install.exec} prisma generate`;
  const pmAtRuntime = runtimePackageManager(facts.pm, runtime.cmd, options.base === 'distroless');
  // A static site's port is nginx's: a dev server without a known port listens where its script says.
  const dev = devCommand(facts, options, install, site === null ? port : null, site !== null);
  // Folders the app writes, owned by the app user; a static site's web server writes none of the app's.
  const writable = site === null && facts.writable.dirs.length > 0;
  const copies = [...runtime.copies, ...(writable ? [copy('/writable/', './', { from: 'writable', chown: images.owner })] : [])];
  const data = {
    header: header(stack === 'nextjs' ? 'Next.js' : 'Node.js', generatorVersion, `${facts.pm.name}, ${stack === 'nextjs' ? 'next' : (facts.start.framework ?? 'node')}`),
    args: [images.arg, ...(site !== null ? [site.arg] : images.runtimeArg === null ? [] : [images.runtimeArg])],
    buildImage: images.build,
    runtimeImage: images.runtime,
    buildTools: facts.nativeAddons.length > 0 ? images.buildTools : null,
    setup: { ...install.setup, installEnv: facts.installEnv },
    copyFirst: [...install.copyFirst, ...memberManifests(facts)],
    cacheMount: install.cacheMount,
    installAll: install.installAll,
    installProd: install.installProd,
    prismaGenerate: prisma,
    build: facts.scripts.build === null ? null : { command: `${install.run} build`, cacheMount: buildCacheMount(runtime, facts) },
    testFrom: facts.scripts.build === null ? 'deps' : 'build',
    test: testCommand(facts, install, bun),
    dev: { cmd: execForm(dev.cmd), build: dev.build, port: dev.port, env: dev.env },
    prodDeps: runtime.prodDeps,
    writable: writable ? `mkdir -p ${facts.writable.dirs.map((d) => `/writable/${safePath(d)}`).join(' ')}` : null,
    sourceStage: runtime.copies.some((c) => c.from === 'source'),
    runtime: {
      packages: images.runtimePackages(facts.prismaDir === null ? [] : ['openssl']),
      packageManager: pmAtRuntime.install,
      tini: images.tini,
      env: runtimeEnv,
      copies,
      user: images.user,
      port,
      healthcheck: probe.exec,
      entrypoint: execForm([images.tini.path, ...(runtime.processGroup ? ['-g'] : []), '--']),
      cmd: execForm(runtime.cmd),
    },
    static: site,
    labels: ociLabels({ title: facts.pkg.name, description: facts.pkg.description, version: facts.pkg.version, source: facts.pkg.repository, licenses: facts.pkg.license }),
  };
  return {
    stack,
    template: 'node/Dockerfile.hbs',
    data,
    ignore: nodeIgnore([...runtime.outputs, ...(facts.buildCache == null ? [] : [facts.buildCache])], facts.pm.yarnBerry?.cache.kind === 'committed' ? ['.yarn/cache'] : []),
    image: {
      port: site?.port ?? port,
      healthcheck: probe.compose,
      user: site?.user ?? images.user,
      tmpfs: runtime.tmpfs,
      volumes: writable ? facts.writable.dirs.map((d) => `/app/${d}`) : [],
      targets: { development: 'development', test: 'test', production: 'production' },
      watch: { sync: ['.'], rebuild: ['package.json', ...facts.pm.lockfiles, ...facts.workspaceManifests.map((d) => `${d}/package.json`)], workdir: '/app' },
      env: port === null || site !== null ? {} : { PORT: String(port) },
      dev: { port: dev.port, env: Object.fromEntries(dev.env.map((e) => [e.name, e.value])) },
    },
    notes: [...runtime.notes, ...(site !== null && facts.devServer.script === null ? ['No "dev" script starts a dev server, so the development target (and compose.dev.yaml) only says so: add one and re-run.'] : []), ...install.notes, ...pmAtRuntime.notes, ...(site === null ? writableNotes(facts) : [])],
  } satisfies Plan;
}

/** The plan of a Node.js or Next.js app, and the data node/Dockerfile.hbs lays out. */
export type NodeTemplateData = ReturnType<typeof planNodeLike>['data'];
export type NodePlan = Plan<'node/Dockerfile.hbs', NodeTemplateData>;
