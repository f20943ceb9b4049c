import { DEFAULTS } from '../../defaults.js';
import type { Detection, Evidence, Project } from '../../types.js';
import { detectNodeVersion } from './version.js';
import { endOfLifeWarning, majorLine } from '../end-of-life.js';
import { detectPackageManager, type PackageManagerFacts } from './package-manager.js';
import { detectPort, detectStart, entryFile, NO_START, type StartFacts } from './start.js';
import { runsOnBun } from './bun-runtime.js';
import { hasDependency, readPackageJson, realScript, type PackageJson } from './package-json.js';
import { readTsconfigOutDir } from './tsconfig.js';
import type { NodeWorkspaceFacts } from './workspace.js';
import { otherLanguage } from './frameworks/other-language.js';
import { CliError, EXIT } from '../../errors.js';
import { blockedInstallScripts, lockedNativeAddons, pnpmWorkspaceOnlyBuilt } from './native.js';
import { detectNodeWorkspace } from '../../workspaces/node.js';
import { detectWritable, type WritablePaths } from './writable.js';
import { frameworkBuildCache } from './build-cache.js';
import { detectDevServer, type DevServerFacts } from './dev-server.js';
import { detectPrismaSchema } from './prisma.js';
import { skippedDownloads } from './install-downloads.js';
import { subFolderBuildOutput } from './sub-build.js';

/** Direct dependencies that compile native code at install time (node-gyp) when no prebuilt binary fits; the lockfile adds the rest. */
const NATIVE_ADDONS = ['bcrypt', 'better-sqlite3', 'sqlite3', 'sharp', 'canvas', 'argon2', 'bufferutil', 'utf-8-validate', 'node-gyp', 're2', 'cpu-features', 'node-sass', 'isolated-vm', 'zeromq'];

const INSTALL_CONFIG_FILES = ['.npmrc', '.yarnrc', '.yarnrc.yml', 'bunfig.toml', 'pnpm-workspace.yaml'];
const INSTALL_CONFIG_DIRS = ['.yarn/releases', '.yarn/plugins', '.yarn/patches', 'patches'];

export interface NodeFacts {
  /** Folder of the app inside the repo ('' for the root). */
  readonly dir: string;
  readonly pkg: { name: string | null; version: string | null; description: string | null; license: string | null; repository: string | null };
  readonly pm: PackageManagerFacts;
  readonly nodeVersion: string;
  /** build and test: the scripts' text; dev: the NAME of the script that starts a dev server. */
  readonly scripts: { readonly build: string | null; readonly test: string | null; readonly dev: string | null };
  readonly start: StartFacts;
  /** What the development target runs: the dev script, its host setting and port. */
  readonly devServer: DevServerFacts;
  readonly port: number;
  /** Where the build script writes its output, or null when there is no build. */
  readonly outputDir: string | null;
  readonly nativeAddons: readonly string[];
  /** Any `dependencies`/`optionalDependencies`: without them there is nothing to install for production. */
  readonly prodDependencies: boolean;
  /**
   * Member folders of a workspace declared at the app's own root (the app is the root package):
   * their package.json files go into the install stage with the root's.
   */
  readonly workspaceManifests: readonly string[];
  /** The Prisma schema's folder ('.' at the top level), or null without Prisma; it is copied before install so `prisma generate` can run. */
  readonly prismaDir: string | null;
  /** Set for the install: binary downloads of dev tools the image never runs, skipped. */
  readonly installEnv: readonly { readonly name: string; readonly value: string }[];
  readonly typescript: boolean;
  /** Package-manager config copied with the manifests so installs behave as on the developer's machine. */
  readonly installConfig: { readonly files: readonly string[]; readonly dirs: readonly string[] };
  readonly moduleType: 'module' | 'commonjs';
  /** What runs the app: Bun only when it runs the code, not merely because it installs it. */
  readonly runtime: 'node' | 'bun';
  /** Folders the app writes next to itself (SQLite, uploads), owned by the app user in the image. */
  readonly writable: WritablePaths;
  /** A framework build cache in the app folder (Angular's `.angular/cache`), mounted in the build stage. */
  readonly buildCache?: string | null;
  /** Set when the app is one member of a workspace (build context = workspace root). */
  readonly workspace: NodeWorkspaceFacts | null;
}

function outputFromCommand(command: readonly string[] | null): string | null {
  const entry = entryFile(command);
  const top = entry?.includes('/') === true ? entry.split('/')[0] : undefined;
  return top !== undefined && ['dist', 'build', 'out', 'lib', '.output'].includes(top) ? top : null;
}

async function detectOutputDir(project: Project, pkg: PackageJson, start: StartFacts, evidence: Evidence[], at: (f: string) => string): Promise<string | null> {
  if (start.outputDir !== null) return start.outputDir;
  if (realScript(pkg, 'build') === null) return null;
  const outDir = await readTsconfigOutDir(project, at('tsconfig.json'));
  if (outDir !== null) {
    evidence.push({ file: at('tsconfig.json'), reason: `compilerOptions.outDir is ${outDir}` });
    return outDir;
  }
  const fromCommand = outputFromCommand(start.command);
  if (fromCommand !== null) {
    evidence.push({ file: at('package.json'), reason: `start command runs from ${fromCommand}/` });
    return fromCommand;
  }
  const sub = await subFolderBuildOutput(project, pkg, at, evidence);
  if (sub !== null) return sub;
  evidence.push({ file: '(default)', reason: 'build output assumed in dist/' });
  return 'dist';
}

/** `bun init`'s layout: no start script, `module` names the TypeScript entry that Bun runs as is. */
function bunModuleStart(pkg: PackageJson): StartFacts | null {
  const entry = pkg.module?.replace(/^\.\//, '') ?? null;
  return entry === null || !/^[\w@./-]+$/.test(entry) ? null : { ...NO_START, command: ['bun', entry], framework: null };
}

function notNodeApp(language: string, files: readonly string[]): CliError {
  return new CliError(
    `This is a ${language} app (${files.join(', ')}): its package.json only builds front-end assets, and this tool makes Node.js, Go, Python and Java images. ` +
      "Write the Dockerfile for the app's own language; if Node.js really serves it, add a start script to package.json.",
    EXIT.noStack,
    'E_NOT_NODE',
  );
}

/** Members of a workspace declared at the root, when the root package itself is the app. */
async function rootWorkspaceMembers(project: Project, evidence: Evidence[]): Promise<string[]> {
  const ws = await detectNodeWorkspace(project);
  if (ws === null || ws.members.length === 0) return [];
  const dirs = ws.members.map((m) => m.dir).sort();
  evidence.push({ file: ws.evidence[0]?.file ?? 'package.json', reason: `workspace members (${dirs.join(', ')}): their package.json files are installed with the root's` });
  return dirs;
}

/**
 * A workspace member builds with the tools the workspace root declares (vite, typescript in the
 * root's devDependencies): the install puts them where the member's scripts find them. They count
 * as the member's devDependencies for detection (the rule that uses one says so in its evidence);
 * the member's own entries win.
 */
function withRootTools(member: PackageJson, root: PackageJson | null): PackageJson {
  if (root === null || Object.keys(root.devDependencies).length === 0) return member;
  return { ...member, devDependencies: { ...root.devDependencies, ...member.devDependencies } };
}

/**
 * `inherited`: a workspace member takes its package manager and Node version from the workspace
 * root (where the lockfile is), so they are not looked for in its own folder.
 */
export async function detectNodeFacts(
  project: Project,
  dir = '',
  inherited: { readonly pm: PackageManagerFacts; readonly nodeVersion: string } | null = null,
): Promise<{ facts: NodeFacts; evidence: Evidence[]; warnings: string[]; pkg: PackageJson } | null> {
  const at = (f: string): string => (dir === '' ? f : `${dir}/${f}`);
  const own = await readPackageJson(project, dir);
  if (own === null) return null;
  const evidence: Evidence[] = [{ file: at('package.json'), reason: 'Node.js package manifest' }];
  const pkg = inherited === null ? own : withRootTools(own, await readPackageJson(project, ''));
  const warnings: string[] = [];
  const pm = inherited?.pm ?? (await detectPackageManager(project, pkg, evidence, warnings, dir));
  const nodeVersion = inherited?.nodeVersion ?? (await detectNodeVersion(project, pkg, evidence, warnings, dir));
  const pastEndOfLife = inherited === null ? endOfLifeWarning('Node.js', nodeVersion, DEFAULTS.nodeLtsMajors.map(String), majorLine) : null;
  if (pastEndOfLife !== null) warnings.push(pastEndOfLife);
  if (realScript(pkg, 'start') === null) {
    // Checked before the framework rules: a Laravel or Rails app builds its assets with Vite too.
    const other = await otherLanguage(project, at);
    if (other?.kind === 'unsupported') throw notNodeApp(other.language, other.files.map(at));
  }
  let start = await detectStart(project, pkg, evidence, at, pm.name === 'bun' ? 'bun run' : 'npm run');
  if (start.command === null && start.static === null && start.refusal === null && start.framework === null && !hasDependency(pkg, 'next')) {
    // Nothing here runs Node.js: a Go, Python or Java app with a package.json for its assets is theirs.
    if ((await otherLanguage(project, at))?.kind === 'own-stack') return null;
  }
  const bunRuntime = pm.name === 'bun' && (await runsOnBun(project, pkg, start, evidence, at));
  if (pm.name === 'bun' && !bunRuntime) evidence.push({ file: at('package.json'), reason: 'Bun installs, but the scripts run node: the runtime is Node.js' });
  if (bunRuntime && start.command === null) start = bunModuleStart(pkg) ?? start;
  // The production image of a Node.js runtime has npm, not Bun, to run a compound script.
  if (!bunRuntime && start.viaScript) start = { ...start, command: ['npm', 'run', 'start'] };
  const port = await detectPort(project, pkg, start, evidence, at);
  const outputDir = await detectOutputDir(project, pkg, start, evidence, at);
  const direct = NATIVE_ADDONS.filter((dep) => dep in pkg.dependencies);
  if (direct.length > 0) evidence.push({ file: at('package.json'), reason: `native addons (${direct.join(', ')}) need build tools at install` });
  // A member's lockfile is the workspace root's.
  const lockAt = inherited === null ? at : (f: string): string => f;
  const locked = (await lockedNativeAddons(project, pm.lockfiles, lockAt, warnings)).filter((name) => !direct.includes(name));
  if (locked.length > 0) evidence.push({ file: lockAt(pm.lockfiles[0] as string), reason: `locked packages build native code at install (${locked.join(', ')}): build tools in the install stages` });
  const nativeAddons = [...direct, ...locked];
  const onlyBuilt = pm.name === 'pnpm' ? await pnpmWorkspaceOnlyBuilt(project, lockAt('pnpm-workspace.yaml')) : [];
  // Install-script approvals live in the package.json the install runs from: a member's is the workspace root's.
  const approvals = inherited === null ? pkg : ((await readPackageJson(project, '')) ?? pkg);
  const installEnv = skippedDownloads(approvals, pkg, evidence, inherited === null ? at('package.json') : 'package.json');
  const blocked = blockedInstallScripts(pm, approvals, onlyBuilt, nativeAddons);
  if (blocked !== null) warnings.push(blocked);
  const workspaceManifests = dir === '' ? await rootWorkspaceMembers(project, evidence) : [];
  const prodDependencies = Object.keys(pkg.dependencies).length > 0 || Object.keys(pkg.optionalDependencies).length > 0;
  if (!prodDependencies) evidence.push({ file: at('package.json'), reason: 'no dependencies: the production image needs no install' });
  const prisma = hasDependency(pkg, 'prisma') || hasDependency(pkg, '@prisma/client') ? await detectPrismaSchema(project, at, evidence) : null;
  const prismaDir = prisma?.dir ?? null;
  const installConfig = { files: [] as string[], dirs: [] as string[] };
  for (const file of INSTALL_CONFIG_FILES) if (await project.exists(at(file))) installConfig.files.push(file);
  for (const folder of INSTALL_CONFIG_DIRS) if (await project.isDir(at(folder))) installConfig.dirs.push(folder);
  if (prisma !== null) installConfig.files.push(...prisma.copyFiles);
  if (prisma !== null) installConfig.dirs.push(...prisma.copyDirs);
  const writable = await detectWritable(project, at, prisma, evidence);
  const buildCache = realScript(pkg, 'build') === null ? null : await frameworkBuildCache(project, at, evidence);
  const devServer = await detectDevServer(project, pkg, evidence, at);
  return {
    facts: {
      dir,
      pkg: { name: pkg.name, version: pkg.version, description: pkg.description, license: pkg.license, repository: pkg.repository },
      pm,
      nodeVersion,
      scripts: { build: realScript(pkg, 'build'), test: realScript(pkg, 'test'), dev: devServer.script },
      start,
      devServer,
      port,
      outputDir,
      nativeAddons,
      prodDependencies,
      workspaceManifests,
      prismaDir,
      installEnv,
      typescript: hasDependency(pkg, 'typescript'),
      installConfig,
      moduleType: pkg.type,
      runtime: bunRuntime ? 'bun' : 'node',
      writable,
      buildCache,
      workspace: null,
    },
    evidence,
    warnings,
    pkg,
  };
}

export function nodeDetection<F extends NodeFacts>(stack: 'node' | 'nextjs', facts: F, evidence: Evidence[], warnings: string[], framework: string | null): Detection<F> {
  return {
    stack,
    facts,
    values: {
      packageManager: facts.pm.name,
      languageVersion: facts.nodeVersion,
      framework,
      startCommand: facts.start.command,
      port: facts.port,
    },
    evidence,
    choices: [],
    warnings,
    ...(facts.start.refusal === null ? {} : { refusal: facts.start.refusal }),
    // nginx serves a static site: it has Debian and Alpine images, no distroless one.
    ...(facts.start.static === null ? {} : { bases: ['slim', 'alpine'] as const }),
  };
}
