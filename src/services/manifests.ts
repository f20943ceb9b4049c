import { parse as parseToml } from 'smol-toml';
import { NEVER_WALK } from '../project.js';
import type { Project } from '../types.js';
import { isRecord } from '../is-record.js';

/**
 * Dependency names from each ecosystem's manifests. Every reader is forgiving: a manifest that
 * does not parse gives no names (service detection is an optional signal; the stack's own
 * detection reports broken manifests).
 */

async function readJsonQuietly(project: Project, file: string): Promise<unknown> {
  try {
    return await project.readJson(file);
  } catch {
    return null;
  }
}

async function readTextQuietly(project: Project, file: string): Promise<string | null> {
  try {
    return await project.readText(file);
  } catch {
    return null;
  }
}

/** Runtime dependencies of the root package.json (devDependencies are test and build tools). */
export async function npmDependencies(project: Project): Promise<string[]> {
  const pkg = await readJsonQuietly(project, 'package.json');
  if (!isRecord(pkg)) return [];
  const names: string[] = [];
  for (const key of ['dependencies', 'optionalDependencies', 'peerDependencies']) {
    const deps = pkg[key];
    if (isRecord(deps)) names.push(...Object.keys(deps));
  }
  return names;
}

export function normalisePypi(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** The distribution name at the start of a PEP 508 requirement (`psycopg[binary]>=3.1; …`). */
function requirementName(line: string): string | null {
  const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(line.replace(/#.*$/, ''));
  return m?.[1] === undefined ? null : normalisePypi(m[1]);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function pyprojectNames(text: string): string[] {
  let doc: unknown;
  try {
    doc = parseToml(text);
  } catch {
    return [];
  }
  if (!isRecord(doc)) return [];
  const names: string[] = [];
  const projectTable = isRecord(doc.project) ? doc.project : {};
  names.push(...strings(projectTable.dependencies).map(requirementName).filter((n): n is string => n !== null));
  const optional = isRecord(projectTable['optional-dependencies']) ? projectTable['optional-dependencies'] : {};
  for (const group of Object.values(optional)) names.push(...strings(group).map(requirementName).filter((n): n is string => n !== null));
  const tool = isRecord(doc.tool) ? doc.tool : {};
  const poetry = isRecord(tool.poetry) ? tool.poetry : {};
  if (isRecord(poetry.dependencies)) names.push(...Object.keys(poetry.dependencies).map(normalisePypi));
  return names;
}

function pipfileNames(text: string): string[] {
  try {
    const doc = parseToml(text);
    return isRecord(doc) && isRecord(doc.packages) ? Object.keys(doc.packages).map(normalisePypi) : [];
  } catch {
    return [];
  }
}

/** Entries of one folder whose names match: a listing, not a walk. */
async function filesIn(project: Project, dir: string, pattern: RegExp): Promise<string[]> {
  return (await project.list(dir)).filter((n) => pattern.test(n)).map((n) => (dir === '.' ? n : `${dir}/${n}`));
}

/** Each name one folder below the root (a shallow glob), skipping folders detection never enters. */
async function inChildFolders(project: Project, names: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await project.list('.')) {
    if (entry.startsWith('.') || NEVER_WALK.includes(entry)) continue;
    for (const name of names) if (await project.exists(`${entry}/${name}`)) out.push(`${entry}/${name}`);
  }
  return out;
}

async function anyExists(project: Project, files: readonly string[]): Promise<boolean> {
  for (const file of files) if (await project.exists(file)) return true;
  return false;
}

/** A `# via` source that is the app's own list: a requirements file, or the project's metadata. */
const DIRECT_SOURCE = /^-r\s|\((?:pyproject\.toml|setup\.cfg|setup\.py)\)$/;

/**
 * Requirement names of a requirements file, leaving out the transitive ones of a lockfile made
 * by pip-compile or `uv pip compile`: there each pin is followed by `# via` lines naming what
 * pulled it in, and only a pin pulled in by the app's own list (`-r requirements.in`,
 * `app (pyproject.toml)`) is one the app asked for. A hand-written file has no `# via` lines, so
 * every name in it counts.
 */
export function directRequirements(text: string): string[] {
  const names: string[] = [];
  let current: { name: string; via: string[]; open: boolean } | null = null;
  const flush = (): void => {
    if (current !== null && (current.via.length === 0 || current.via.some((v) => DIRECT_SOURCE.test(v)))) names.push(current.name);
    current = null;
  };
  for (const line of text.split(/\r?\n/)) {
    const via = /#\s*via\b\s*(.*)$/.exec(line);
    if (/^\s*#/.test(line)) {
      if (current === null) continue;
      if (via !== null) {
        // `# via x` names one source; a bare `# via` is followed by one `#   source` line each.
        const source = via[1]?.trim() ?? '';
        if (source === '') current.open = true;
        else current.via.push(source);
      } else if (current.open) {
        const source = line.replace(/^\s*#\s*/, '').trim();
        if (source !== '') current.via.push(source);
      }
      continue;
    }
    flush();
    if (/^\s*-/.test(line)) continue;
    const name = requirementName(line);
    if (name === null) continue;
    const inline = via?.[1]?.trim() ?? '';
    // The one-line annotation style lists every source after `# via`, comma-separated.
    current = { name, via: inline === '' ? [] : inline.split(/,\s*/), open: false };
  }
  flush();
  return names;
}

/** Python dependency names with the file each came from. */
export async function pythonDependencies(project: Project): Promise<{ file: string; names: string[] }[]> {
  const out: { file: string; names: string[] }[] = [];
  const requirements = [...(await filesIn(project, '.', /^requirements.*\.txt$/)), ...(await filesIn(project, 'requirements', /\.txt$/))];
  for (const file of requirements.sort()) {
    const text = await readTextQuietly(project, file);
    if (text === null) continue;
    out.push({ file, names: directRequirements(text) });
  }
  const pyproject = await readTextQuietly(project, 'pyproject.toml');
  if (pyproject !== null) out.push({ file: 'pyproject.toml', names: pyprojectNames(pyproject) });
  const pipfile = await readTextQuietly(project, 'Pipfile');
  if (pipfile !== null) out.push({ file: 'Pipfile', names: pipfileNames(pipfile) });
  return out;
}

/**
 * Module paths the app requires directly in go.mod (single and block form). A `// indirect`
 * requirement is a dependency of a dependency: a driver there says nothing about what the app
 * connects to.
 */
export async function goRequires(project: Project): Promise<string[]> {
  const text = await readTextQuietly(project, 'go.mod');
  if (text === null) return [];
  const paths: string[] = [];
  let inBlock = false;
  for (const raw of text.split(/\r?\n/)) {
    if (/\/\/\s*indirect\b/.test(raw)) continue;
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (/^require\s*\($/.test(line)) inBlock = true;
    else if (inBlock && line === ')') inBlock = false;
    const m = (inBlock ? /^([\w.~\/-]+)\s+v\S+$/ : /^require\s+([\w.~\/-]+)\s+v\S+$/).exec(line);
    if (m?.[1] !== undefined) paths.push(m[1]);
  }
  return paths;
}

/** Maven/Gradle build files and the Gradle version catalog, as text: artifacts are matched by name. */
export async function jvmBuildFiles(project: Project): Promise<{ file: string; text: string }[]> {
  const files = ['pom.xml', 'build.gradle', 'build.gradle.kts', 'gradle/libs.versions.toml'];
  const jvm = await anyExists(project, ['pom.xml', 'build.gradle', 'build.gradle.kts', 'settings.gradle', 'settings.gradle.kts']);
  const modules = jvm ? await inChildFolders(project, ['pom.xml', 'build.gradle', 'build.gradle.kts']) : [];
  const out: { file: string; text: string }[] = [];
  for (const file of [...files, ...modules.sort()]) {
    const text = await readTextQuietly(project, file);
    if (text !== null) out.push({ file, text });
  }
  return out;
}

/** Files that hold connection strings or provider names, never the real `.env` (it holds secrets). */
export async function configFiles(project: Project): Promise<{ file: string; text: string }[]> {
  const fixed = [
    '.env.example', '.env.sample', '.env.template', '.env.dist', 'alembic.ini', 'config/database.yml',
    'src/main/resources/application.properties', 'src/main/resources/application.yml', 'src/main/resources/application.yaml',
  ];
  const found = [
    'settings.py',
    ...(await inChildFolders(project, ['settings.py'])),
    'prisma/schema.prisma',
    'schema.prisma',
    ...(await filesIn(project, 'prisma/schema', /\.prisma$/)),
  ];
  const out: { file: string; text: string }[] = [];
  for (const file of [...fixed, ...found.sort()]) {
    const text = await readTextQuietly(project, file);
    if (text !== null) out.push({ file, text });
  }
  return out;
}
