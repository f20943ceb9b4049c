import type { Evidence, Project } from '../../types.js';
import { detectUvWorkspace } from '../../workspaces/uv.js';
import type { Pipfile, PyProject } from './pyproject.js';
import { findRequirementFiles, readRequirements, type Requirement } from './requirements.js';

export type PythonPm = 'uv' | 'poetry' | 'pdm' | 'pipenv' | 'pip';
export const PYTHON_PMS: readonly PythonPm[] = ['uv', 'poetry', 'pdm', 'pipenv', 'pip'];

export interface PackageManagerFacts {
  readonly name: PythonPm;
  /** The lockfile installs are frozen to, or null (then the install resolves afresh: a warning says so). */
  readonly lockfile: string | null;
  /** Copied before the dependency install so that layer is cached until they change. */
  readonly manifests: readonly string[];
  /** Folders copied with the manifests (requirements/ with its -r includes). */
  readonly manifestDirs: readonly string[];
  /** pip: the requirements file for production and the extra ones for development. */
  readonly requirements: { readonly prod: string | null; readonly dev: readonly string[] };
  /** A requirements line installs from the repo itself (`-e .`): the source is copied before install. */
  readonly localRefs: boolean;
  /** The project itself is a package the tool installs (console scripts, src layout). */
  readonly installProject: boolean;
  /**
   * uv: member folders of a workspace rooted at this project (the root is the app). Their
   * pyproject.toml files are copied with the manifests, and the members install with the source.
   */
  readonly workspaceMembers: readonly string[];
}

export interface PackageManagerResult {
  readonly facts: PackageManagerFacts;
  readonly prodDeps: Requirement[];
  readonly devDeps: Requirement[];
}

async function existing(project: Project, files: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const f of files) if (await project.exists(f)) out.push(f);
  return out;
}

async function pick(pyproject: PyProject | null, pipfile: Pipfile | null, project: Project, hasPoetryLock: boolean): Promise<PythonPm> {
  if (await project.exists('uv.lock')) return 'uv';
  if (hasPoetryLock || (pyproject !== null && pyproject.poetry !== null)) return 'poetry';
  if (await project.exists('pdm.lock')) return 'pdm';
  if (pipfile !== null || (await project.exists('Pipfile.lock'))) return 'pipenv';
  return 'pip';
}

const REASONS: Record<PythonPm, string> = {
  uv: 'uv.lock: uv project',
  poetry: 'Poetry project',
  pdm: 'pdm.lock: PDM project',
  pipenv: 'Pipfile: Pipenv project',
  pip: 'pip requirements',
};

/** Order: uv.lock, poetry.lock/[tool.poetry], pdm.lock, Pipfile, requirements*.txt, a bare [project]. */
export async function detectPackageManager(
  project: Project,
  pyproject: PyProject | null,
  pipfile: Pipfile | null,
  hasPackageDir: boolean,
  evidence: Evidence[],
  warnings: string[],
  forced: PythonPm | null,
): Promise<PackageManagerResult> {
  const hasPoetryLock = await project.exists('poetry.lock');
  const detected = await pick(pyproject, pipfile, project, hasPoetryLock);
  const name = forced ?? detected;
  const buildable = pyproject?.buildSystem === true || (await project.exists('setup.py'));
  const prodFromPyproject = pyproject?.dependencies ?? [];
  const devFromPyproject = pyproject?.devDependencies ?? [];
  const empty = { prod: null, dev: [] as string[] };
  const base = { manifestDirs: [] as string[], requirements: empty, localRefs: false, workspaceMembers: [] as string[] };
  const result = (facts: PackageManagerFacts, prodDeps: Requirement[], devDeps: Requirement[]): PackageManagerResult => {
    if (facts.lockfile === null && name !== 'pip') warnings.push(`No lockfile for ${name}: the image resolves dependencies afresh on every build. Commit the lockfile for reproducible images.`);
    return { facts, prodDeps, devDeps };
  };
  if (forced === null || forced === detected) {
    const file = { uv: 'uv.lock', poetry: hasPoetryLock ? 'poetry.lock' : 'pyproject.toml', pdm: 'pdm.lock', pipenv: pipfile === null ? 'Pipfile.lock' : 'Pipfile', pip: '' }[name];
    if (file !== '') evidence.push({ file, reason: REASONS[name] });
  } else {
    evidence.push({ file: '(flag)', reason: `--package-manager ${forced} (detected ${detected})` });
  }
  switch (name) {
    case 'uv': {
      // uv resolves the lock against every member, so each member's pyproject.toml is copied.
      const members = ((await detectUvWorkspace(project))?.members ?? []).map((m) => m.dir);
      if (members.length > 0) evidence.push({ file: 'pyproject.toml', reason: `uv workspace root: the manifests of ${members.join(', ')} are copied for the lock; uv installs the members the app depends on` });
      return result(
        { ...base, name, lockfile: (await project.exists('uv.lock')) ? 'uv.lock' : null, manifests: [...(await existing(project, ['pyproject.toml', 'uv.lock'])), ...members.map((d) => `${d}/pyproject.toml`)], installProject: pyproject?.uvPackage ?? pyproject?.buildSystem === true, workspaceMembers: members },
        prodFromPyproject, devFromPyproject,
      );
    }
    case 'poetry':
      return result(
        { ...base, name, lockfile: hasPoetryLock ? 'poetry.lock' : null, manifests: await existing(project, ['pyproject.toml', 'poetry.lock', 'poetry.toml']), installProject: (pyproject?.poetry?.packageMode ?? true) && hasPackageDir },
        prodFromPyproject, devFromPyproject,
      );
    case 'pdm':
      return result(
        { ...base, name, lockfile: (await project.exists('pdm.lock')) ? 'pdm.lock' : null, manifests: await existing(project, ['pyproject.toml', 'pdm.lock', 'pdm.toml']), installProject: pyproject?.pdmDistribution ?? pyproject?.buildSystem === true },
        prodFromPyproject, devFromPyproject,
      );
    case 'pipenv':
      return result(
        { ...base, name, lockfile: (await project.exists('Pipfile.lock')) ? 'Pipfile.lock' : null, manifests: await existing(project, ['Pipfile', 'Pipfile.lock']), installProject: false },
        pipfile?.packages ?? [], pipfile?.devPackages ?? [],
      );
    case 'pip':
      return pipFacts(project, pyproject, buildable, evidence, warnings);
  }
}

async function pipFacts(project: Project, pyproject: PyProject | null, buildable: boolean, evidence: Evidence[], warnings: string[]): Promise<PackageManagerResult> {
  const files = await findRequirementFiles(project);
  const prodReqs = files.prod === null ? null : await readRequirements(project, files.prod);
  const devDeps: Requirement[] = [];
  let localRefs = prodReqs?.localRefs ?? false;
  for (const dev of files.dev) {
    const parsed = await readRequirements(project, dev);
    devDeps.push(...(parsed?.requirements ?? []));
    localRefs ||= parsed?.localRefs ?? false;
  }
  const usesDir = [files.prod, ...files.dev].some((f) => f?.startsWith('requirements/'));
  const rootIncludes = (prodReqs?.includes ?? []).filter((f) => !f.includes('/'));
  const manifests = [...new Set([...[files.prod, ...files.dev].filter((f): f is string => f !== null && !f.startsWith('requirements/')), ...(await existing(project, rootIncludes))])];
  if (files.prod !== null) evidence.push({ file: files.prod, reason: 'pip requirements' });
  const pyprojectOnly = files.prod === null && pyproject?.hasProjectTable === true;
  if (pyprojectOnly) {
    evidence.push({ file: 'pyproject.toml', reason: '[project] dependencies installed with pip' });
    warnings.push('pyproject.toml has no lockfile: pip resolves [project] dependencies afresh on every build (uv or Poetry would pin them).');
  }
  const installProject = pyprojectOnly || (pyproject?.hasProjectTable === true && buildable);
  return {
    facts: {
      name: 'pip',
      lockfile: files.prod,
      manifests: pyprojectOnly ? [] : manifests,
      manifestDirs: usesDir ? ['requirements'] : [],
      requirements: { prod: files.prod, dev: files.dev },
      localRefs,
      installProject,
      workspaceMembers: [],
    },
    prodDeps: [...(prodReqs?.requirements ?? []), ...(installProject ? (pyproject?.dependencies ?? []) : [])],
    devDeps: [...devDeps, ...(pyproject?.devDependencies ?? [])],
  };
}
