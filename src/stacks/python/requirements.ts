import type { Project } from '../../types.js';

/** One dependency as named in a manifest: normalised name (PEP 503), extras and version spec. */
export interface Requirement {
  readonly name: string;
  readonly extras: readonly string[];
  readonly spec: string;
}

export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

const PEP508 = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[([^\]]*)\])?\s*([^;]*)/;

/** `fastapi[standard]>=0.110 ; python_version >= "3.10"` → name, extras, spec. Null for URLs and paths. */
export function parseRequirement(text: string): Requirement | null {
  const match = PEP508.exec(text);
  if (match === null) return null;
  const rest = (match[3] ?? '').trim();
  if (rest.startsWith('@')) return { name: normalizeName(match[1] as string), extras: [], spec: '' };
  return {
    name: normalizeName(match[1] as string),
    extras: (match[2] ?? '').split(',').map((e) => e.trim().toLowerCase()).filter((e) => e !== ''),
    spec: rest,
  };
}

export interface RequirementsFile {
  readonly requirements: Requirement[];
  /** Lines that install from the repo itself (`-e .`, `./pkg`, `file:`): the source must be copied first. */
  readonly localRefs: boolean;
  /** Other files it pulls in with -r / -c, repo-relative. */
  readonly includes: string[];
}

function joinRel(from: string, rel: string): string {
  const dir = from.includes('/') ? from.slice(0, from.lastIndexOf('/')) : '';
  const parts = (dir === '' ? rel : `${dir}/${rel}`).split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '..') out.pop();
    else if (part !== '.' && part !== '') out.push(part);
  }
  return out.join('/');
}

export function parseRequirementsText(text: string, file: string): RequirementsFile {
  const requirements: Requirement[] = [];
  const includes: string[] = [];
  let localRefs = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (line === '') continue;
    const include = /^(?:-r|--requirement|-c|--constraint)\s*=?\s*(\S+)$/.exec(line);
    if (include !== null) {
      includes.push(joinRel(file, include[1] as string));
      continue;
    }
    if (/^(-e|--editable)\s/.test(line) || /^(\.|\/|file:)/.test(line) || /@\s*file:/.test(line)) {
      localRefs = true;
      continue;
    }
    if (line.startsWith('-')) continue;
    const egg = /#egg=([\w.-]+)/.exec(raw);
    if (/^[a-z+]+:\/\//i.test(line)) {
      if (egg !== null) requirements.push({ name: normalizeName(egg[1] as string), extras: [], spec: '' });
      continue;
    }
    const req = parseRequirement(line);
    if (req !== null) requirements.push(req);
  }
  return { requirements, localRefs, includes };
}

/** Reads a requirements file and the files it includes (two levels at most, inside the repo only). */
export async function readRequirements(project: Project, file: string, depth = 0, seen = new Set<string>()): Promise<RequirementsFile | null> {
  if (seen.has(file)) return { requirements: [], localRefs: false, includes: [] };
  seen.add(file);
  const text = await project.readText(file);
  if (text === null) return null;
  const parsed = parseRequirementsText(text, file);
  if (depth >= 2) return parsed;
  const requirements = [...parsed.requirements];
  let localRefs = parsed.localRefs;
  for (const include of parsed.includes) {
    const nested = await readRequirements(project, include, depth + 1, seen);
    if (nested === null) continue;
    requirements.push(...nested.requirements);
    localRefs ||= nested.localRefs;
  }
  return { requirements, localRefs, includes: parsed.includes };
}

const PROD_FILES = ['requirements.txt', 'requirements/prod.txt', 'requirements/production.txt', 'requirements/base.txt', 'requirements/main.txt'];
const DEV_FILES = ['requirements-dev.txt', 'dev-requirements.txt', 'requirements-test.txt', 'test-requirements.txt', 'requirements/dev.txt', 'requirements/development.txt', 'requirements/test.txt', 'requirements/local.txt'];

/** The requirements file installed in production and the ones added for development/tests. */
export async function findRequirementFiles(project: Project): Promise<{ prod: string | null; dev: string[] }> {
  let prod: string | null = null;
  for (const file of PROD_FILES) {
    if (await project.exists(file)) {
      prod = file;
      break;
    }
  }
  const dev: string[] = [];
  for (const file of DEV_FILES) if (await project.exists(file)) dev.push(file);
  return { prod, dev };
}
