import { parse as parseToml } from 'smol-toml';
import { badInput } from '../../errors.js';
import type { Project } from '../../types.js';
import { normalizeName, parseRequirement, type Requirement } from './requirements.js';

type Table = Record<string, unknown>;

/** The parts of pyproject.toml (PEP 621 plus Poetry, PDM and uv tables) the Python stack reads. */
export interface PyProject {
  readonly name: string | null;
  readonly version: string | null;
  readonly description: string | null;
  readonly license: string | null;
  readonly source: string | null;
  readonly readme: string | null;
  readonly hasProjectTable: boolean;
  readonly requiresPython: string | null;
  readonly buildSystem: boolean;
  readonly dependencies: Requirement[];
  readonly devDependencies: Requirement[];
  readonly scripts: Readonly<Record<string, string>>;
  readonly poetry: { readonly python: string | null; readonly packageMode: boolean } | null;
  readonly uvPackage: boolean | null;
  readonly pdmDistribution: boolean | null;
}

function table(value: unknown): Table | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Table) : null;
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function requirements(list: readonly string[]): Requirement[] {
  return list.map(parseRequirement).filter((r): r is Requirement => r !== null);
}

/** Poetry writes `name = "^1.0"` or `name = { version = "…", extras = […] }`. */
function poetryDeps(deps: Table | null): Requirement[] {
  if (deps === null) return [];
  return Object.entries(deps)
    .filter(([name]) => name.toLowerCase() !== 'python')
    .map(([name, spec]) => {
      const t = table(spec);
      return { name: normalizeName(name), extras: strings(t?.extras).map((e) => e.toLowerCase()), spec: typeof spec === 'string' ? spec : (str(t?.version) ?? '') };
    });
}

function poetryDevDeps(poetry: Table): Requirement[] {
  const groups = table(poetry.group) ?? {};
  const fromGroups = Object.values(groups).flatMap((g) => poetryDeps(table(table(g)?.dependencies)));
  return [...fromGroups, ...poetryDeps(table(poetry['dev-dependencies']))];
}

/** Every group in `[dependency-groups]` (PEP 735), `[tool.pdm.dev-dependencies]` and `[tool.uv] dev-dependencies`. */
function devGroups(doc: Table, project: Table | null): Requirement[] {
  const groups = Object.values(table(doc['dependency-groups']) ?? {}).flatMap(strings);
  const tool = table(doc.tool);
  const pdm = Object.values(table(table(tool?.pdm)?.['dev-dependencies']) ?? {}).flatMap(strings);
  const uv = strings(table(tool?.uv)?.['dev-dependencies']);
  const optional = Object.entries(table(project?.['optional-dependencies']) ?? {})
    .filter(([group]) => /^(dev|test|tests|testing|lint)$/i.test(group))
    .flatMap(([, list]) => strings(list));
  return requirements([...groups, ...pdm, ...uv, ...optional]);
}

function licenseOf(value: unknown): string | null {
  return str(value) ?? str(table(value)?.text);
}

function sourceOf(urls: Table | null): string | null {
  if (urls === null) return null;
  const key = Object.keys(urls).find((k) => /^(source|repository|source code|code|homepage)$/i.test(k));
  return key === undefined ? null : str(urls[key]);
}

function readmeOf(value: unknown): string | null {
  return str(value) ?? str(table(value)?.file);
}

export function parsePyProject(text: string, file = 'pyproject.toml'): PyProject {
  let doc: Table;
  try {
    doc = parseToml(text) as Table;
  } catch (error) {
    throw badInput(file, `is not valid TOML (${(error as Error).message.split('\n')[0]})`);
  }
  const project = table(doc.project);
  const tool = table(doc.tool);
  const poetry = table(tool?.poetry);
  const poetryMain = table(poetry?.dependencies);
  const scripts = { ...(table(poetry?.scripts) ?? {}), ...(table(project?.scripts) ?? {}) };
  return {
    name: str(project?.name) ?? str(poetry?.name),
    version: str(project?.version) ?? str(poetry?.version),
    description: str(project?.description) ?? str(poetry?.description),
    license: licenseOf(project?.license) ?? str(poetry?.license),
    source: sourceOf(table(project?.urls)) ?? str(poetry?.repository) ?? str(poetry?.homepage),
    readme: readmeOf(project?.readme) ?? readmeOf(poetry?.readme),
    hasProjectTable: project !== null,
    requiresPython: str(project?.['requires-python']),
    buildSystem: table(doc['build-system']) !== null,
    dependencies: [...requirements(strings(project?.dependencies)), ...poetryDeps(poetryMain)],
    devDependencies: [...devGroups(doc, project), ...(poetry === null ? [] : poetryDevDeps(poetry))],
    scripts: Object.fromEntries(Object.entries(scripts).filter((e): e is [string, string] => typeof e[1] === 'string')),
    poetry: poetry === null ? null : { python: str(poetryMain?.python), packageMode: poetry['package-mode'] !== false },
    uvPackage: typeof table(tool?.uv)?.package === 'boolean' ? (table(tool?.uv)?.package as boolean) : null,
    pdmDistribution: typeof table(tool?.pdm)?.distribution === 'boolean' ? (table(tool?.pdm)?.distribution as boolean) : null,
  };
}

export async function readPyProject(project: Project): Promise<PyProject | null> {
  const text = await project.readText('pyproject.toml');
  return text === null ? null : parsePyProject(text);
}

export interface Pipfile {
  readonly packages: Requirement[];
  readonly devPackages: Requirement[];
  readonly pythonVersion: string | null;
}

function pipfileDeps(value: unknown): Requirement[] {
  return Object.entries(table(value) ?? {}).map(([name, spec]) => ({
    name: normalizeName(name),
    extras: strings(table(spec)?.extras).map((e) => e.toLowerCase()),
    spec: typeof spec === 'string' ? (spec === '*' ? '' : spec) : (str(table(spec)?.version) ?? ''),
  }));
}

export function parsePipfile(text: string, file = 'Pipfile'): Pipfile {
  let doc: Table;
  try {
    doc = parseToml(text) as Table;
  } catch (error) {
    throw badInput(file, `is not valid TOML (${(error as Error).message.split('\n')[0]})`);
  }
  const requires = table(doc.requires);
  return {
    packages: pipfileDeps(doc.packages),
    devPackages: pipfileDeps(doc['dev-packages']),
    pythonVersion: str(requires?.python_version) ?? str(requires?.python_full_version),
  };
}
