import { badInput } from '../errors.js';
import { parse as parseToml } from 'smol-toml';
import type { Project } from '../types.js';
import { expandMembers } from './globs.js';
import type { Workspace, WorkspaceMember } from './types.js';

type Table = Record<string, unknown>;

function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

async function readToml(project: Project, file: string): Promise<Table | null> {
  const text = await project.readText(file);
  if (text === null) return null;
  try {
    return parseToml(text) as Table;
  } catch (error) {
    throw badInput(file, `is not valid TOML (${(error as Error).message.split('\n')[0]})`);
  }
}

/** PEP 503 normalised name: uv compares `My_Lib` and `my-lib` as the same package. */
export function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

const WEB_DEPS = ['fastapi', 'flask', 'django', 'starlette', 'uvicorn', 'gunicorn', 'litestar', 'sanic', 'aiohttp'];

function depName(spec: string): string {
  return normaliseName(/^[A-Za-z0-9][\w.-]*/.exec(spec.trim())?.[0] ?? '');
}

/** Why the project in `dir` ('' for the root) is an app rather than a library, or null. */
async function deployable(project: Project, dir: string, doc: Table): Promise<string | null> {
  if (!isTable(doc.project)) return null;
  const proj = doc.project;
  const at = dir === '' ? '' : `${dir}/`;
  const deps = strings(proj.dependencies).map(depName);
  const web = WEB_DEPS.find((d) => deps.includes(d));
  if (web !== undefined) return `depends on ${web}`;
  if (isTable(proj.scripts) && Object.keys(proj.scripts).length > 0) return '[project.scripts] entry point';
  for (const file of ['app.py', 'main.py', 'manage.py', 'Procfile']) if (await project.exists(`${at}${file}`)) return `${file}`;
  const mains = await project.glob([`${at}src/*/__main__.py`, `${at}*/__main__.py`], { deep: (dir === '' ? 0 : dir.split('/').length) + 3 });
  return mains.length > 0 ? `runs as python -m (${mains[0]})` : null;
}

/** `[tool.uv.workspace] members` in the root pyproject.toml; uv.lock at the root locks them all. */
export async function detectUvWorkspace(project: Project): Promise<Workspace | null> {
  const root = await readToml(project, 'pyproject.toml');
  const tool = root !== null && isTable(root.tool) && isTable(root.tool.uv) ? root.tool.uv : null;
  const ws = tool !== null && isTable(tool.workspace) ? tool.workspace : null;
  if (ws === null) return null;
  const patterns = [...strings(ws.members), ...strings(ws.exclude).map((p) => `!${p}`)];
  const dirs = await expandMembers(project, patterns, 'pyproject.toml');
  const docs: { dir: string; name: string | null; doc: Table }[] = [];
  for (const dir of dirs) {
    const doc = (await readToml(project, `${dir}/pyproject.toml`)) ?? {};
    const proj = isTable(doc.project) ? doc.project : {};
    docs.push({ dir, name: typeof proj.name === 'string' ? proj.name : null, doc });
  }
  const names = new Set(docs.map((d) => (d.name === null ? '' : normaliseName(d.name))));
  const members: WorkspaceMember[] = [];
  for (const { dir, name, doc } of docs) {
    const proj = isTable(doc.project) ? doc.project : {};
    const sources = isTable(doc.tool) && isTable(doc.tool.uv) && isTable(doc.tool.uv.sources) ? doc.tool.uv.sources : {};
    const fromSources = Object.entries(sources).filter(([, v]) => isTable(v) && v.workspace === true).map(([k]) => normaliseName(k));
    const fromDeps = strings(proj.dependencies).map(depName).filter((d) => fromSources.includes(d));
    members.push({ dir, name, internalDeps: [...new Set(fromDeps)].filter((d) => names.has(d)).sort(), deployable: await deployable(project, dir, doc) });
  }
  // uv counts a root [project] as a member too: when it is an app, the other members are its libraries.
  const rootApp = await deployable(project, '', root ?? {});
  const evidence = [{ file: 'pyproject.toml', reason: `uv workspace: ${patterns.join(', ')}` }];
  if (rootApp !== null) evidence.push({ file: 'pyproject.toml', reason: `the root [project] is the app (${rootApp})` });
  return { kind: 'uv', tool: null, ecosystem: 'python', members, evidence, rootApp };
}
