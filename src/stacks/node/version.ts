import { DEFAULTS } from '../../defaults.js';
import type { Evidence, Project } from '../../types.js';
import type { PackageJson } from './package-json.js';
import { readOptional } from '../optional.js';
import * as semver from 'semver';

const EXACT = /^v?(\d{1,3}(?:\.\d{1,4}){0,2})$/;

/** `lts/*`, `lts/iron` and the like mean "an LTS line": we take the current default LTS. */
function fromVersionFile(text: string): string | null {
  const line = text.split(/\r?\n/).map((l) => l.trim()).find((l) => l !== '' && !l.startsWith('#'));
  if (line === undefined) return null;
  if (/^lts\//i.test(line) || line === 'node' || line === 'stable') return DEFAULTS.node;
  return EXACT.exec(line)?.[1] ?? null;
}

function fromToolVersions(text: string, tool: string): string | null {
  const line = text.split(/\r?\n/).find((l) => l.trim().startsWith(`${tool} `));
  return line === undefined ? null : (EXACT.exec(line.trim().split(/\s+/)[1] ?? '')?.[1] ?? null);
}

/** The highest current LTS major an engines range allows; else the highest major it allows at all. */
export function nodeMajorFromRange(range: string): string | null {
  const valid = semver.validRange(range);
  if (valid === null) return null;
  const allows = (major: number): boolean => semver.intersects(valid, `>=${major}.0.0 <${major + 1}.0.0`);
  const lts = DEFAULTS.nodeLtsMajors.find(allows);
  if (lts !== undefined) return String(lts);
  const any = DEFAULTS.nodeMajors.find(allows);
  return any === undefined ? null : String(any);
}

export async function detectNodeVersion(
  project: Project,
  pkg: PackageJson,
  evidence: Evidence[],
  warnings: string[],
  dir = '',
): Promise<string> {
  const at = (f: string): string => (dir === '' ? f : `${dir}/${f}`);
  for (const file of ['.nvmrc', '.node-version']) {
    const text = await readOptional(project, at(file), warnings);
    if (text === null) continue;
    const version = fromVersionFile(text);
    if (version !== null) {
      evidence.push({ file: at(file), reason: `Node.js ${version}` });
      return version;
    }
    warnings.push(`${at(file)}: "${text.trim().slice(0, 40)}" is not a Node.js version; ignored.`);
  }
  const tools = await readOptional(project, at('.tool-versions'), warnings);
  const fromTools = tools === null ? null : fromToolVersions(tools, 'nodejs');
  if (fromTools !== null) {
    evidence.push({ file: at('.tool-versions'), reason: `nodejs ${fromTools}` });
    return fromTools;
  }
  if (pkg.enginesNode !== null) {
    const major = nodeMajorFromRange(pkg.enginesNode);
    if (major !== null) {
      evidence.push({ file: at('package.json'), reason: `engines.node "${pkg.enginesNode}" allows Node.js ${major}` });
      return major;
    }
    warnings.push(`package.json: engines.node "${pkg.enginesNode}" is not a range we can resolve; using Node.js ${DEFAULTS.node}.`);
  }
  evidence.push({ file: '(default)', reason: `current Node.js LTS ${DEFAULTS.node}` });
  return DEFAULTS.node;
}
