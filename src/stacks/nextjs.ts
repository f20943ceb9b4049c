import { safePath } from '../safe.js';
import { appBuildCache, type CacheMount } from './cache-mount.js';
import { copy } from './copy.js';
import type { Detection, Project } from '../types.js';
import { defineStack } from './define.js';
import { detectNodeFacts, nodeDetection, type NodeFacts } from './node/detect.js';
import { hasDependency } from './node/package-json.js';
import { localImports } from './node/local-imports.js';
import { requestedPackageManager } from './node/package-manager.js';
import { planNodeLike, type RuntimeShape } from './node/plan.js';
import { appFolder, readConfig, stringSetting, type ConfigFile } from './node/frameworks/config.js';
import { bunImages, nodeImages, type ImageFamily } from './node/images.js';
import { NO_START, STATIC_COMMAND, STATIC_PORT } from './node/start.js';
import { env, startPlan } from './node/start-plan.js';
import { staticShape } from './node/static-runtime.js';
import type { ResolvedOptions } from '../types.js';
import { planNodeWorkspace } from './node/workspace-plan.js';
import { VERSION } from '../version.js';

const CONFIG_FILES = ['next.config.ts', 'next.config.mjs', 'next.config.js', 'next.config.cjs', 'next.config.mts'];
export interface NextFacts extends NodeFacts {
  /** Production dependencies (typescript there needs no extra copy). */
  readonly deps: Readonly<Record<string, string>>;
  readonly next: {
    readonly config: string | null;
    readonly standalone: boolean;
    readonly hasPublic: boolean;
    readonly output: NextOutput;
    readonly distDir: string;
    /** Repo files the config imports: `next start` loads the config, so they go into the image with it. */
    readonly configImports?: readonly string[];
  };
}

type NextOutput = 'standalone' | 'export' | 'server';

/** `output` in next.config: standalone server, static export, or the default `next start` server. */
function nextOutput(config: ConfigFile | null): NextOutput {
  const output = stringSetting(config, 'output');
  return output === 'standalone' || output === 'export' ? output : 'server';
}

const NEXT_ENV = [env('HOSTNAME', '0.0.0.0'), env('NEXT_TELEMETRY_DISABLED', '1')];

/** `--cmd` replaces the server command; the Next.js settings and files stay. */
function command(facts: NextFacts, options: ResolvedOptions, runtimeBin: string): { cmd: readonly string[]; processGroup: boolean; notes: readonly string[] } {
  const start = startPlan(facts, options, runtimeBin, options.base === 'distroless');
  return { cmd: start.cmd, processGroup: start.processGroup, notes: start.notes };
}

/** Next.js's own build cache, one per app (see appBuildCache). */
function nextBuildCache(facts: NextFacts, dist: string): CacheMount {
  return appBuildCache('next', [facts.pkg.name, facts.dir], `/app/${dist}/cache`);
}

function standaloneRuntime(facts: NextFacts, options: ResolvedOptions, images: ImageFamily): RuntimeShape {
  const dist = safePath(facts.next.distDir);
  const copies = [
    ...(facts.next.hasPublic ? [copy('/app/public', './public', { from: 'build' })] : []),
    // The dist folder must be writable by the app user: Next.js writes its image and ISR cache there.
    copy(`/app/${dist}/standalone`, './', { from: 'build', chown: images.owner }),
    copy(`/app/${dist}/static`, `./${dist}/static`, { from: 'build', chown: images.owner }),
  ];
  const { cmd, processGroup, notes } = command(facts, options, images.runtimeBin);
  return {
    copies, env: NEXT_ENV, cmd, processGroup, static: null,
    buildCache: nextBuildCache(facts, dist), tmpfs: ['/tmp', `/app/${dist}/cache`], notes, outputs: [dist], prodDeps: false,
  };
}

function nextStartRuntime(facts: NextFacts, options: ResolvedOptions, images: ImageFamily): RuntimeShape {
  const config = facts.next.config === null ? [] : [copy(`/app/${safePath(facts.next.config)}`, './', { from: 'build' })];
  const dist = safePath(facts.next.distDir);
  const { cmd, processGroup, notes } = command(facts, options, images.runtimeBin);
  for (const file of facts.next.configImports ?? []) config.push(copy(`/app/${safePath(file)}`, `./${file}`, { from: 'build' }));
  // `next start` compiles a TypeScript config with the typescript package (and tries to install it when missing).
  if (facts.next.config !== null && /\.[mc]?ts$/.test(facts.next.config) && !('typescript' in facts.deps)) {
    config.push(copy('/app/node_modules/typescript', './node_modules/typescript', { from: 'deps' }));
  }
  return {
    copies: [
      // The whole /app: the install may leave node_modules in more than one folder (workspaces).
      copy('/app', './', { from: 'prod-deps' }),
      copy('/app/package.json', './', { from: 'build' }),
      ...config,
      ...(facts.next.hasPublic ? [copy('/app/public', './public', { from: 'build' })] : []),
      copy(`/app/${dist}`, `./${dist}`, { from: 'build', chown: images.owner }),
    ],
    env: NEXT_ENV,
    cmd,
    processGroup,
    static: null,
    buildCache: nextBuildCache(facts, dist),
    tmpfs: ['/tmp', `/app/${dist}/cache`],
    notes: [
      ...notes,
      `${facts.next.config ?? 'next.config.js'} has no output: 'standalone', so the image runs \`next start\` with production node_modules. ` +
        "For an image several times smaller, add  output: 'standalone'  to the config object and re-run.",
    ],
    outputs: [dist],
    prodDeps: true,
  };
}

/**
 * A static export is served by nginx, but `next build` still compiles into `.next` and keeps its
 * cache in `.next/cache`, so the build stage mounts it as for a server build. With `distDir` set,
 * the export goes there and where the compiler keeps its cache is not certain: no mount then.
 */
function exportRuntime(facts: NextFacts, site: Parameters<typeof staticShape>[1], options: ResolvedOptions): RuntimeShape {
  const shape = staticShape(facts, site, options);
  return facts.next.distDir === 'out' ? { ...shape, buildCache: nextBuildCache(facts, '.next') } : shape;
}

/** Next.js facts for the package in `found.facts.dir` (the root, or a workspace member's folder); null when it is not a Next.js app. */
export async function nextDetection(project: Project, found: NonNullable<Awaited<ReturnType<typeof detectNodeFacts>>>): Promise<Detection<NextFacts> | null> {
  if (!hasDependency(found.pkg, 'next')) return null;
  const dir = found.facts.dir;
  const at = (f: string): string => (dir === '' ? f : `${dir}/${f}`);
  const configFile = await readConfig(project, at, CONFIG_FILES);
  const config = configFile?.file ?? null;
  const output = nextOutput(configFile);
  const standalone = output === 'standalone';
  const distDir = appFolder(stringSetting(configFile, 'distDir')) ?? (output === 'export' ? 'out' : '.next');
  // Next.js decides the start command itself: what the generic start-script rules said does not apply.
  const evidence = [...found.evidence.filter((e) => !e.reason.startsWith('start script ')), { file: at('package.json'), reason: 'depends on next' }];
  if (config !== null) evidence.push({ file: at(config), reason: output === 'server' ? 'no standalone output' : output === 'export' ? `output: 'export': a static site in ${distDir}/, nginx serves it` : `output: '${output}'` });
  if (distDir !== '.next' && distDir !== 'out') evidence.push({ file: at(config ?? 'next.config.js'), reason: `distDir is ${distDir}` });
  // A static export (distDir names the export folder, default out/) is served by nginx like any static site.
  const site = output === 'export' ? { outDir: distDir, spa: false, immutableLocation: '^~ /_next/static/' } : null;
  if (site !== null) evidence.push({ file: '(default)', reason: `static site: nginx-unprivileged listens on ${STATIC_PORT}` });
  const command = site !== null ? STATIC_COMMAND : standalone ? ['node', 'server.js'] : ['node', 'node_modules/next/dist/bin/next', 'start'];
  const facts: NextFacts = {
    ...found.facts,
    outputDir: distDir,
    port: site !== null ? STATIC_PORT : found.facts.port,
    start: { ...NO_START, command, framework: 'nextjs', static: site },
    next: {
      config, standalone, hasPublic: await project.isDir(at('public')), output, distDir,
      // Paths from the repo root: a workspace member's config may import files outside its folder.
      configImports: config === null || output !== 'server' ? [] : await localImports(project, at(config)),
    },
    deps: found.pkg.dependencies,
  };
  // Said in full here: --json carries warnings but not the notes printed after writing.
  const larger = `Next.js without output: 'standalone': the image runs \`next start\` with production node_modules, several times larger; add output: 'standalone' to ${config ?? 'next.config.js'} for a smaller one.`;
  const warnings = output !== 'server' ? found.warnings : [...found.warnings, larger];
  return nodeDetection('nextjs', facts, evidence, warnings, 'nextjs');
}

export const nextjs = defineStack<NextFacts>({
  id: 'nextjs',
  label: 'Next.js',
  bases: ['slim', 'alpine', 'distroless'],
  startHint: 'Next.js apps start with `next start` or the standalone server.js; pass --cmd to override.',
  async detect(project) {
    const found = await detectNodeFacts(project);
    return found === null ? null : nextDetection(project, found);
  },
  plan(detection, options) {
    const facts = { ...detection.facts, pm: requestedPackageManager(detection.facts.pm, options.packageManager, detection.facts.workspace !== null) };
    if (facts.workspace !== null) return planNodeWorkspace('nextjs', facts, facts.workspace, options, { ...facts.next, deps: facts.deps }, VERSION);
    const images = facts.runtime === 'bun' ? bunImages(options.base, facts.pm.version ?? '1') : nodeImages(options.base, options.languageVersion);
    const site = facts.start.static !== null && options.startCommand.join(' ') === STATIC_COMMAND.join(' ') ? facts.start.static : null;
    const runtime = site !== null ? exportRuntime(facts, site, options) : facts.next.standalone ? standaloneRuntime(facts, options, images) : nextStartRuntime(facts, options, images);
    return planNodeLike('nextjs', facts, options, runtime, VERSION);
  },
});
