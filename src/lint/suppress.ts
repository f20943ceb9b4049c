import type { Model } from './model.js';
import type { LintFinding } from './types.js';

export interface Suppressions {
  /** Rule ids ignored for the whole file (`# hadolint global ignore=…`, `# check=skip=…`). */
  global: Set<string>;
  /** 0-based [start, end] line ranges of instructions with their ignored rule ids. */
  ranges: Array<{ start: number; end: number; ids: Set<string> }>;
}

const INLINE = /^(?:hadolint|create-dockerfile)\s+(global\s+)?ignore\s*=\s*([A-Za-z0-9_,\s-]+)$/i;
/** BuildKit's `# check=skip=A,B` (also `# check=error=true;skip=A`). */
const CHECK_SKIP = /^check\s*=(?:.*;)?\s*skip\s*=\s*([A-Za-z0-9_,\s-]+)/i;

function ids(list: string): Set<string> {
  return new Set(list.split(/[\s,]+/).filter(Boolean).map((s) => s.toUpperCase()));
}

/** Comment text without the leading `#`, from the raw line (comments and parser directives alike). */
function commentLines(m: Model): Array<{ line: number; text: string }> {
  const lines = m.text.split('\n');
  const out: Array<{ line: number; text: string }> = [];
  const candidates = [
    ...m.dockerfile.getComments().map((c) => c.getRange().start.line),
    ...m.dockerfile.getDirectives().map((d) => d.getRange().start.line),
  ];
  for (const line of candidates) {
    const text = (lines[line] ?? '').trim().replace(/^#\s*/, '').trim();
    out.push({ line, text });
  }
  return out;
}

export function collectSuppressions(m: Model): Suppressions {
  const result: Suppressions = { global: new Set(), ranges: [] };
  for (const { line, text } of commentLines(m)) {
    const skip = CHECK_SKIP.exec(text);
    if (skip) {
      ids(skip[1] ?? '').forEach((id) => result.global.add(id));
      continue;
    }
    const match = INLINE.exec(text);
    if (!match) continue;
    const set = ids(match[2] ?? '');
    if (match[1]) {
      set.forEach((id) => result.global.add(id));
      continue;
    }
    const next = m.instructions.find((i) => i.getRange().start.line > line);
    if (next) result.ranges.push({ start: next.getRange().start.line, end: next.getRange().end.line, ids: set });
  }
  return result;
}

/** True when `ignored` names the finding's primary id or one of its aliases (case-insensitive). */
export function matches(finding: Pick<LintFinding, 'rule' | 'aliases'>, ignored: Set<string>): boolean {
  if (ignored.has('ALL')) return true;
  return [finding.rule, ...finding.aliases].some((id) => ignored.has(id.toUpperCase()));
}

export function isSuppressed(finding: LintFinding, s: Suppressions): boolean {
  if (matches(finding, s.global)) return true;
  const line = finding.line - 1;
  return s.ranges.some((r) => line >= r.start && line <= r.end && matches(finding, r.ids));
}
