import { execForm, quoted, safePath, safeVersion } from '../../safe.js';
import type { Plan, ResolvedOptions } from '../../types.js';
import { header, nodeFetchProbe, ociLabels, runtimeProbe } from '../shared.js';
import { bunImages, nodeImages, type ImageFamily } from './images.js';
import { installPlan, type InstallPlan } from './install.js';
import type { NodeFacts } from './detect.js';
import { nodeIgnore } from './ignore.js';
import { env, startPlan } from './start-plan.js';
import type { StaticRuntime } from './static-runtime.js';

export interface RuntimeCopy {
  readonly line: string;
}

/** What differs between plain Node apps and Next.js: the build and the production stage's contents. */
export interface RuntimeShape {
  readonly copies: readonly string[];
  readonly env: readonly { name: string; value: string }[];
  readonly cmd: readonly string[];
  readonly buildCacheMount: string;
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

/** The plain-Node production stage: node_modules, the sources, and the build output. */
export function nodeRuntime(facts: NodeFacts, options: ResolvedOptions, images: ImageFamily): RuntimeShape {
  const start = startPlan(facts, options, images.runtimeBin, options.base === 'distroless');
  const output = facts.outputDir === null ? [] : [`COPY --from=build /app/${safePath(facts.outputDir)} ./${facts.outputDir}`];
  const selfContained = facts.start.selfContained && !start.replaced;
  const copies = selfContained ? output : [`COPY --from=${start.modulesFrom} /app/node_modules ./node_modules`, 'COPY . .', ...output];
  if (facts.prismaDir !== null && facts.pm.name !== 'pnpm') copies.push('COPY --from=deps /app/node_modules/.prisma ./node_modules/.prisma');
  return {
    copies,
    env: start.env,
    cmd: start.cmd,
    buildCacheMount: '',
    tmpfs: ['/tmp'],
    notes: start.notes,
    outputs: facts.outputDir === null ? [] : [facts.outputDir],
    prodDeps: !selfContained && start.modulesFrom === 'prod-deps',
    processGroup: start.processGroup,
    static: null,
  };
}

function testCommand(facts: NodeFacts, install: InstallPlan, bun: boolean): string {
  if (facts.scripts.test !== null) return `${install.run} test`;
  return bun ? 'bun test --pass-with-no-tests' : 'node --test';
}

function devCommand(facts: NodeFacts, options: ResolvedOptions, install: InstallPlan): readonly string[] {
  if (facts.scripts.dev !== null) return [...install.run.split(' '), 'dev'];
  return options.startCommand;
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
  const runtimeEnv = [env('NODE_ENV', 'production'), ...(port === null ? [] : [env('PORT', String(port))]), ...runtime.env];
  const chownUser = images.user.includes(':') ? images.user : `${images.user}:${images.user}`;
  const prisma = facts.prismaDir === null ? null : `${install.exec} prisma generate`;
  const data = {
    header: header(stack === 'nextjs' ? 'Next.js' : 'Node.js', generatorVersion, `${facts.pm.name}, ${stack === 'nextjs' ? 'next' : (facts.start.framework ?? 'node')}`),
    args: [images.arg, ...(images.runtimeArg === null ? [] : [images.runtimeArg])],
    buildImage: images.build,
    runtimeImage: images.runtime,
    buildTools: facts.nativeAddons.length > 0 ? images.buildTools : null,
    setup: install.setup,
    copyFirst: install.copyFirst,
    cacheMount: install.cacheMount,
    installAll: install.installAll,
    installProd: install.installProd,
    prismaGenerate: prisma,
    build: facts.scripts.build === null ? null : { command: `${install.run} build`, cacheMount: runtime.buildCacheMount },
    testFrom: facts.scripts.build === null ? 'deps' : 'build',
    test: testCommand(facts, install, bun),
    dev: { cmd: execForm(devCommand(facts, options, install)), port },
    prodDeps: runtime.prodDeps,
    runtime: {
      packages: images.runtimePackages(facts.prismaDir === null ? [] : ['openssl']),
      tini: images.tini,
      env: runtimeEnv,
      copies: runtime.copies.map((line) => line.replace('${APP_USER}', chownUser)),
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
    ignore: nodeIgnore(runtime.outputs),
    image: {
      port: site?.port ?? port,
      healthcheck: probe.compose,
      user: site?.user ?? images.user,
      tmpfs: runtime.tmpfs,
      targets: { development: 'development', test: 'test', production: 'production' },
      watch: { sync: ['.'], rebuild: ['package.json', ...facts.pm.lockfiles], workdir: '/app' },
      env: port === null || site !== null ? {} : { PORT: String(port) },
    },
    notes: runtime.notes,
  } satisfies Plan;
}

/** The plan of a Node.js or Next.js app, and the data node/Dockerfile.hbs lays out. */
export type NodeTemplateData = ReturnType<typeof planNodeLike>['data'];
export type NodePlan = Plan<'node/Dockerfile.hbs', NodeTemplateData>;
