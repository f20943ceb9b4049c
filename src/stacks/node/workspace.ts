import { usageError } from '../../errors.js';
import type { Evidence, Project } from '../../types.js';
import { dependencyClosure } from '../../workspaces/detect.js';
import type { Workspace, WorkspaceMember } from '../../workspaces/types.js';
import { detectNodeFacts, type NodeFacts } from './detect.js';
import { readPackageJson, realScript, type PackageJson } from './package-json.js';
import { detectPackageManager, type NodePackageManager } from './package-manager.js';
import { detectNodeVersion } from './version.js';
import { readTsconfigOutDir } from './tsconfig.js';

/** An internal package the app needs: copied, installed and (when it has a build script) built first. */
export interface WorkspaceLib {
  readonly dir: string;
  readonly name: string;
  /** Its build output folder when it has a build script, else null (plain JS, used as is). */
  readonly outputDir: string | null;
}

export interface NodeWorkspaceFacts {
  readonly kind: NodePackageManager;
  readonly tool: 'turbo' | 'nx' | null;
  /** turbo's version from the root devDependencies (pinned in the image), or null for the default. */
  readonly turboVersion: string | null;
  readonly member: { readonly dir: string; readonly name: string };
  /** Internal dependencies, dependencies first. */
  readonly libs: readonly WorkspaceLib[];
  /** Root files the builds read (tsconfig.base.json, turbo.json…), copied with the sources. */
  readonly rootFiles: readonly string[];
  /** Every member's folder: an install that cannot focus on one member needs all their manifests. */
  readonly allMembers: readonly string[];
}

const ROOT_FILE = /^(tsconfig(\.[\w-]+)?\.json|turbo\.json|nx\.json|babel\.config\.(js|cjs|mjs|json)|\.swcrc)$/;
const EXACT = /^\^?~?(\d+\.\d+\.\d+)$/;

async function libOf(project: Project, member: WorkspaceMember): Promise<WorkspaceLib> {
  const pkg = (await readPackageJson(project, member.dir)) as PackageJson;
  const build = realScript(pkg, 'build');
  const outDir = build === null ? null : ((await readTsconfigOutDir(project, `${member.dir}/tsconfig.json`)) ?? 'dist');
  return { dir: member.dir, name: pkg.name ?? member.dir, outputDir: outDir };
}

async function rootFiles(project: Project): Promise<string[]> {
  const names = (await project.list('')).filter((n) => ROOT_FILE.test(n));
  const files: string[] = [];
  for (const name of names) if (!(await project.isDir(name))) files.push(name);
  return files;
}

/**
 * Node facts for one workspace member: the app's own scripts, start command and port come from
 * its folder; the package manager, lockfile, Node version and install config from the root.
 */
export async function detectNodeMember(project: Project, ws: Workspace, member: WorkspaceMember): Promise<{ facts: NodeFacts; evidence: Evidence[]; warnings: string[]; pkg: PackageJson } | null> {
  const rootPkg = await readPackageJson(project);
  const root = await detectNodeFacts(project, '');
  if (rootPkg === null || root === null) return null;
  // The root's package manager and Node version, with only their own evidence (not the root's start guesses).
  const evidence: Evidence[] = [...ws.evidence];
  const warnings: string[] = [];
  const pm = await detectPackageManager(project, rootPkg, evidence, warnings, '');
  const nodeVersion = await detectNodeVersion(project, rootPkg, evidence, warnings, '');
  const app = await detectNodeFacts(project, member.dir, { pm, nodeVersion });
  if (app === null) return null;
  const kind = ws.kind === 'pnpm' || ws.kind === 'yarn' || ws.kind === 'bun' || ws.kind === 'npm' ? ws.kind : 'npm';
  if (member.name === null && (kind !== 'npm' || ws.tool === 'turbo')) {
    throw usageError(`${member.dir}/package.json has no "name": ${kind} needs one to select the workspace member. Add a name and re-run.`);
  }
  const libs = await Promise.all(dependencyClosure(ws, member).map((m) => libOf(project, m)));
  const turbo = rootPkg?.devDependencies.turbo ?? rootPkg?.dependencies.turbo ?? null;
  evidence.push(...app.evidence);
  evidence.push({ file: `${member.dir}/package.json`, reason: `workspace member ${member.name ?? member.dir}${libs.length === 0 ? '' : `; needs ${libs.map((l) => l.name).join(', ')}`}` });
  const facts: NodeFacts = {
    ...app.facts,
    installConfig: root.facts.installConfig,
    workspace: {
      kind,
      tool: ws.tool,
      turboVersion: turbo === null ? null : (EXACT.exec(turbo)?.[1] ?? null),
      member: { dir: member.dir, name: member.name ?? member.dir },
      libs,
      rootFiles: await rootFiles(project),
      allMembers: ws.members.map((m) => m.dir).sort(),
    },
  };
  return { facts, evidence: dedupe(evidence), warnings: [...warnings, ...app.warnings], pkg: app.pkg };
}

function dedupe(evidence: readonly Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return evidence.filter((e) => {
    const key = `${e.file}\0${e.reason}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}
