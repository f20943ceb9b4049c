import { REMEMBERED } from './flags.js';
import { badInput } from './errors.js';
import type { Project, RenderedFile } from './types.js';

/**
 * The options a user chose live in the repo, in a visible, documented file, so a re-run with no
 * flags reproduces the same files (and teammates and CI get the same output).
 */
export const SETTINGS_FILE = '.create-dockerfile.json';

export type Remembered = Readonly<Record<string, string | boolean>>;

/**
 * Options an earlier version remembered whose meaning is now the default: a settings file written
 * then must still re-run. `pin-actions` became the default (`--no-pin-actions` turns it off).
 */
const RETIRED = new Set(['pin-actions']);

export async function readSettings(project: Project): Promise<Remembered> {
  const raw = await project.readJson(SETTINGS_FILE);
  if (raw === null) return {};
  const options = (raw as { options?: unknown }).options;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw badInput(SETTINGS_FILE, 'must hold an "options" object (delete the file to start over)');
  }
  const out: Record<string, string | boolean> = {};
  for (const [key, value] of Object.entries(options)) {
    if (RETIRED.has(key)) continue;
    if (!REMEMBERED.has(key)) throw badInput(SETTINGS_FILE, `unknown option "${key}"`);
    if (typeof value !== 'string' && typeof value !== 'boolean') throw badInput(SETTINGS_FILE, `"${key}" must be a string or true/false`);
    out[key] = value;
  }
  return out;
}

/**
 * Generated files the user has taken over (`"owned": ["Dockerfile"]`): a run keeps them and
 * `--check` reports them without failing. The other way to say it is a `# create-dockerfile: owned`
 * line at the top of the file itself (see templates/owned.ts).
 */
export async function readOwned(project: Project): Promise<string[]> {
  const raw = await project.readJson(SETTINGS_FILE);
  if (raw === null || typeof raw !== 'object') return [];
  const owned = (raw as { owned?: unknown }).owned;
  if (owned === undefined) return [];
  if (!Array.isArray(owned) || !owned.every((p): p is string => typeof p === 'string')) {
    throw badInput(SETTINGS_FILE, '"owned" must be a list of file paths, e.g. ["Dockerfile"]');
  }
  return owned;
}

/**
 * The options file, or null when there is nothing to remember. `exists`: the repo has one, which
 * is then rewritten even with no options left, so a choice taken back is not kept on disk.
 */
export function renderSettings(options: Remembered, owned: readonly string[] = [], exists = false): RenderedFile | null {
  const keys = Object.keys(options).filter((k) => REMEMBERED.has(k)).sort();
  if (keys.length === 0 && owned.length === 0 && !exists) return null;
  const body = {
    comment: 'Options chosen for create-dockerfile. A re-run with no flags reuses them; flags override them. Edit or delete freely.',
    options: Object.fromEntries(keys.map((k) => [k, options[k]])),
    // Kept as the user wrote it: only present when they listed files.
    ...(owned.length === 0 ? {} : { owned: [...owned] }),
  };
  return { path: SETTINGS_FILE, kind: 'settings', contents: `${JSON.stringify(body, null, 2)}\n` };
}

/** The equivalent non-interactive command line, printed after an interactive run. */
export function commandLine(options: Remembered, dir: string): string {
  const parts = ['npx create-dockerfile'];
  if (dir !== '.') parts.push(quoteArg(dir));
  for (const key of Object.keys(options).sort()) {
    const value = options[key];
    if (value === true) parts.push(`--${key}`);
    else if (typeof value === 'string') parts.push(`--${key}`, quoteArg(value));
  }
  parts.push('--yes');
  return parts.join(' ');
}

export function quoteArg(value: string): string {
  return /^[\w@./:,+-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
