import type { LintFinding, Severity } from './types.js';

export interface FileResult {
  file: string;
  findings: LintFinding[];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function formatText(results: FileResult[]): string {
  const out: string[] = [];
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const { file, findings } of results) {
    for (const f of findings) {
      counts[f.severity]++;
      out.push(`${file}:${f.line} ${f.rule} ${f.severity} ${f.message}`);
      out.push(`  fix: ${f.hint}`);
    }
    if (findings.length > 0) out.push('');
  }
  const total = counts.error + counts.warning + counts.info;
  const files = plural(results.length, 'file');
  out.push(total === 0
    ? `No problems found in ${files}.`
    : `${plural(total, 'problem')} (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.info} info) in ${files}.`);
  return `${out.join('\n')}\n`;
}

export function formatJson(results: FileResult[], shellcheck: boolean): string {
  return `${JSON.stringify({ files: results, shellcheck }, null, 2)}\n`;
}
