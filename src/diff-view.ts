import type { Io } from './types.js';
import type { PendingFile } from './write.js';

/** Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function wantsColor(io: Pick<Io, 'env' | 'stdout'>): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined) return io.env.FORCE_COLOR !== '0';
  return io.stdout.isTTY === true && io.env.TERM !== 'dumb';
}

const PAINT = { red: ['\x1b[31m', '\x1b[39m'], green: ['\x1b[32m', '\x1b[39m'], cyan: ['\x1b[36m', '\x1b[39m'], bold: ['\x1b[1m', '\x1b[22m'] } as const;

/** Red removals, green additions, cyan hunk headers; the text is unchanged without colour. */
export function colorDiff(diff: string): string {
  const paint = (line: string, [on, off]: readonly [string, string]): string => `${on}${line}${off}`;
  return diff.split('\n').map((line) => {
    if (line.startsWith('--- ') || line.startsWith('+++ ')) return paint(line, PAINT.bold);
    if (line.startsWith('@@')) return paint(line, PAINT.cyan);
    if (line.startsWith('-')) return paint(line, PAINT.red);
    if (line.startsWith('+')) return paint(line, PAINT.green);
    return line;
  }).join('\n');
}

/** Lines added and removed, counted from the diff (`+3 -1`). */
export function changeCount(diff: string): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const line of diff.split('\n')) {
    if (line.startsWith('+++ ') || line.startsWith('--- ')) continue;
    if (line.startsWith('+')) added += 1;
    else if (line.startsWith('-')) removed += 1;
  }
  return { added, removed };
}

function size(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} kB`;
}

/** One summary row: status, path, size of the generated file, and for a differing one the line counts. */
export function summaryRow(status: string, p: PendingFile, diff: string | null): string {
  const bytes = Buffer.byteLength(p.file.contents, 'utf8');
  const lines = p.file.contents.split('\n').length - (p.file.contents.endsWith('\n') ? 1 : 0);
  const change = diff === null ? '' : (({ added, removed }) => `  +${added} -${removed} lines vs. the file on disk`)(changeCount(diff));
  return `${status.padEnd(9)} ${p.file.path.padEnd(36)} ${size(bytes).padStart(8)}  ${String(lines).padStart(4)} lines${change}`;
}
