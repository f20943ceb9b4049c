import { safePath } from '../safe.js';
import type { Detection, Project } from '../types.js';
import { defineStack } from './define.js';
import { detectNodeFacts, nodeDetection, type NodeFacts } from './node/detect.js';
import { hasDependency } from './node/package-json.js';
import { requestedPackageManager } from './node/package-manager.js';
import { planNodeLike, type RuntimeShape } from './node/plan.js';
import { planNodeWorkspace } from './node/workspace-plan.js';
import { VERSION } from '../version.js';

const CONFIG_FILES = ['next.config.ts', 'next.config.mjs', 'next.config.js', 'next.config.cjs', 'next.config.mts'];
const STANDALONE = /output\s*:\s*['"`]standalone['"`]/;

export interface NextFacts extends NodeFacts {
  readonly next: { readonly config: string | null; readonly standalone: boolean; readonly hasPublic: boolean };
}

async function findConfig(project: Project, at: (f: string) => string): Promise<string | null> {
  for (const file of CONFIG_FILES) if (await project.exists(at(file))) return file;
  return null;
}

function standaloneRuntime(facts: NextFacts): RuntimeShape {
  const copies = [
    ...(facts.next.hasPublic ? ['COPY --from=build /app/public ./public'] : []),
    // .next must be writable by the app user: Next.js writes its image and ISR cache there.
    'COPY --from=build --chown=${APP_USER} /app/.next/standalone ./',
    'COPY --from=build --chown=${APP_USER} /app/.next/static ./.next/static',
  ];
  return {
    copies, env: [{ name: 'HOSTNAME', value: '0.0.0.0' }, { name: 'NEXT_TELEMETRY_DISABLED', value: '1' }], cmd: ['node', 'server.js'],
    buildCacheMount: '--mount=type=cache,target=/app/.next/cache', tmpfs: ['/tmp', '/app/.next/cache'], notes: [], outputs: ['.next'], prodDeps: false,
  };
}

function nextStartRuntime(facts: NextFacts): RuntimeShape {
  const config = facts.next.config === null ? [] : [`COPY --from=build /app/${safePath(facts.next.config)} ./`];
  return {
    copies: [
      'COPY --from=prod-deps /app/node_modules ./node_modules',
      'COPY --from=build /app/package.json ./',
      ...config,
      ...(facts.next.hasPublic ? ['COPY --from=build /app/public ./public'] : []),
      'COPY --from=build --chown=${APP_USER} /app/.next ./.next',
    ],
    env: [{ name: 'HOSTNAME', value: '0.0.0.0' }, { name: 'NEXT_TELEMETRY_DISABLED', value: '1' }],
    cmd: ['node', 'node_modules/next/dist/bin/next', 'start'],
    buildCacheMount: '--mount=type=cache,target=/app/.next/cache',
    tmpfs: ['/tmp', '/app/.next/cache'],
    notes: [
      `${facts.next.config ?? 'next.config.js'} has no output: 'standalone', so the image runs \`next start\` with production node_modules. ` +
        "For an image several times smaller, add  output: 'standalone'  to the config object and re-run.",
    ],
    outputs: ['.next'],
    prodDeps: true,
  };
}

/** Next.js facts for the package in `found.facts.dir` (the root, or a workspace member's folder); null when it is not a Next.js app. */
export async function nextDetection(project: Project, found: NonNullable<Awaited<ReturnType<typeof detectNodeFacts>>>): Promise<Detection<NextFacts> | null> {
  if (!hasDependency(found.pkg, 'next')) return null;
  const dir = found.facts.dir;
  const at = (f: string): string => (dir === '' ? f : `${dir}/${f}`);
  const config = await findConfig(project, at);
  const text = config === null ? null : await project.readText(at(config));
  const standalone = text !== null && STANDALONE.test(text);
  const evidence = [...found.evidence, { file: at('package.json'), reason: 'depends on next' }];
  if (config !== null) evidence.push({ file: at(config), reason: standalone ? "output: 'standalone'" : 'no standalone output' });
  const facts: NextFacts = {
    ...found.facts,
    outputDir: '.next',
    start: { command: standalone ? ['node', 'server.js'] : ['node', 'node_modules/next/dist/bin/next', 'start'], env: {}, framework: 'nextjs' },
    next: { config, standalone, hasPublic: await project.isDir(at('public')) },
  };
  const warnings = standalone ? found.warnings : [...found.warnings, "Next.js without output: 'standalone': the image will be larger (see the note after writing)."];
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
    if (facts.workspace !== null) return planNodeWorkspace('nextjs', facts, facts.workspace, options, facts.next, VERSION);
    const runtime = facts.next.standalone ? standaloneRuntime(facts) : nextStartRuntime(facts);
    return planNodeLike('nextjs', facts, options, runtime, VERSION);
  },
});
