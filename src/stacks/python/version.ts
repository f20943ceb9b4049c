import { CliError, EXIT } from '../../errors.js';
import * as semver from 'semver';
import { parse as parseToml } from 'smol-toml';
import { endOfLifeWarning, minorLine } from '../end-of-life.js';
import type { Evidence, Project } from '../../types.js';
import { PYTHON_DEFAULTS } from './defaults.js';
import type { Pipfile, PyProject } from './pyproject.js';
import { compiledPackages, describeWheels, hasWheelFor, type CompiledPackage } from './wheels.js';

const EXACT = /^(3\.\d{1,2}(?:\.\d{1,3})?)$/;

/** `3.12`, `3.12.4`, `cpython-3.12` → the version; `pypy3.10`, `system`, `3.13t` → null (no python:<v> image). */
export function exactVersion(value: string): string | null {
  return EXACT.exec(value.trim().replace(/^(?:cpython-|python-)/, ''))?.[1] ?? null;
}

function firstLine(text: string): string {
  return text.split(/\r?\n/).map((l) => l.trim()).find((l) => l !== '' && !l.startsWith('#')) ?? '';
}

/**
 * PEP 440 / Poetry constraint → a semver range: `~=3.11` is `>=3.11 <4`, `~=3.11.2` is
 * `>=3.11.2 <3.12`, `==3.12.*` is `3.12.x`; `!=` clauses are returned apart (semver has no `!=`).
 */
function toSemver(spec: string): { range: string | null; excluded: string[] } {
  const excluded: string[] = [];
  const parts: string[] = [];
  for (const clause of spec.split(',').map((c) => c.trim()).filter((c) => c !== '')) {
    const compatible = /^~=\s*(\d+(?:\.\d+)*)$/.exec(clause);
    if (compatible !== null) {
      const nums = (compatible[1] as string).split('.');
      const upper = nums.length <= 2 ? `<${Number(nums[0]) + 1}` : `<${nums[0]}.${Number(nums[1]) + 1}`;
      parts.push(`>=${compatible[1]} ${upper}`);
      continue;
    }
    const not = /^!=\s*(\d+(?:\.\d+)*)(\.\*)?$/.exec(clause);
    if (not !== null) {
      if (not[2] !== undefined || (not[1] as string).split('.').length === 2) excluded.push(not[1] as string);
      continue;
    }
    parts.push(clause.replace(/^===?\s*/, '').replace(/\.\*$/, '.x'));
  }
  const range = semver.validRange(parts.join(' ') || '*');
  return { range, excluded };
}

function allowsMinor(spec: string): ((minor: string) => boolean) | null {
  const { range, excluded } = toSemver(spec);
  if (range === null) return null;
  return (minor: string): boolean =>
    !excluded.includes(minor) && semver.intersects(range, `>=${minor}.0 <${minor.split('.')[0]}.${Number(minor.split('.')[1]) + 1}.0`);
}

/** Minors a requires-python (or Poetry `python`) constraint allows, newest first: supported ones, else any known one. */
export function minorsFromConstraint(spec: string): string[] | null {
  const allows = allowsMinor(spec);
  if (allows === null) return null;
  const supported = PYTHON_DEFAULTS.supportedMinors.filter(allows);
  return supported.length > 0 ? supported : PYTHON_DEFAULTS.knownMinors.filter(allows);
}

/** The highest supported minor a requires-python (or Poetry `python`) constraint allows; else the highest known one. */
export function minorFromConstraint(spec: string): string | null {
  return minorsFromConstraint(spec)?.[0] ?? null;
}

interface Sources {
  readonly pyproject: PyProject | null;
  readonly pipfile: Pipfile | null;
}

const LOCKFILES = ['uv.lock', 'poetry.lock', 'pdm.lock'] as const;

/** Python 2 has had no maintained image (or security fixes) since 2020: nothing we write could build it well. */
function python2(file: string, value: string): CliError {
  return new CliError(
    `${file} asks for Python ${value.slice(0, 20)}. Python 2 reached end of life in January 2020 and has no maintained python image, so no Dockerfile is written. Port the app to Python 3 (then set the version in .python-version or requires-python), or write the Dockerfile by hand on an archived python:2.7 image.`,
    EXIT.noStack,
    'E_PYTHON2',
  );
}

const isPython2 = (value: string): boolean => /^(?:python-?|cpython-)?2(?:\.\d+)*$/.test(value.trim());

/** `[tools] python = "3.12"`, `["3.12", "3.11"]` (the first is the default) or `{ version = "3.12" }`. */
export function miseToolsPython(text: string): string | null {
  const doc = parseToml(text) as { tools?: Record<string, unknown> };
  const value = doc.tools?.python;
  const first = Array.isArray(value) ? (value[0] as unknown) : value;
  if (typeof first === 'string') return first;
  if (typeof first === 'object' && first !== null && typeof (first as { version?: unknown }).version === 'string') return (first as { version: string }).version;
  return null;
}

/** Version files the developer keeps (asdf, pyenv, mise, Heroku's runtime.txt), then Pipfile's python_version. */
async function pinnedVersion(project: Project, sources: Sources, evidence: Evidence[], warnings: string[]): Promise<string | null> {
  const files: [string, (text: string) => string][] = [
    ['.python-version', firstLine],
    ['runtime.txt', firstLine],
    ['.tool-versions', (t) => t.split(/\r?\n/).find((l) => /^python\s/.test(l.trim()))?.trim().split(/\s+/)[1] ?? ''],
    ['mise.toml', (t) => miseToolsPython(t) ?? ''],
    ['.mise.toml', (t) => miseToolsPython(t) ?? ''],
  ];
  for (const [file, pick] of files) {
    const text = await project.readText(file);
    if (text === null) continue;
    let raw: string;
    try {
      raw = pick(text);
    } catch {
      warnings.push(`${file}: not valid TOML; its [tools] python is ignored.`);
      continue;
    }
    if (raw === '' && (file === '.tool-versions' || file.includes('mise'))) continue;
    if (isPython2(raw)) throw python2(file, raw);
    const version = exactVersion(raw);
    if (version !== null) {
      evidence.push({ file, reason: `Python ${version}` });
      return version;
    }
    warnings.push(`${file}: "${raw.slice(0, 40)}" is not a CPython version with an official image; ignored.`);
  }
  const pipfileVersion = sources.pipfile?.pythonVersion ?? null;
  if (pipfileVersion === null) return null;
  if (isPython2(pipfileVersion)) throw python2('Pipfile', pipfileVersion);
  const version = exactVersion(pipfileVersion);
  if (version !== null) {
    evidence.push({ file: 'Pipfile', reason: `python_version ${version}` });
    return version;
  }
  warnings.push(`Pipfile: python_version "${pipfileVersion}" is not a Python version; ignored.`);
  return null;
}

/** The minors requires-python allows (newest first), or null when the project says nothing usable. */
function constrainedMinors(sources: Sources, warnings: string[]): { minors: string[]; why: string } | null {
  const constraints: [string, string | null][] = [
    ['requires-python', sources.pyproject?.requiresPython ?? null],
    ['[tool.poetry.dependencies] python', sources.pyproject?.poetry?.python ?? null],
  ];
  for (const [what, spec] of constraints) {
    if (spec === null) continue;
    const minors = minorsFromConstraint(spec);
    if (minors !== null && minors.length > 0) return { minors, why: `${what} "${spec}"` };
    const allows = allowsMinor(spec);
    if (allows !== null && (allows('2.7') || /^\s*(?:==|~=|>=)?\s*2(?:\.|\s*$)/.test(spec))) throw python2('pyproject.toml', spec);
    warnings.push(`pyproject.toml: ${what} "${spec}" is not a constraint we can resolve; ignored.`);
  }
  return null;
}

/** Reads the first lockfile that lists wheels; an unreadable or oversized one is skipped with a warning. */
async function lockedCompiled(project: Project, warnings: string[]): Promise<{ file: string; packages: CompiledPackage[] } | null> {
  for (const file of LOCKFILES) {
    const text = await project.readText(file).catch((error: unknown) => {
      warnings.push(`${file}: ${(error as Error).message.split('\n')[0]}; its wheels are not checked.`);
      return null;
    });
    if (text !== null) return { file, packages: compiledPackages(text) };
  }
  return null;
}

/**
 * A pinned version first (the developer's own choice); else the newest minor that requires-python
 * allows and for which every compiled package in the lockfile has a wheel (so the build needs no
 * compiler); else the newest allowed; else the default.
 */
export async function detectPythonVersion(project: Project, sources: Sources, evidence: Evidence[], warnings: string[]): Promise<string> {
  const pinned = await pinnedVersion(project, sources, evidence, warnings);
  if (pinned !== null) {
    const eol = endOfLifeWarning('Python', pinned, PYTHON_DEFAULTS.supportedMinors, minorLine);
    if (eol !== null) warnings.push(eol);
    return pinned;
  }
  const constrained = constrainedMinors(sources, warnings);
  const candidates = constrained?.minors ?? [...PYTHON_DEFAULTS.supportedMinors];
  const locked = await lockedCompiled(project, warnings);
  const compiled = locked?.packages ?? [];
  if (locked !== null && compiled.length > 0) {
    const fits = candidates.find((minor) => compiled.every((pkg) => hasWheelFor(pkg, minor)));
    const newest = candidates[0] as string;
    if (fits !== undefined) {
      const limiting = compiled.filter((pkg) => !hasWheelFor(pkg, newest));
      const because = limiting.length === 0 ? `every compiled package (${compiled.length}) has a wheel for it` : `newest with wheels for every compiled package: ${limiting.slice(0, 3).map(describeWheels).join(', ')} ${limiting.length === 1 ? 'has' : 'have'} none for ${newest}`;
      evidence.push({ file: locked.file, reason: `Python ${fits}${constrained === null ? '' : ` (within ${constrained.why})`}: ${because}` });
      return fits;
    }
    warnings.push(`${locked.file}: no Python ${constrained === null ? 'still supported' : `that ${constrained.why} allows`} has wheels for every compiled package (${compiled.slice(0, 3).map(describeWheels).join(', ')}); building Python ${newest} from source needs a compiler.`);
  }
  if (constrained !== null) {
    const minor = candidates[0] as string;
    evidence.push({ file: 'pyproject.toml', reason: `${constrained.why} allows Python ${minor}` });
    return minor;
  }
  evidence.push({ file: '(default)', reason: `current stable Python ${PYTHON_DEFAULTS.python}` });
  return PYTHON_DEFAULTS.python;
}
