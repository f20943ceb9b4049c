import type { Evidence, Project } from '../../types.js';
import { detectDjango, type DjangoFacts } from './django.js';
import { detectPackageManager, type PackageManagerFacts } from './package-manager.js';
import { parsePipfile, readPyProject, type Pipfile } from './pyproject.js';
import { readGunicornConf } from './servers.js';
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

/**
 * Without any manifest, one entry script at the root is a standard-library app (a bot, a small
 * server). Stacks earlier in the registry (Node.js, Go) already had their chance; a Java build file
 * means the script is a helper of that app, not the app.
 */
const LONE_ENTRIES = ['main.py', 'app.py', 'bot.py', 'server.py', 'run.py'];
const OTHER_BUILDS = ['pom.xml', 'build.gradle', 'build.gradle.kts', 'settings.gradle', 'settings.gradle.kts'];

async function loneEntry(project: Project): Promise<string | undefined> {
  for (const file of OTHER_BUILDS) if (await project.exists(file)) return undefined;
  const entries: string[] = [];
  for (const file of LONE_ENTRIES) if (await project.exists(file)) entries.push(file);
  return entries.length === 1 ? entries[0] : undefined;
}

/** `git+https://…` requirements, `{ git = "…" }` tables, uv.lock `source = { git = … }`: pip and friends run git. */
const GIT_DEPENDENCY = /\bgit\+(?:https?|ssh|git|file):\/\/|(?:^|[{,\s])git\s*=\s*"/m;

async function gitDependencies(project: Project, files: readonly string[], evidence: Evidence[]): Promise<boolean> {
  for (const file of files) {
    const text = await project.readText(file).catch(() => null);
    if (text !== null && GIT_DEPENDENCY.test(text)) {
      evidence.push({ file, reason: 'a dependency installs from git: git in the build stage only' });
      return true;
    }
  }
  return false;
}

async function readPipfile(project: Project): Promise<Pipfile | null> {
  const text = await project.readText('Pipfile');
  return text === null ? null : parsePipfile(text);
}

function packageNameOf(name: string | null): string | null {
  const pkg = name?.toLowerCase().replace(/[-.]+/g, '_') ?? null;
  return pkg !== null && /^[a-z_]\w*$/.test(pkg) ? pkg : null;
}

const COMPILE_ALL = "python -m compileall -q -x '/\\.venv/' .";

/** pytest exits 5 when it collects nothing, so it runs only when test files exist. */
async function detectTest(project: Project, deps: readonly { name: string }[], evidence: Evidence[]): Promise<string> {
  const inTests = (await project.glob(['tests/test_*.py', 'tests/**/test_*.py', 'tests/**/*_test.py'], { deep: 3 })).length > 0;
  const atRoot = (await project.glob(['test_*.py', '*_test.py'], { deep: 1 })).length > 0;
  // Django apps keep theirs in <app>/tests.py or <app>/tests/ (pytest-django collects those); pytest
  // collects test_*.py from every folder below, so a package's tests/api/routes/ counts too.
  const nested = ['*/tests.py', '**/tests/**/test_*.py', '**/tests/**/*_test.py', 'test/**/test_*.py'];
  const hasTests = inTests || atRoot || (await project.glob(nested, { deep: 5 })).length > 0;
  if (deps.some((d) => d.name === 'pytest')) {
    if (hasTests) {
      evidence.push({ file: '(default)', reason: 'pytest is a dependency and test files exist: the test target runs it' });
      return 'python -m pytest';
    }
    evidence.push({ file: '(default)', reason: 'pytest is a dependency but no test files exist: the test target only compiles the modules' });
    return `echo "No test files (test_*.py): pytest would collect nothing; checking that every module compiles." && ${COMPILE_ALL}`;
  }
  if (inTests) return 'python -m unittest discover -s tests';
  if (atRoot) return 'python -m unittest discover -p "*test*.py"';
  // No tests: at least prove every module compiles (the venv is not ours to check).
  return COMPILE_ALL;
}

export async function detectPythonFacts(project: Project): Promise<{ facts: PythonFacts; evidence: Evidence[]; warnings: string[] } | null> {
  let marker: string | undefined;
  for (const file of MARKERS) {
    if (await project.exists(file)) {
      marker = file;
      break;
    }
  }
  const lone = marker === undefined ? await loneEntry(project) : undefined;
  if (marker === undefined && lone === undefined) return null;
  const evidence: Evidence[] = [];
  if (lone !== undefined) evidence.push({ file: lone, reason: 'a lone Python script and no manifest: a standard-library app' });
  const warnings: string[] = [];
  const pyproject = await readPyProject(project);
  const pipfile = await readPipfile(project);
  const packageName = packageNameOf(pyproject?.name ?? null);
  const hasPackageDir = packageName !== null && ((await project.isDir(`src/${packageName}`)) || (await project.isDir(packageName)));
  const pm = await detectPackageManager(project, pyproject, pipfile, hasPackageDir, evidence, warnings, null);
  if (evidence.length === 0) evidence.push({ file: marker ?? 'main.py', reason: 'Python app' });
  const pythonVersion = await detectPythonVersion(project, { pyproject, pipfile }, evidence, warnings);
  const django = pm.prodDeps.some((d) => d.name === 'django') ? await detectDjango(project, evidence, warnings) : null;
  const gunicornConf = await readGunicornConf(project, evidence);
  const start = await detectStart(project, { prodDeps: pm.prodDeps, installProject: pm.facts.installProject, packageName, scripts: pyproject?.scripts ?? {}, django, gunicornConf }, evidence, warnings);
  const manifest = pm.facts.name === 'pipenv' ? 'Pipfile' : (pm.facts.requirements.prod ?? 'pyproject.toml');
  const libs = systemPackages(pm.prodDeps, pythonVersion, evidence, manifest);
  const git = await gitDependencies(project, [...pm.facts.manifests, ...(pm.facts.requirements.prod === null ? [] : [pm.facts.requirements.prod]), ...pm.facts.requirements.dev, ...(pm.facts.lockfile === null ? [] : [pm.facts.lockfile])], evidence);
  const system = git ? { ...libs, build: [...new Set([...libs.build, 'git'])].sort() } : libs;
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
