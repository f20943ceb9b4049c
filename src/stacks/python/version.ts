import * as semver from 'semver';
import type { Evidence, Project } from '../../types.js';
import { PYTHON_DEFAULTS } from './defaults.js';
import type { Pipfile, PyProject } from './pyproject.js';

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

/** The highest supported minor a requires-python (or Poetry `python`) constraint allows; else the highest known one. */
export function minorFromConstraint(spec: string): string | null {
  const { range, excluded } = toSemver(spec);
  if (range === null) return null;
  const allows = (minor: string): boolean =>
    !excluded.includes(minor) && semver.intersects(range, `>=${minor}.0 <${minor.split('.')[0]}.${Number(minor.split('.')[1]) + 1}.0`);
  return PYTHON_DEFAULTS.supportedMinors.find(allows) ?? PYTHON_DEFAULTS.knownMinors.find(allows) ?? null;
}

interface Sources {
  readonly pyproject: PyProject | null;
  readonly pipfile: Pipfile | null;
}

/** Version files first (the developer's own choice), then manifest constraints, then the default. */
export async function detectPythonVersion(project: Project, sources: Sources, evidence: Evidence[], warnings: string[]): Promise<string> {
  const files: [string, (text: string) => string][] = [
    ['.python-version', firstLine],
    ['runtime.txt', firstLine],
    ['.tool-versions', (t) => t.split(/\r?\n/).find((l) => /^python\s/.test(l.trim()))?.trim().split(/\s+/)[1] ?? ''],
  ];
  for (const [file, pick] of files) {
    const text = await project.readText(file);
    if (text === null) continue;
    const raw = pick(text);
    if (raw === '' && file === '.tool-versions') continue;
    const version = exactVersion(raw);
    if (version !== null) {
      evidence.push({ file, reason: `Python ${version}` });
      return version;
    }
    warnings.push(`${file}: "${raw.slice(0, 40)}" is not a CPython version with an official image; ignored.`);
  }
  const constraints: [string, string, string | null][] = [
    ['pyproject.toml', 'requires-python', sources.pyproject?.requiresPython ?? null],
    ['pyproject.toml', '[tool.poetry.dependencies] python', sources.pyproject?.poetry?.python ?? null],
  ];
  for (const [file, what, spec] of constraints) {
    if (spec === null) continue;
    const minor = minorFromConstraint(spec);
    if (minor !== null) {
      evidence.push({ file, reason: `${what} "${spec}" allows Python ${minor}` });
      return minor;
    }
    warnings.push(`${file}: ${what} "${spec}" is not a constraint we can resolve; ignored.`);
  }
  const pipfileVersion = sources.pipfile?.pythonVersion ?? null;
  if (pipfileVersion !== null) {
    const version = exactVersion(pipfileVersion);
    if (version !== null) {
      evidence.push({ file: 'Pipfile', reason: `python_version ${version}` });
      return version;
    }
    warnings.push(`Pipfile: python_version "${pipfileVersion}" is not a Python version; ignored.`);
  }
  evidence.push({ file: '(default)', reason: `current stable Python ${PYTHON_DEFAULTS.python}` });
  return PYTHON_DEFAULTS.python;
}
