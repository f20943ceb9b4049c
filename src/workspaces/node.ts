import { badInput } from '../errors.js';
import { parse as parseYaml } from 'yaml';
import type { Evidence, Project } from '../types.js';
import { parsePackageJson, readPackageJson, type PackageJson } from '../stacks/node/package-json.js';
import { detectPackageManager } from '../stacks/node/package-manager.js';
import { expandMembers } from './globs.js';
import type { Workspace, WorkspaceMember, WorkspaceTool } from './types.js';

/** pnpm-workspace.yaml `packages:`; a file that does not parse is a bad manifest, not a hint to ignore. */
async function pnpmPatterns(project: Project): Promise<string[] | null> {
  const text = await project.readText('pnpm-workspace.yaml');
  if (text === null) return null;
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (error) {
    throw badInput('pnpm-workspace.yaml', `is not valid YAML (${(error as Error).message.split('\n')[0]})`);
  }
  const packages = (doc as { packages?: unknown } | null)?.packages;
  return Array.isArray(packages) ? packages.filter((p): p is string => typeof p === 'string') : [];
}

async function toolOf(project: Project, evidence: Evidence[]): Promise<WorkspaceTool> {
  if (await project.exists('turbo.json')) {
    evidence.push({ file: 'turbo.json', reason: 'Turborepo: turbo prune keeps only the app and its workspace packages' });
    return 'turbo';
  }
  if (await project.exists('nx.json')) {
    evidence.push({ file: 'nx.json', reason: 'Nx workspace (built with the package manager\'s workspace commands)' });
    return 'nx';
  }
  return null;
}

/** Why a member can run on its own: a start script or a Next.js app; libraries have neither. */
function deployableReason(pkg: PackageJson): string | null {
  if ('next' in pkg.dependencies) return 'Next.js app';
  if (pkg.scripts.start !== undefined && pkg.scripts.start.trim() !== '') return 'start script';
  return null;
}

async function readMember(project: Project, dir: string): Promise<{ dir: string; pkg: PackageJson } | null> {
  const raw = await project.readJson(`${dir}/package.json`);
  return raw === null ? null : { dir, pkg: parsePackageJson(raw, `${dir}/package.json`) };
}

/** npm, Yarn, bun (`workspaces` in package.json) and pnpm (pnpm-workspace.yaml) workspaces. */
export async function detectNodeWorkspace(project: Project): Promise<Workspace | null> {
  const root = await readPackageJson(project);
  const pnpm = await pnpmPatterns(project);
  const patterns = pnpm ?? root?.workspaces ?? null;
  if (patterns === null || root === null) return null;
  const evidence: Evidence[] = [pnpm === null
    ? { file: 'package.json', reason: `workspaces: ${patterns.join(', ')}` }
    : { file: 'pnpm-workspace.yaml', reason: `pnpm workspace: ${patterns.join(', ')}` }];
  const pm = await detectPackageManager(project, root, [], [], '');
  const kind = pnpm !== null ? 'pnpm' : pm.name;
  const tool = await toolOf(project, evidence);
  const read = await Promise.all((await expandMembers(project, patterns, 'package.json')).map((dir) => readMember(project, dir)));
  const found = read.filter((m): m is { dir: string; pkg: PackageJson } => m !== null);
  const names = new Set(found.map((m) => m.pkg.name).filter((n): n is string => n !== null));
  const members: WorkspaceMember[] = found.map(({ dir, pkg }) => ({
    dir,
    name: pkg.name,
    internalDeps: Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((d) => names.has(d) && d !== pkg.name).sort(),
    deployable: deployableReason(pkg),
  }));
  return { kind, tool, ecosystem: 'node', members, evidence };
}
