import { DEFAULTS } from '../../defaults.js';
import type { PackageManagerFacts } from './package-manager.js';

/** How one package manager installs, as complete instruction fragments for the template. */
export interface InstallPlan {
  /** RUN lines that make the package manager available (corepack, or npm -g on Node 25+). */
  readonly setup: readonly string[];
  /** COPY instructions (sources and dest) run before install: manifests, lockfiles, config folders. */
  readonly copyFirst: readonly string[];
  /** `--mount=type=cache,...` for the package manager's download cache. */
  readonly cacheMount: string;
  readonly installAll: string;
  readonly installProd: string;
  /** `npm run` equivalent used for scripts. */
  readonly run: string;
  /** `npx` equivalent, for tools such as prisma. */
  readonly exec: string;
  /** What the install cannot do here and how the repo can change that (printed after writing). */
  readonly notes: readonly string[];
}

/**
 * The test stage when package.json has no real test script (none, or npm's placeholder that
 * fails on purpose): it says so and passes, so CI does not fail on a test suite that is not there.
 */
export const NO_TESTS = `echo 'No real "test" script in package.json (none, or the npm placeholder): no tests to run. Add one to test the app here.'`;

function majorOf(version: string): number {
  return Number(version.split('.')[0]);
}

/** corepack where the image has it (before Node 25), else a pinned global install from npm. */
function setupLines(pm: PackageManagerFacts, nodeVersion: string, bunImage: boolean): string[] {
  if (pm.name === 'npm' || bunImage) return [];
  const version = pm.version ?? 'latest';
  // Bun installs, Node.js runs: corepack has no Bun, npm has it as a package.
  if (pm.name === 'bun') return [`RUN npm install --global bun@${version}`];
  if (majorOf(nodeVersion) < DEFAULTS.nodeFirstWithoutCorepack) {
    if (pm.pinnedByPackageJson) return ['RUN corepack enable'];
    return [`RUN corepack enable && corepack prepare ${pm.name}@${version} --activate`];
  }
  const pkg = pm.name === 'yarn' && pm.berry ? '@yarnpkg/cli-dist' : pm.name;
  return [`RUN npm install --global --force ${pkg}@${version}`];
}

/**
 * Yarn 2+: installed with the node-modules linker whatever the repo's linker is, so the runtime
 * starts with plain node (no `yarn node`, no PnP loader) like every other package manager. A
 * committed zero-install cache is copied in and read offline instead of a cache mount, and the
 * production stage drops it again.
 */
function berryPlan(pm: PackageManagerFacts, manifests: string[], setup: string[]): InstallPlan {
  const yarn = pm.yarnBerry;
  const committed = yarn?.cache.kind === 'committed';
  const frozen = pm.lockfiles.length > 0 ? ' --immutable' : '';
  const notes: string[] = [];
  let installProd = 'yarn workspaces focus --all --production';
  if (yarn !== null && !yarn.workspaceTools) {
    installProd = `yarn install${frozen}`;
    notes.push(`Yarn ${pm.version ?? ''} has no \`yarn workspaces focus\` without the workspace-tools plugin, so the production image keeps devDependencies. Run  yarn plugin import workspace-tools  (or move to Yarn 4, where it is built in) and re-run to leave them out.`);
  }
  if (yarn !== null && yarn.nodeLinker === 'pnp') {
    notes.push("Yarn Plug'n'Play: the image installs with the node-modules linker (YARN_NODE_LINKER), so the app starts with plain node; the lockfile and the cache are the same for both linkers.");
  }
  const cacheTarget = yarn?.cache.kind === 'mount' ? yarn.cache.target : '/root/.yarn/berry/cache';
  // One mount id per folder layout: a global cache, a project cache and the global folder must not share one.
  const mount = committed ? 'id=yarn-berry-folder,target=/root/.yarn/berry' : `id=yarn-berry${cacheTarget.startsWith('/app/') ? '-project' : ''},target=${cacheTarget}`;
  return {
    setup: [...setup, 'ENV YARN_NODE_LINKER=node-modules'],
    copyFirst: committed ? [...manifests, 'COPY .yarn/cache ./.yarn/cache'] : manifests,
    // A committed cache holds the packages; Yarn's global folder still keeps its registry metadata.
    cacheMount: `--mount=type=cache,${mount}`,
    installAll: `yarn install${frozen}`,
    installProd: committed ? `${installProd} && rm -rf .yarn/cache` : installProd,
    run: 'yarn run',
    exec: 'yarn exec',
    notes,
  };
}

/** Files share one COPY; each folder needs its own, since COPY of a folder copies its contents. */
export function copyFirstLines(files: readonly string[], dirs: readonly string[]): string[] {
  return [`COPY ${files.join(' ')} ./`, ...dirs.map((d) => `COPY ${d} ./${d}`)];
}

export function installPlan(pm: PackageManagerFacts, nodeVersion: string, extra: { files: readonly string[]; dirs: readonly string[] }, bunImage: boolean): InstallPlan {
  const frozen = pm.lockfiles.length > 0;
  const manifests = copyFirstLines(['package.json', ...pm.lockfiles, ...extra.files], extra.dirs);
  const setup = setupLines(pm, nodeVersion, bunImage);
  switch (pm.name) {
    case 'pnpm':
      return {
        setup,
        copyFirst: manifests,
        cacheMount: '--mount=type=cache,id=pnpm,target=/pnpm/store',
        installAll: `pnpm install --store-dir /pnpm/store${frozen ? ' --frozen-lockfile' : ''}`,
        installProd: `pnpm install --store-dir /pnpm/store --prod${frozen ? ' --frozen-lockfile' : ''}`,
        run: 'pnpm run',
        exec: 'pnpm exec',
        notes: [],
      };
    case 'yarn':
      return pm.berry
        ? berryPlan(pm, manifests, setup)
        : {
            setup,
            copyFirst: manifests,
            cacheMount: '--mount=type=cache,id=yarn,target=/usr/local/share/.cache/yarn',
            installAll: `yarn install${frozen ? ' --frozen-lockfile' : ''}`,
            installProd: `yarn install --production${frozen ? ' --frozen-lockfile' : ''}`,
            run: 'yarn run',
            exec: 'yarn exec',
            notes: [],
          };
    case 'bun':
      return {
        setup,
        copyFirst: manifests,
        cacheMount: '--mount=type=cache,id=bun,target=/root/.bun/install/cache',
        installAll: `bun install${frozen ? ' --frozen-lockfile' : ''}`,
        installProd: `bun install --production${frozen ? ' --frozen-lockfile' : ''}`,
        run: 'bun run',
        exec: 'bunx',
        notes: [],
      };
    case 'npm':
      return {
        setup,
        copyFirst: manifests,
        cacheMount: '--mount=type=cache,id=npm,target=/root/.npm',
        installAll: frozen ? 'npm ci' : 'npm install',
        installProd: frozen ? 'npm ci --omit=dev' : 'npm install --omit=dev',
        run: 'npm run',
        exec: 'npx --no-install',
        notes: [],
      };
  }
}

/**
 * The production stage's RUN lines when the start command goes through the package manager
 * (`pnpm start`, a compound start script): that manager at the pinned version. npm ships with
 * Node.js images and Bun is its own image, so only pnpm and Yarn are added; a global install
 * rather than corepack, because corepack would download the manager at start, as the app user.
 */
export function runtimePackageManager(pm: PackageManagerFacts, cmd: readonly string[], distroless: boolean): { setup: string[]; notes: string[] } {
  if (cmd[0] !== pm.name && !(cmd[0] === 'npx' && pm.name === 'npm')) return { setup: [], notes: [] };
  if (distroless) {
    return { setup: [], notes: [`The start command runs ${cmd[0]}, which the distroless image does not have: start with node (--cmd "node <file>") or use --base slim.`] };
  }
  if (pm.name !== 'pnpm' && pm.name !== 'yarn') return { setup: [], notes: [] };
  const pkg = pm.name === 'yarn' && pm.berry ? '@yarnpkg/cli-dist' : pm.name;
  return { setup: [`RUN npm install --global --force ${pkg}@${pm.version ?? 'latest'} && npm cache clean --force`], notes: [] };
}
