import { DEFAULTS } from '../../defaults.js';
import type { Evidence, Project } from '../../types.js';
import type { PackageJson } from './package-json.js';
import { readOptional } from '../optional.js';
import { LOCKFILES } from './package-manager.js';
import * as semver from 'semver';
import { endOfLifeWarning, fromMiseToml, fromVersionFile, fromVersionText, fromVolta } from './version-sources.js';

const EXACT = /^v?(\d{1,3}(?:\.\d{1,4}){0,2})$/;

function fromToolVersions(text: string, tool: string): string | null {
  const line = text.split(/\r?\n/).find((l) => l.trim().startsWith(`${tool} `));
  return line === undefined ? null : fromVersionText(line.trim().split(/\s+/)[1] ?? '');
}

/**
 * The highest current LTS major an engines range allows; else the highest major it allows at all.
 * `below`: only majors under it count, when the range allows one (a locked package needs an older Node.js).
 */
export function nodeMajorFromRange(range: string, below = Infinity): string | null {
  const valid = semver.validRange(range);
  if (valid === null) return null;
  const allows = (major: number): boolean => semver.intersects(valid, `>=${major}.0.0 <${major + 1}.0.0`);
  const under = (majors: readonly number[]): readonly number[] => (majors.some((m) => m < below && allows(m)) ? majors.filter((m) => m < below) : majors);
  const lts = under(DEFAULTS.nodeLtsMajors).find(allows);
  if (lts !== undefined) return String(lts);
  const any = under(DEFAULTS.nodeMajors).find(allows);
  return any === undefined ? null : String(any);
}

/**
 * Locked packages that load a Node.js API a later major removed, and that major. They crash the
 * app at start, so an unpinned version stays below it. buffer-equal-constant-time (reached through
 * jsonwebtoken → jws → jwa before jwa 1.4.2, and Google's gtoken) reads SlowBuffer, removed in
 * Node.js 25 (DEP0030).
 */
const REMOVED_API_PACKAGES: readonly { readonly name: string; readonly removedIn: number; readonly api: string; readonly update: string }[] = [
  // update: the package whose newer releases no longer bring it in.
  { name: 'buffer-equal-constant-time', removedIn: 25, api: 'SlowBuffer', update: 'jwa' },
];

/** The lockfiles written as text (bun.lockb is binary). */
const TEXT_LOCKFILES = LOCKFILES.map(([file]) => file).filter((file) => file !== 'bun.lockb');

async function removedApiCeiling(project: Project, at: (f: string) => string, warnings: string[]): Promise<{ below: number; file: string; why: string; update: string } | null> {
  for (const file of TEXT_LOCKFILES) {
    const text = await readOptional(project, at(file), warnings);
    if (text === null) continue;
    const hit = REMOVED_API_PACKAGES.find((p) => new RegExp(`(^|[\\s"'/])${p.name}@|["/]${p.name}"`, 'm').test(text));
    if (hit !== undefined) return { below: hit.removedIn, file: at(file), why: `${hit.name} uses ${hit.api}, removed in Node.js ${hit.removedIn}`, update: hit.update };
  }
  return null;
}

/**
 * Which source wins, first found: .nvmrc, .node-version, .tool-versions, mise.toml/.mise.toml,
 * Volta's package.json pin, engines.node (the highest supported LTS the range allows), the default.
 * A pinned file outside engines.node is kept (the developer's own tool uses it) with a warning.
 */
export async function detectNodeVersion(
  project: Project,
  pkg: PackageJson,
  evidence: Evidence[],
  warnings: string[],
  dir = '',
): Promise<string> {
  const at = (f: string): string => (dir === '' ? f : `${dir}/${f}`);
  const found = await pinnedVersion(project, at, warnings);
  const ceiling = await removedApiCeiling(project, at, warnings);
  if (found !== null) {
    evidence.push({ file: at(found.file), reason: `Node.js ${found.version}` });
    if (ceiling !== null && Number(found.version.split('.')[0]) >= ceiling.below) warnings.push(`${ceiling.file}: ${ceiling.why}; ${at(found.file)} asks for Node.js ${found.version}, where the app crashes when it loads it. Update the package that brings it in (${ceiling.update}) or pin an older Node.js.`);
    const eol = endOfLifeWarning(found.version, at(found.file));
    if (eol !== null) warnings.push(eol);
    if (pkg.enginesNode !== null && !allows(pkg.enginesNode, found.version)) {
      warnings.push(`${at(found.file)} asks for Node.js ${found.version}, outside engines.node "${pkg.enginesNode}" in package.json; the image uses ${found.version}.`);
    }
    return found.version;
  }
  if (pkg.enginesNode !== null) {
    const major = nodeMajorFromRange(pkg.enginesNode, ceiling?.below);
    if (major !== null) {
      evidence.push({ file: at('package.json'), reason: `engines.node "${pkg.enginesNode}" allows Node.js ${major}` });
      if (ceiling !== null) evidence.push({ file: ceiling.file, reason: `${ceiling.why}: Node.js ${major}` });
      const eol = endOfLifeWarning(major, `engines.node "${pkg.enginesNode}"`);
      if (eol !== null) warnings.push(eol);
      return major;
    }
    warnings.push(`package.json: engines.node "${pkg.enginesNode}" is not a range we can resolve; using Node.js ${DEFAULTS.node}.`);
  }
  if (ceiling !== null) {
    const lts = String(DEFAULTS.nodeLtsMajors.find((m) => m < ceiling.below) ?? DEFAULTS.node);
    evidence.push({ file: ceiling.file, reason: `${ceiling.why}: Node.js ${lts}, the newest LTS before it` });
    return lts;
  }
  evidence.push({ file: '(default)', reason: `current Node.js LTS ${DEFAULTS.node}` });
  return DEFAULTS.node;
}

function allows(range: string, version: string): boolean {
  const valid = semver.validRange(range);
  const full = /^\d+$/.test(version) ? `>=${version}.0.0 <${Number(version) + 1}.0.0` : /^\d+\.\d+$/.test(version) ? `~${version}.0` : version;
  return valid === null || semver.intersects(valid, full);
}

async function pinnedVersion(project: Project, at: (f: string) => string, warnings: string[]): Promise<{ file: string; version: string } | null> {
  for (const file of ['.nvmrc', '.node-version']) {
    const text = await readOptional(project, at(file), warnings);
    if (text === null) continue;
    const version = fromVersionFile(text);
    if (version !== null) return { file, version };
    warnings.push(`${at(file)}: "${text.trim().slice(0, 40)}" is not a Node.js version; ignored.`);
  }
  const tools = await readOptional(project, at('.tool-versions'), warnings);
  const fromTools = tools === null ? null : fromToolVersions(tools, 'nodejs') ?? fromToolVersions(tools, 'node');
  if (fromTools !== null) return { file: '.tool-versions', version: fromTools };
  for (const file of ['mise.toml', '.mise.toml']) {
    const text = await readOptional(project, at(file), warnings);
    const version = text === null ? null : fromMiseToml(text);
    if (version !== null) return { file, version };
  }
  const volta = fromVolta(await project.readJson(at('package.json')).catch(() => null));
  return volta === null ? null : { file: 'package.json', version: volta };
}
