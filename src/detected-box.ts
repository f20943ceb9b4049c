import type { Questions, Source } from './resolve.js';
import { FILE_KINDS, type Evidence, type StackId } from './types.js';

/** The language each stack's version is a version of, as people say it ("Node.js 22"). */
const LANGUAGE_LABEL: Record<StackId, string> = { nextjs: 'Node.js', node: 'Node.js', go: 'Go', python: 'Python', java: 'Java' };

const SETTINGS = '.create-dockerfile.json';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The evidence a value came from: the first entry whose reason names the value as a whole word
 * (`listens on port 3000` for 3000, `go 1.24.2 directive → golang:1.24` for 1.24). Detection
 * records evidence per decision, not per value, so the value's own text is what links them.
 */
export function evidenceFor(evidence: readonly Evidence[], value: string): Evidence | null {
  if (value === '') return null;
  const word = new RegExp(`(^|[^\\w.])${escapeRegExp(value)}($|[^\\w])`, 'i');
  return evidence.find((e) => word.test(e.reason)) ?? null;
}

function fromEvidence(found: Evidence | null): string {
  if (found === null) return 'detected';
  return found.file === '(default)' ? `default: ${found.reason}` : `from ${found.file}: ${found.reason}`;
}

function origin(source: Source, flag: string, found: () => Evidence | null): string {
  if (source === 'flag') return `from ${flag}`;
  if (source === 'remembered') return `remembered in ${SETTINGS}`;
  return fromEvidence(found());
}

/** The start command's evidence names the whole command or, failing that, one of its longer words. */
function commandEvidence(evidence: readonly Evidence[], cmd: readonly string[]): Evidence | null {
  const whole = evidenceFor(evidence, cmd.join(' '));
  if (whole !== null) return whole;
  for (const word of cmd.filter((w) => w.length > 3 && !w.startsWith('-'))) {
    const found = evidenceFor(evidence, word);
    if (found !== null) return found;
  }
  return null;
}

/**
 * Lines of the wizard's "Detected" box: each value that will be written, with its unit and where
 * it came from (a flag, the remembered options, a repo file, or a documented default).
 */
export function detectedLines(q: Questions): string[] {
  const d = q.detection;
  const values = d.values;
  const ev = d.evidence;
  const language = LANGUAGE_LABEL[q.stack.id];
  const stackEvidence = ev[0] ?? null;
  const rows: [string, string][] = [
    [`${q.stack.label}${values.framework === null || values.framework.toLowerCase() === q.stack.id ? '' : ` (${values.framework})`}`, fromEvidence(stackEvidence)],
  ];
  const version = q.languageVersion;
  rows.push([version === null ? `${language} version unknown` : `${language} ${version}`, version === null ? 'pass a version flag' : origin(q.sources.languageVersion, `--${language === 'Node.js' ? 'node' : q.stack.id}-version`, () => evidenceFor(ev, version))]);
  const pm = q.packageManager;
  if (pm !== null) rows.push([`package manager ${pm}`, origin(q.sources.packageManager, '--package-manager', () => evidenceFor(ev, pm))]);
  const cmd = q.cmd;
  rows.push(cmd === null ? ['start command not found', 'you will be asked for it'] : [`start ${cmd.join(' ')}`, origin(q.sources.cmd, '--cmd', () => commandEvidence(ev, cmd))]);
  const port = q.port;
  rows.push(port === null ? ['no port', 'no listening port found: a worker, or pass --port'] : [`port ${port}`, origin(q.sources.port, '--port', () => evidenceFor(ev, String(port)))]);
  const chosen = q.chosenServices;
  const left = q.services.filter((s) => !chosen.includes(s));
  // Services found but not chosen are named, so the box shows what compose will run and what it will not.
  const why = left.length === 0 ? 'from the dependencies' : `${origin(q.sources.services, '--services', () => null)}; not ${left.join(', ')}`;
  rows.push([`compose services ${chosen.length === 0 ? 'none' : chosen.join(', ')}`, q.services.length === 0 ? 'no database or cache client found' : why]);
  const skipped = FILE_KINDS.filter((k) => !q.only.includes(k));
  if (skipped.length > 0) rows.push([`files all but ${skipped.join(', ')}`, origin(q.sources.only, '--only', () => null)]);
  const width = Math.max(...rows.map(([value]) => value.length));
  return rows.map(([value, why]) => `${value.padEnd(width)}  ${why}`);
}
