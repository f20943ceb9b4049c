import { DEFAULTS } from '../../defaults.js';
import { cacheMount, type CacheMount } from '../cache-mount.js';
import { copy, type Copy } from '../copy.js';
import type { PackageManagerFacts } from './package-manager.js';

/**
 * What makes the package manager available in the install stage; `_partials/node-setup.hbs`
 * writes the instructions. Each part is null when not needed.
 */
export interface PackageManagerSetup {
  /** `corepack enable`, then `corepack prepare <prepare> --activate` unless package.json pins the version. */
  readonly corepack: { readonly prepare: string | null } | null;
  /** `npm install --global <package>` (Node.js 25+ ships no corepack; Bun is an npm package). */
  readonly globalInstall: { readonly package: string; readonly force: boolean } | null;
  /** Yarn 2+'s linker, set for the install whatever the repo's linker is. */
  readonly nodeLinker: string | null;
  /** Variables for the install (downloads an install script would make that the image does not need). */
  readonly installEnv: readonly { readonly name: string; readonly value: string }[];
}

const NO_SETUP: PackageManagerSetup = { corepack: null, globalInstall: null, nodeLinker: null, installEnv: [] };

/** How one package manager installs: the data the install stages of the templates lay out. */
export interface InstallPlan {
  readonly setup: PackageManagerSetup;
  /** COPYs run before install: manifests, lockfiles, config folders. */
  readonly copyFirst: readonly Copy[];
  /**
   * The package manager's download cache. Its id is the package manager's, shared by every app on
   * the builder: the store is keyed by package and version (content-addressed), so apps only gain
   * from reading each other's downloads.
   */
  readonly cacheMount: CacheMount;
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
function setupOf(pm: PackageManagerFacts, nodeVersion: string, bunImage: boolean): PackageManagerSetup {
  // The image already has it: npm ships with Node.js, and the Bun image is Bun.
  if (pm.name === 'npm' || bunImage) return NO_SETUP;
  const version = pm.version ?? 'latest';
  // Bun installs, Node.js runs: corepack has no Bun, npm has it as a package.
  if (pm.name === 'bun') return { ...NO_SETUP, globalInstall: { package: `bun@${version}`, force: false } };
  if (majorOf(nodeVersion) < DEFAULTS.nodeFirstWithoutCorepack) {
    return { ...NO_SETUP, corepack: { prepare: pm.pinnedByPackageJson ? null : `${pm.name}@${version}` } };
  }
  const pkg = pm.name === 'yarn' && pm.berry ? '@yarnpkg/cli-dist' : pm.name;
  return { ...NO_SETUP, globalInstall: { package: `${pkg}@${version}`, force: true } };
}

/**
 * Yarn 2+: installed with the node-modules linker whatever the repo's linker is, so the runtime
 * starts with plain node (no `yarn node`, no PnP loader) like every other package manager. A
 * committed zero-install cache is copied in and read offline instead of a cache mount, and the
 * production stage drops it again.
 */
function berryPlan(pm: PackageManagerFacts, manifests: Copy[], setup: PackageManagerSetup): InstallPlan {
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
  const mount = committed ? cacheMount('/root/.yarn/berry', { id: 'yarn-berry-folder' }) : cacheMount(cacheTarget, { id: `yarn-berry${cacheTarget.startsWith('/app/') ? '-project' : ''}` });
  return {
    setup: { ...setup, nodeLinker: 'node-modules' },
    copyFirst: committed ? [...manifests, copy('.yarn/cache', './.yarn/cache')] : manifests,
    // A committed cache holds the packages; Yarn's global folder still keeps its registry metadata.
    cacheMount: mount,
    installAll: `yarn install${frozen}`,
    installProd: committed ? `${installProd} && rm -rf .yarn/cache` : installProd,
    run: 'yarn run',
    exec: 'yarn exec',
    notes,
  };
}

/** Files share one COPY; each folder needs its own, since COPY of a folder copies its contents. */
export function copyFirstCopies(files: readonly string[], dirs: readonly string[]): Copy[] {
  return [copy(files, './'), ...dirs.map((d) => copy(d, `./${d}`))];
}

export function installPlan(pm: PackageManagerFacts, nodeVersion: string, extra: { files: readonly string[]; dirs: readonly string[] }, bunImage: boolean): InstallPlan {
  const frozen = pm.lockfiles.length > 0;
  const manifests = copyFirstCopies(['package.json', ...pm.lockfiles, ...extra.files], extra.dirs);
  const setup = setupOf(pm, nodeVersion, bunImage);
  switch (pm.name) {
    case 'pnpm':
      return {
        setup,
        copyFirst: manifests,
        cacheMount: cacheMount('/pnpm/store', { id: 'pnpm' }),
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
            cacheMount: cacheMount('/usr/local/share/.cache/yarn', { id: 'yarn' }),
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
        cacheMount: cacheMount('/root/.bun/install/cache', { id: 'bun' }),
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
        cacheMount: cacheMount('/root/.npm', { id: 'npm' }),
        installAll: frozen ? 'npm ci' : 'npm install',
        installProd: frozen ? 'npm ci --omit=dev' : 'npm install --omit=dev',
        run: 'npm run',
        exec: 'npx --no-install',
        notes: [],
      };
  }
}

/**
 * The package the production stage installs globally when the start command goes through the
 * package manager (`pnpm start`, a compound start script): that manager at the pinned version.
 * npm ships with Node.js images and Bun is its own image, so only pnpm and Yarn are added; a
 * global install rather than corepack, because corepack would download the manager at start, as
 * the app user. null when none is needed.
 */
export function runtimePackageManager(pm: PackageManagerFacts, cmd: readonly string[], distroless: boolean): { install: string | null; notes: string[] } {
  if (cmd[0] !== pm.name && !(cmd[0] === 'npx' && pm.name === 'npm')) return { install: null, notes: [] };
  if (distroless) {
    return { install: null, notes: [`The start command runs ${cmd[0]}, which the distroless image does not have: start with node (--cmd "node <file>") or use --base slim.`] };
  }
  if (pm.name !== 'pnpm' && pm.name !== 'yarn') return { install: null, notes: [] };
  const pkg = pm.name === 'yarn' && pm.berry ? '@yarnpkg/cli-dist' : pm.name;
  return { install: `${pkg}@${pm.version ?? 'latest'}`, notes: [] };
}
