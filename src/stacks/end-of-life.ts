/**
 * A version the repo pins is kept even past end of life (the app may need it), but the user is
 * told, with the oldest line still supported so the move is clear. `lines` are the supported
 * release lines newest first, in the same form as `line(version)` (`22`, `3.11`, `1.26`).
 */
export function endOfLifeWarning(runtime: string, version: string, lines: readonly string[], line: (version: string) => string): string | null {
  const own = line(version);
  const newest = lines[0];
  const oldest = lines[lines.length - 1];
  if (newest === undefined || oldest === undefined || lines.includes(own) || compareLines(own, newest) > 0) return null;
  return `${runtime} ${own} is past end of life; kept because the repo pins it. The oldest supported line is ${runtime} ${oldest}.`;
}

function compareLines(a: string, b: string): number {
  const [pa, pb] = [a.split('.').map(Number), b.split('.').map(Number)];
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export const majorLine = (version: string): string => version.split('.')[0] ?? version;
export const minorLine = (version: string): string => version.split('.').slice(0, 2).join('.');
