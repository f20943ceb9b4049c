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
}

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
      };
    case 'yarn':
      return pm.berry
        ? {
            setup,
            copyFirst: manifests,
            cacheMount: '--mount=type=cache,id=yarn-berry,target=/root/.yarn/berry/cache',
            installAll: `yarn install${frozen ? ' --immutable' : ''}`,
            installProd: 'yarn workspaces focus --all --production',
            run: 'yarn run',
            exec: 'yarn exec',
          }
        : {
            setup,
            copyFirst: manifests,
            cacheMount: '--mount=type=cache,id=yarn,target=/usr/local/share/.cache/yarn',
            installAll: `yarn install${frozen ? ' --frozen-lockfile' : ''}`,
            installProd: `yarn install --production${frozen ? ' --frozen-lockfile' : ''}`,
            run: 'yarn run',
            exec: 'yarn exec',
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
      };
  }
}
