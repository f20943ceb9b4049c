import { safePath } from '../../safe.js';
import type { CacheMount } from '../cache-mount.js';
import { copy, dirCopy, type Copy } from '../copy.js';
import type { InstallPlan } from './install.js';
import type { NodeFacts } from './detect.js';
import type { NodeWorkspaceFacts } from './workspace.js';

export interface WorkspaceBuild {
  readonly cacheMount: CacheMount | null;
  readonly command: string;
}

/** The workspace-specific commands: which packages get installed, built and shipped. */
export interface WorkspaceCommands {
  /** `turbo prune` stage, or null. */
  readonly prune: { readonly install: string; readonly command: string } | null;
  readonly copyFirst: readonly Copy[];
  readonly installAll: string;
  /** Production-only install for the runtime, or null when the runtime needs none (standalone, pnpm deploy). */
  readonly installProd: string | null;
  /** COPY lines bringing the sources of the app and its workspace packages (nothing else). */
  readonly sources: readonly Copy[];
  /** Builds, workspace packages first; the app's own build (or turbo's) uses the framework's build cache. */
  readonly builds: readonly WorkspaceBuild[];
  /** `pnpm deploy` into /prod/app, or null. */
  readonly deploy: string | null;
  readonly run: (script: string) => string[];
  /** What the two installs cover, for the stages' comments: not every package manager can install one member. */
  readonly scope: { readonly manifests: string; readonly all: string; readonly prod: string };
}

function memberScope(name: string, libs: readonly string[]): WorkspaceCommands['scope'] {
  return {
    manifests: `the manifests of ${name} and its workspace packages (${libs.length === 0 ? 'no workspace packages' : libs.join(', ')})`,
    all: `Dependencies of ${name} only, dev included: for building and testing.`,
    prod: `Production dependencies of ${name} only: the runtime image never sees devDependencies.`,
  };
}

function manifestCopies(dirs: readonly string[]): Copy[] {
  return dirs.map((d) => copy(safePath(`${d}/package.json`), `./${d}/`));
}

/** A package name or folder as a CLI word: names are plain (`@acme/web`), anything else is refused. */
function word(value: string): string {
  return safePath(value, 'the workspace member name');
}

function majorOf(version: string | null): number {
  return Number((version ?? '0').split('.')[0]);
}

function scriptRunner(ws: NodeWorkspaceFacts): (target: string, script: string) => string[] {
  switch (ws.kind) {
    case 'pnpm':
      return (t, s) => ['pnpm', '--filter', word(t), 'run', s];
    case 'yarn':
      return (t, s) => ['yarn', 'workspace', word(t), 'run', s];
    case 'bun':
      return (t, s) => ['bun', 'run', '--filter', word(t), s];
    default:
      return (t, s) => ['npm', 'run', s, '--workspace', word(t)];
  }
}

export function workspaceCommands(facts: NodeFacts, ws: NodeWorkspaceFacts, base: InstallPlan, opts: { standalone: boolean; buildCache: CacheMount | null }): WorkspaceCommands {
  const { member, libs } = ws;
  const frozen = facts.pm.lockfiles.length > 0;
  const runner = scriptRunner(ws);
  // npm takes the folder; pnpm, Yarn and bun select by package name.
  const target = (l: { dir: string; name: string }): string => (ws.kind === 'npm' ? l.dir : l.name);
  const libBuilds = libs.filter((l) => l.outputDir !== null).map((l) => ({ cacheMount: null, command: runner(target(l), 'build').join(' ') }));
  const appBuild = facts.scripts.build === null ? [] : [{ cacheMount: opts.buildCache, command: runner(target(member), 'build').join(' ') }];
  const run = (script: string): string[] => runner(target(member), script);
  const rootFiles = ws.rootFiles.map((f) => safePath(f));
  const scope = memberScope(member.name, libs.map((l) => l.name));

  if (ws.tool === 'turbo') {
    const turbo = `turbo@${ws.turboVersion ?? '2'}`;
    return {
      prune: { install: `npm install --global ${turbo}`, command: `turbo prune ${word(member.name)} --docker` },
      // out/json holds the manifests and the pruned lockfile: only the other install files are copied from the context.
      copyFirst: [copy('/app/out/json/', './', { from: 'prune' }), ...base.copyFirst.filter((c) => c.sources[0] !== 'package.json')],
      installAll: base.installAll,
      installProd: opts.standalone ? null : base.installProd,
      sources: [copy('/app/out/full/', './', { from: 'prune' })],
      // turbo runs the build of every workspace package the app depends on first (`...`), with its cache.
      builds: facts.scripts.build === null && libBuilds.length === 0 ? [] : [{ cacheMount: opts.buildCache, command: `${base.exec} ${turbo.split('@')[0]} run build --filter=${word(member.name)}...` }],
      deploy: null,
      run,
      scope,
    };
  }
  const dirs = [...libs.map((l) => l.dir), member.dir];
  const sources = [...(rootFiles.length === 0 ? [] : [copy(rootFiles, './')]), ...dirs.map(dirCopy)];
  const common = { prune: null, sources, builds: [...libBuilds, ...appBuild], run, scope };
  switch (ws.kind) {
    case 'pnpm': {
      const legacy = majorOf(facts.pm.version) >= 10 ? ' --legacy' : '';
      return {
        ...common,
        copyFirst: [...base.copyFirst, ...manifestCopies(dirs)],
        installAll: `pnpm install --store-dir /pnpm/store${frozen ? ' --frozen-lockfile' : ''} --filter ${word(member.name)}...`,
        installProd: null,
        deploy: opts.standalone ? null : `pnpm --filter ${word(member.name)} --prod deploy --store-dir /pnpm/store${legacy} /prod/app`,
      };
    }
    case 'yarn':
      if (facts.pm.yarnBerry?.workspaceTools === false) {
        // Yarn 2/3 without workspace-tools cannot focus: the whole workspace installs, so every manifest is needed.
        const yarn = `Yarn ${facts.pm.version ?? '2/3'}`;
        return {
          ...common,
          copyFirst: [...base.copyFirst, ...manifestCopies(ws.allMembers)],
          installAll: base.installAll,
          installProd: opts.standalone ? null : base.installProd,
          deploy: null,
          scope: {
            manifests: 'the manifests of every workspace member',
            all: `Dependencies of every workspace member, dev included: ${yarn} cannot install one member without the workspace-tools plugin.`,
            prod: `The same whole-workspace install for the runtime, devDependencies included: ${yarn} leaves them out only with the workspace-tools plugin.`,
          },
        };
      }
      if (facts.pm.berry) {
        return {
          ...common,
          copyFirst: [...base.copyFirst, ...manifestCopies(dirs)],
          installAll: `yarn workspaces focus ${word(member.name)}`,
          installProd: opts.standalone ? null : `yarn workspaces focus ${word(member.name)} --production`,
          deploy: null,
        };
      }
      return { ...common, copyFirst: [...base.copyFirst, ...manifestCopies(dirs)], installAll: base.installAll, installProd: opts.standalone ? null : base.installProd, deploy: null };
    case 'npm': {
      const scope = `--workspace ${word(member.dir)} --include-workspace-root`;
      return {
        ...common,
        copyFirst: [...base.copyFirst, ...manifestCopies(dirs)],
        installAll: `${frozen ? 'npm ci' : 'npm install'} ${scope}`,
        installProd: opts.standalone ? null : `${frozen ? 'npm ci' : 'npm install'} ${scope} --omit=dev`,
        deploy: null,
      };
    }
    default:
      return { ...common, copyFirst: [...base.copyFirst, ...manifestCopies(dirs)], installAll: base.installAll, installProd: opts.standalone ? null : base.installProd, deploy: null };
  }
}
