import { DEFAULTS } from '../../defaults.js';
import { parse as parseToml } from 'smol-toml';

const EXACT = /^v?(\d{1,3}(?:\.\d{1,4}){0,2})$/;

/** Node.js LTS codenames (nvm's `lts/<name>` aliases) → their major. */
const LTS_CODENAMES: Readonly<Record<string, number>> = {
  argon: 4, boron: 6, carbon: 8, dubnium: 10, erbium: 12, fermium: 14, gallium: 16, hydrogen: 18, iron: 20, jod: 22, krypton: 24,
};

/**
 * A version as nvm, fnm, mise and Volta accept it: `22`, `v22.11.0`, `lts/iron` (that line's
 * major), `lts/*` (the current LTS), `node`/`stable`/`current`/`latest` (the newest release).
 * Null when it names none of these.
 */
export function fromVersionText(value: string): string | null {
  const text = value.trim().toLowerCase();
  const lts = /^lts\/(.+)$/.exec(text);
  if (lts !== null) {
    if (lts[1] === '*') return DEFAULTS.node;
    const major = LTS_CODENAMES[lts[1] as string];
    return major === undefined ? null : String(major);
  }
  if (text === 'lts') return DEFAULTS.node;
  if (['node', 'stable', 'current', 'latest'].includes(text)) return String(DEFAULTS.nodeMajors[0]);
  return EXACT.exec(text)?.[1] ?? null;
}

/** The first meaningful line of .nvmrc / .node-version. */
export function fromVersionFile(text: string): string | null {
  const line = text.split(/\r?\n/).map((l) => l.replace(/#.*$/, '').trim()).find((l) => l !== '');
  return line === undefined ? null : fromVersionText(line);
}

/** `node = "22"`, `node = ["22"]` or `node = { version = "22" }` under mise's `[tools]`. */
export function fromMiseToml(text: string): string | null {
  let tools: unknown;
  try {
    tools = (parseToml(text) as { tools?: unknown }).tools;
  } catch {
    return null;
  }
  if (typeof tools !== 'object' || tools === null) return null;
  const entry = (tools as Record<string, unknown>).node ?? (tools as Record<string, unknown>).nodejs;
  const first = Array.isArray(entry) ? entry[0] : entry;
  const version = typeof first === 'object' && first !== null ? (first as { version?: unknown }).version : first;
  return typeof version === 'string' ? fromVersionText(version) : null;
}

/** Volta's pin in package.json: `"volta": { "node": "22.11.0" }`. */
export function fromVolta(manifest: unknown): string | null {
  const volta = typeof manifest === 'object' && manifest !== null ? (manifest as { volta?: unknown }).volta : null;
  const node = typeof volta === 'object' && volta !== null ? (volta as { node?: unknown }).node : null;
  return typeof node === 'string' ? fromVersionText(node) : null;
}

/**
 * A warning when the major is past its end of life (not one of the LTS lines still supported),
 * naming the LTS to move to; null for a supported line.
 */
export function endOfLifeWarning(version: string, source: string): string | null {
  const major = Number(version.split('.')[0]);
  const supported: readonly number[] = DEFAULTS.nodeLtsMajors;
  if (supported.includes(major) || major > Math.max(...supported)) return null;
  const next = [...supported].sort((a, b) => a - b).find((m) => m > major) ?? DEFAULTS.nodeLtsMajors[0];
  return `Node.js ${major} (from ${source}) is end-of-life and gets no security fixes; the image keeps it as asked. Move to Node.js ${next}, the next LTS line.`;
}
