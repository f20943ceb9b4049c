import type { Evidence, Project } from '../../types.js';
import { detectDjango, type DjangoFacts } from './django.js';
import { detectPackageManager, type PackageManagerFacts } from './package-manager.js';
import { parsePipfile, readPyProject, type Pipfile } from './pyproject.js';
import { detectStart, type StartFacts } from './start.js';
import { systemPackages, type SystemPackages } from './system-libs.js';
import { detectPythonVersion } from './version.js';

export interface PythonFacts {
  readonly meta: { name: string | null; version: string | null; description: string | null; license: string | null; source: string | null };
  readonly pm: PackageManagerFacts;
  readonly pythonVersion: string;
  readonly start: StartFacts;
  readonly django: DjangoFacts | null;
  readonly system: SystemPackages;
  /** Shell command of the test target. */
  readonly test: string;
}

/** Any of these at the root makes a Python app; the first four are manifests, the rest entry points. */
const MARKERS = ['pyproject.toml', 'requirements.txt', 'Pipfile', 'setup.py', 'uv.lock', 'poetry.lock', 'pdm.lock', 'Pipfile.lock', 'manage.py', 'requirements/base.txt', 'requirements/prod.txt'];

async function readPipfile(project: Project): Promise<Pipfile | null> {
  const text = await project.readText('Pipfile');
  return text === null ? null : parsePipfile(text);
}

function packageNameOf(name: string | null): string | null {
  const pkg = name?.toLowerCase().replace(/[-.]+/g, '_') ?? null;
  return pkg !== null && /^[a-z_]\w*$/.test(pkg) ? pkg : null;
}

async function detectTest(project: Project, deps: readonly { name: string }[], evidence: Evidence[]): Promise<string> {
  if (deps.some((d) => d.name === 'pytest')) {
    evidence.push({ file: '(default)', reason: 'pytest is a dependency: the test target runs it' });
    return 'python -m pytest';
  }
  if ((await project.glob(['tests/test_*.py', 'tests/**/test_*.py'], { deep: 3 })).length > 0) return 'python -m unittest discover -s tests';
  if ((await project.glob(['test_*.py', '*_test.py'], { deep: 1 })).length > 0) return 'python -m unittest discover -p "*test*.py"';
  // No tests: at least prove every module compiles (the venv is not ours to check).
  return "python -m compileall -q -x '/\\.venv/' .";
}

export async function detectPythonFacts(project: Project): Promise<{ facts: PythonFacts; evidence: Evidence[]; warnings: string[] } | null> {
  let marker: string | undefined;
  for (const file of MARKERS) {
    if (await project.exists(file)) {
      marker = file;
      break;
    }
  }
  if (marker === undefined) return null;
  const evidence: Evidence[] = [];
  const warnings: string[] = [];
  const pyproject = await readPyProject(project);
  const pipfile = await readPipfile(project);
  const packageName = packageNameOf(pyproject?.name ?? null);
  const hasPackageDir = packageName !== null && ((await project.isDir(`src/${packageName}`)) || (await project.isDir(packageName)));
  const pm = await detectPackageManager(project, pyproject, pipfile, hasPackageDir, evidence, warnings, null);
  if (evidence.length === 0) evidence.push({ file: marker, reason: 'Python app' });
  const pythonVersion = await detectPythonVersion(project, { pyproject, pipfile }, evidence, warnings);
  const django = pm.prodDeps.some((d) => d.name === 'django') ? await detectDjango(project, evidence, warnings) : null;
  const start = await detectStart(project, { prodDeps: pm.prodDeps, installProject: pm.facts.installProject, packageName, scripts: pyproject?.scripts ?? {}, django }, evidence, warnings);
  const manifest = pm.facts.name === 'pipenv' ? 'Pipfile' : (pm.facts.requirements.prod ?? 'pyproject.toml');
  const system = systemPackages(pm.prodDeps, pythonVersion, evidence, manifest);
  const test = await detectTest(project, [...pm.prodDeps, ...pm.devDeps], evidence);
  return {
    facts: {
      meta: { name: pyproject?.name ?? null, version: pyproject?.version ?? null, description: pyproject?.description ?? null, license: pyproject?.license ?? null, source: pyproject?.source ?? null },
      pm: pm.facts,
      pythonVersion,
      start,
      django,
      system,
      test,
    },
    evidence,
    warnings,
  };
}
