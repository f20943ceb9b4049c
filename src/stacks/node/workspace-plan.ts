import { usageError } from '../../errors.js';
import { execForm, quoted, safePath, safeVersion } from '../../safe.js';
import type { Plan, ResolvedOptions } from '../../types.js';
import { appBuildCache } from '../cache-mount.js';
import { copy, type Copy } from '../copy.js';
import { header, nodeFetchProbe, ociLabels, runtimeProbe } from '../shared.js';
import type { NodeFacts } from './detect.js';
import { workspaceIgnore } from './ignore.js';
import { bunImages, nodeImages, type ImageFamily } from './images.js';
import { installPlan, NO_TESTS, runtimePackageManager } from './install.js';
import { writableNotes } from './plan.js';
import { workspaceCommands, type WorkspaceCommands } from './workspace-install.js';
import { devStage } from './dev-server.js';
import { lastPerName } from './start-plan.js';
import { staticRuntime, type StaticRuntime } from './static-runtime.js';
import type { NodeWorkspaceFacts } from './workspace.js';

/** What a Next.js member adds: where its standalone server lands, and its build cache. */
export interface NextShape {
  readonly standalone: boolean;
  readonly hasPublic: boolean;
  readonly config: string | null;
  /** Repo files (paths from the workspace root) the config imports: `next start` loads them with it. */
  readonly configImports?: readonly string[];
  /** The app's production dependencies (typescript there is shipped with them). */
  readonly deps?: Readonly<Record<string, string>>;
}

/** What `next start` needs besides the member's own folder: the config's imports elsewhere, and typescript for a .ts config. */
interface NextStartNeeds {
  /** Config imports outside the folders the build copies (member and workspace packages). */
  readonly outside: readonly string[];
  readonly typescript: boolean;
}

function nextStartNeeds(ws: NodeWorkspaceFacts, next: NextShape | null): NextStartNeeds {
  if (next === null || next.standalone || next.config === null) return { outside: [], typescript: false };
  const copied = [ws.member.dir, ...ws.libs.map((l) => l.dir)].map((d) => `${d}/`);
  const outside = (next.configImports ?? []).filter((f) => !copied.some((d) => f.startsWith(d)));
  // `next start` compiles a TypeScript config with the typescript package (and tries to install it when missing).
  const typescript = /\.[mc]?ts$/.test(next.config) && !('typescript' in (next.deps ?? {}));
  return { outside, typescript };
}

function env(name: string, value: string): { name: string; value: string } {
  return { name, value: /^[\w./:@-]+$/.test(value) ? value : quoted(value) };
}

/** The production stage's COPY lines and working folder, per way of shipping the app. */
function runtimeCopies(facts: NodeFacts, ws: NodeWorkspaceFacts, cmds: WorkspaceCommands, next: NextShape | null, needs: NextStartNeeds, images: ImageFamily): { copies: Copy[]; workdir: string } {
  const { copies, workdir } = shippedApp(facts, ws, cmds, next, images);
  // Where the member's files sit under /app: its own folder, or /app itself after pnpm deploy.
  const at = workdir === '/app' ? './' : `./${safePath(ws.member.dir)}/`;
  if (needs.typescript) copies.push(copy('/typescript', `${at}node_modules/typescript`, { from: 'typescript' }));
  if (cmds.deploy === null) for (const file of needs.outside) copies.push(copy(`/app/${safePath(file)}`, `./${file}`, { from: 'build' }));
  if (facts.writable.dirs.length > 0) copies.push(copy('/writable/', at, { from: 'writable', chown: images.owner }));
  return { copies, workdir };
}

function shippedApp(facts: NodeFacts, ws: NodeWorkspaceFacts, cmds: WorkspaceCommands, next: NextShape | null, images: ImageFamily): { copies: Copy[]; workdir: string } {
  const m = safePath(ws.member.dir);
  const build = { from: 'build' };
  const owned = { from: 'build', chown: images.owner };
  if (next?.standalone === true) {
    // Next.js traces from the workspace root: the standalone folder mirrors the repo, server.js sits under the app's folder.
    return {
      copies: [
        ...(next.hasPublic ? [copy(`/app/${m}/public`, `./${m}/public`, build)] : []),
        copy(`/app/${m}/.next/standalone`, './', owned),
        copy(`/app/${m}/.next/static`, `./${m}/.next/static`, owned),
      ],
      workdir: `/app/${m}`,
    };
  }
  if (cmds.deploy !== null) {
    // pnpm deploy wrote the app with its production node_modules (workspace packages copied in) to /prod/app.
    const nextBuild = next === null ? [] : [copy(`/app/${m}/.next`, './.next', owned)];
    const outputs = next === null && facts.outputDir !== null ? [copy(`/app/${m}/${safePath(facts.outputDir)}`, `./${facts.outputDir}`, build)] : [];
    return { copies: [copy('/prod/app', './', { from: 'prod-deploy' }), ...outputs, ...nextBuild], workdir: '/app' };
  }
  const outputs = [
    ...ws.libs.filter((l) => l.outputDir !== null).map((l) => copy(`/app/${safePath(l.dir)}/${safePath(l.outputDir as string)}`, `./${l.dir}/${l.outputDir}`, build)),
    ...(next !== null ? [copy(`/app/${m}/.next`, `./${m}/.next`, owned)] : facts.outputDir === null ? [] : [copy(`/app/${m}/${safePath(facts.outputDir)}`, `./${m}/${facts.outputDir}`, build)]),
  ];
  // Production node_modules and manifests first, then only the app's and its packages' sources.
  return { copies: [copy('/app', './', { from: 'prod-deps' }), ...cmds.sources, ...outputs], workdir: `/app/${m}` };
}

function startCommand(options: ResolvedOptions, runtimeBin: string, next: NextShape | null, deployed: boolean, detected: readonly string[] | null): string[] {
  // `--cmd` (a command other than the detected one) replaces the Next.js server too.
  const replaced = detected === null || options.startCommand.join('\0') !== detected.join('\0');
  if (replaced) next = null;
  if (next?.standalone === true) return [runtimeBin, 'server.js'];
  if (next !== null) return [runtimeBin, deployed ? 'node_modules/next/dist/bin/next' : '/app/node_modules/next/dist/bin/next', 'start'];
  const [first, ...rest] = options.startCommand;
  return first === 'node' || first === 'bun' ? [runtimeBin, ...rest] : [...options.startCommand];
}

export function planNodeWorkspace(stack: 'node' | 'nextjs', facts: NodeFacts, ws: NodeWorkspaceFacts, options: ResolvedOptions, next: NextShape | null, generatorVersion: string) {
  const site = memberSite(facts, ws, options);
  const bun = facts.runtime === 'bun';
  const version = safeVersion(options.languageVersion, 'the Node.js version');
  const images = bun ? bunImages(options.base, facts.pm.version ?? '1') : nodeImages(options.base, version);
  const base = installPlan(facts.pm, version, facts.installConfig, bun);
  const m = safePath(ws.member.dir);
  const buildCache = next === null ? null : appBuildCache('next', [ws.member.name, m], `/app/${m}/.next/cache`);
  const cmds = workspaceCommands(facts, ws, base, { standalone: next?.standalone === true, buildCache });
  const port = options.port;
  const probeWords = site !== null ? site.probe : port === null ? null : nodeFetchProbe(images.runtimeBin, port);
  const probe = runtimeProbe(options.healthcheck ? probeWords : null);
  const nextEnv = next === null ? [] : [env('HOSTNAME', '0.0.0.0'), env('NEXT_TELEMETRY_DISABLED', '1')];
  const scriptEnv = facts.start.command !== null && options.startCommand.join('\0') === facts.start.command.join('\0') ? facts.start.env : {};
  const startEnv = next === null ? Object.entries({ ...scriptEnv, ...facts.start.frameworkEnv }).map(([k, v]) => env(k, v)) : [];
  const runtimeEnv = lastPerName([env('NODE_ENV', 'production'), ...(port === null ? [] : [env('PORT', String(port))]), ...nextEnv, ...startEnv]);
  const needs = nextStartNeeds(ws, next);
  const { copies, workdir } = runtimeCopies(facts, ws, cmds, next, needs, images);
  const cmd = startCommand(options, images.runtimeBin, next, cmds.deploy !== null, facts.start.command);
  const pmAtRuntime = runtimePackageManager(facts.pm, cmd, options.base === 'distroless');
  // The development stage works in the member's folder, where `<pm> run dev` runs the member's own script.
  const dev = devStage(facts.devServer, base.run, { cmd: options.startCommand, port: site === null ? port : null, build: null });
  const data = {
    header: header(stack === 'nextjs' ? 'Next.js' : 'Node.js', generatorVersion, `${ws.tool === 'turbo' ? 'Turborepo, ' : ''}${ws.kind} workspace member ${ws.member.dir}, ${stack === 'nextjs' ? 'next' : (facts.start.framework ?? 'node')}`),
    args: [images.arg, ...(site !== null ? [site.arg] : images.runtimeArg === null ? [] : [images.runtimeArg])],
    buildImage: images.build,
    runtimeImage: images.runtime,
    buildTools: facts.nativeAddons.length > 0 ? images.buildTools : null,
    setup: { ...base.setup, installEnv: facts.installEnv },
    // libs: kept for team templates ejected before the install scope came from the plan.
    member: { dir: m, name: ws.member.name, libs: ws.libs.length === 0 ? 'no workspace packages' : ws.libs.map((l) => l.name).join(', ') },
    prune: cmds.prune,
    copyFirst: cmds.copyFirst,
    cacheMount: base.cacheMount,
    installScope: cmds.scope,
    installAll: cmds.installAll,
    installProd: cmds.installProd,
    // Files the Next.js config imports from outside the copied folders: the build loads the config too.
    sources: [...cmds.sources, ...needs.outside.map((f) => copy(safePath(f), `./${f}`))],
    builds: cmds.builds,
    deploy: cmds.deploy,
    test: facts.scripts.test === null ? NO_TESTS : cmds.run('test').join(' '),
    dev: { cmd: execForm(dev.cmd), port: dev.port, env: dev.env },
    typescript: needs.typescript ? { config: safePath(next?.config ?? ''), copy: typescriptCopy(images.runtimeBin) } : null,
    writable: facts.writable.dirs.length === 0 ? null : `mkdir -p ${facts.writable.dirs.map((d) => `/writable/${safePath(d)}`).join(' ')}`,
    runtime: {
      packages: images.runtimePackages([]),
      packageManager: pmAtRuntime.install,
      tini: images.tini,
      env: runtimeEnv,
      copies,
      workdir,
      user: images.user,
      port,
      healthcheck: probe.exec,
      entrypoint: execForm([images.tini.path, '--']),
      cmd: execForm(cmd),
    },
    static: site,
    labels: ociLabels({ title: facts.pkg.name, description: facts.pkg.description, version: facts.pkg.version, source: facts.pkg.repository, licenses: facts.pkg.license }),
  };
  const outputs = [...ws.libs.map((l) => l.outputDir).filter((d): d is string => d !== null), ...(facts.outputDir === null ? [] : [facts.outputDir]), ...(next === null ? [] : ['.next'])];
  const dirs = [...ws.libs.map((l) => l.dir), m];
  return {
    stack,
    template: 'node/Dockerfile.workspace.hbs',
    data,
    ignore: workspaceIgnore(outputs, facts.pm.yarnBerry?.cache.kind === 'committed' ? ['.yarn/cache'] : []),
    image: {
      port: site?.port ?? port,
      healthcheck: probe.compose,
      user: site?.user ?? images.user,
      tmpfs: next === null ? ['/tmp'] : ['/tmp', `${workdir}/.next/cache`],
      volumes: facts.writable.dirs.map((d) => `${workdir}/${d}`),
      targets: { development: 'development', test: 'test', production: 'production' },
      watch: { sync: dirs, rebuild: ['package.json', ...facts.pm.lockfiles, ...dirs.map((d) => `${d}/package.json`)], workdir: '/app' },
      env: port === null || site !== null ? {} : { PORT: String(port) },
      dev: { port: dev.port, env: Object.fromEntries(dev.env.map((e) => [e.name, e.value])) },
    },
    notes: [...workspaceNotes(ws, next), ...(site === null ? [] : [staticNote(facts, site)]), ...base.notes, ...pmAtRuntime.notes, ...(site === null ? writableNotes(facts, `${ws.member.dir}/`) : []), ...deployedOutside(cmds, needs)],
    dockerfilePath: `${m}/Dockerfile`,
  } satisfies Plan;
}

/**
 * A static-site member is served like a standalone one: nginx with the member's build output,
 * which the build stage makes in the member's folder. `--cmd` runs a Node.js server instead.
 */
function memberSite(facts: NodeFacts, ws: NodeWorkspaceFacts, options: ResolvedOptions): StaticRuntime | null {
  const site = facts.start.static;
  if (site === null || options.startCommand.join('\0') !== facts.start.command?.join('\0')) return null;
  if (facts.scripts.build === null) throw usageError(`${ws.member.dir} is a static site (${facts.start.framework ?? 'static'}) with no "build" script to make ${site.outDir}/: add one (or pass --cmd to run a server instead).`);
  return staticRuntime({ ...site, outDir: `${safePath(ws.member.dir)}/${site.outDir}` }, options.base, options.port);
}

function staticNote(facts: NodeFacts, site: StaticRuntime): string {
  return `Static site (${facts.start.framework ?? 'static'}): nginx serves ${site.outDir}/ on port ${site.port}${site.spa ? ', with unknown paths answered by index.html (client-side routing)' : ''}. Pass --cmd to run a Node.js server instead.`;
}

/**
 * typescript wherever this package manager put it for the member (hoisted, nested or a pnpm/Bun
 * symlink), as a plain folder: it has no dependencies, so the runtime needs only that folder.
 */
function typescriptCopy(runtimeBin: string): string {
  return `cp -rL "$(${runtimeBin} -p "require('node:path').dirname(require.resolve('typescript/package.json'))")" /typescript`;
}

/** pnpm deploy ships the member's folder alone: config imports outside it cannot follow. */
function deployedOutside(cmds: WorkspaceCommands, needs: NextStartNeeds): string[] {
  if (cmds.deploy === null || needs.outside.length === 0) return [];
  return [`The Next.js config imports ${needs.outside.join(', ')}, outside the app's folder, which pnpm deploy does not ship: move them into the app or a workspace package it depends on, or use output: 'standalone'.`];
}

function workspaceNotes(ws: NodeWorkspaceFacts, next: NextShape | null): string[] {
  const notes = [`Workspace member ${ws.member.dir}: build from the workspace root with  docker build -f ${ws.member.dir}/Dockerfile .`];
  if (next?.standalone === true) {
    notes.push('Next.js standalone in a workspace: the image expects .next/standalone to mirror the workspace (server.js under the app folder), which is what Next.js does when its tracing root is the workspace root (set outputFileTracingRoot if your version does not infer it).');
  }
  if (ws.tool === 'nx') notes.push('nx.json found: the image builds with the package manager\'s workspace commands, not Nx targets.');
  return notes;
}

/** The plan of a Node.js or Next.js workspace member, and the data node/Dockerfile.workspace.hbs lays out. */
export type NodeWorkspaceTemplateData = ReturnType<typeof planNodeWorkspace>['data'];
export type NodeWorkspacePlan = Plan<'node/Dockerfile.workspace.hbs', NodeWorkspaceTemplateData>;
