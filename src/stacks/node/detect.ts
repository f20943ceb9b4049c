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

/** Dependencies that compile native code at install time (node-gyp) when no prebuilt binary fits. */
const NATIVE_ADDONS = ['bcrypt', 'better-sqlite3', 'sqlite3', 'sharp', 'canvas', 'argon2', 'bufferutil', 'utf-8-validate', 'node-gyp', 're2', 'cpu-features', 'node-sass', 'isolated-vm', 'zeromq'];

const INSTALL_CONFIG_FILES = ['.npmrc', '.yarnrc', '.yarnrc.yml', 'bunfig.toml', 'pnpm-workspace.yaml'];
const INSTALL_CONFIG_DIRS = ['.yarn/releases', '.yarn/plugins', '.yarn/patches', 'patches'];

export interface NodeFacts {
  /** Folder of the app inside the repo ('' for the root). */
  readonly dir: string;
  readonly pkg: { name: string | null; version: string | null; description: string | null; license: string | null; repository: string | null };
  readonly pm: PackageManagerFacts;
  readonly nodeVersion: string;
  readonly scripts: { readonly build: string | null; readonly test: string | null; readonly dev: string | null };
  readonly start: StartFacts;
  readonly port: number;
  /** Where the build script writes its output, or null when there is no build. */
  readonly outputDir: string | null;
  readonly nativeAddons: readonly string[];
  /** Prisma schema folder, copied before install so `prisma generate` can run. */
  readonly prismaDir: string | null;
  readonly typescript: boolean;
  /** Package-manager config copied with the manifests so installs behave as on the developer's machine. */
  readonly installConfig: { readonly files: readonly string[]; readonly dirs: readonly string[] };
  readonly moduleType: 'module' | 'commonjs';
  /** What runs the app: Bun only when it runs the code, not merely because it installs it. */
  readonly runtime: 'node' | 'bun';
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
  const pkg = await readPackageJson(project, dir);
  if (pkg === null) return null;
  const evidence: Evidence[] = [{ file: at('package.json'), reason: 'Node.js package manifest' }];
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
  const nativeAddons = NATIVE_ADDONS.filter((dep) => dep in pkg.dependencies);
  if (nativeAddons.length > 0) evidence.push({ file: at('package.json'), reason: `native addons (${nativeAddons.join(', ')}) need build tools at install` });
  const prismaDir = hasDependency(pkg, 'prisma') || hasDependency(pkg, '@prisma/client') ? ((await project.exists(at('prisma/schema.prisma'))) ? 'prisma' : null) : null;
  if (prismaDir !== null) evidence.push({ file: at('prisma/schema.prisma'), reason: 'Prisma schema: generated client at build time' });
  const installConfig = { files: [] as string[], dirs: [] as string[] };
  for (const file of INSTALL_CONFIG_FILES) if (await project.exists(at(file))) installConfig.files.push(file);
  for (const folder of INSTALL_CONFIG_DIRS) if (await project.isDir(at(folder))) installConfig.dirs.push(folder);
  if (prismaDir !== null) installConfig.dirs.push(prismaDir);
  return {
    facts: {
      dir,
      pkg: { name: pkg.name, version: pkg.version, description: pkg.description, license: pkg.license, repository: pkg.repository },
      pm,
      nodeVersion,
      scripts: { build: realScript(pkg, 'build'), test: realScript(pkg, 'test'), dev: realScript(pkg, 'dev') },
      start,
      port,
      outputDir,
      nativeAddons,
      prismaDir,
      typescript: hasDependency(pkg, 'typescript'),
      installConfig,
      moduleType: pkg.type,
      runtime: bunRuntime ? 'bun' : 'node',
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
  };
}
