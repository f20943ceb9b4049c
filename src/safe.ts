import { CliError, EXIT } from './errors.js';

/**
 * Guards between repository content and generated files. Anything taken from the repo (scripts,
 * names, versions, paths, ports) passes through one of these before it reaches a template, so a
 * hostile package.json cannot smuggle an instruction, a `${{ }}` expression or a YAML key in.
 */

export function refuse(what: string, value: string, why: string): CliError {
  return new CliError(`Refusing to use ${what} ${JSON.stringify(value)}: ${why}.`, EXIT.unexpected, 'E_UNSAFE');
}

/** Exec-form JSON array: JSON string escaping keeps every word inside one instruction. */
export function execForm(words: readonly string[]): string {
  for (const w of words) if (/[\r\n\0]/.test(w)) throw refuse('the command word', w, 'it spans several lines');
  return JSON.stringify(words).replace(/","/g, '", "');
}

/** A repo-relative path for COPY/WORKDIR: plain characters only. */
export function safePath(value: string, what = 'the path'): string {
  if (!/^[\w@./+-][\w@./+-]*$/.test(value) || value.split('/').includes('..')) {
    throw refuse(what, value, 'only letters, digits and . _ - + @ / are allowed in paths copied into an image');
  }
  return value;
}

export function safeVersion(value: string, what = 'the version'): string {
  if (!/^\d{1,3}(\.\d{1,4}){0,2}$/.test(value)) throw refuse(what, value, 'a version is digits and dots, like 22 or 3.13');
  return value;
}

/** A double-quoted Dockerfile string (LABEL values): escapes quotes, backslashes and `$`. */
export function quoted(value: string): string {
  const flat = value.replace(/[\r\n\t]+/g, ' ').replace(/[\u0000-\u001f]/g, '');
  return `"${flat.replace(/[\\"$]/g, (c) => `\\${c}`)}"`;
}

/** An identifier-like name (image name part, stage, user): lower-case, dashes. */
export function slug(value: string): string {
  const s = value.toLowerCase().replace(/^@/, '').replace(/[^a-z0-9._-]+/g, '-').replace(/^[-._]+|[-._]+$/g, '');
  return s === '' ? 'app' : s.slice(0, 63);
}

/** Throws when any string in the template data spans lines: the last line of defence. */
export function assertSingleLine(data: unknown, where = 'plan'): void {
  const found = multiLine(data);
  if (found !== null) throw refuse(`a value in ${where}${found.at}`, found.value, 'it spans several lines');
}

/**
 * The first string that spans lines, and where (`.image.env.X`, `[2]`). The path is built only
 * for that one: a plan has hundreds of values, and naming each on the way cost a string apiece.
 */
function multiLine(data: unknown): { at: string; value: string } | null {
  if (typeof data === 'string') return data.includes('\n') || data.includes('\r') ? { at: '', value: data } : null;
  if (Array.isArray(data)) {
    for (let i = 0; i < data.length; i++) {
      const found = multiLine(data[i]);
      if (found !== null) return { at: `[${i}]${found.at}`, value: found.value };
    }
  } else if (typeof data === 'object' && data !== null) {
    for (const key of Object.keys(data)) {
      const found = multiLine((data as Record<string, unknown>)[key]);
      if (found !== null) return { at: `.${key}${found.at}`, value: found.value };
    }
  }
  return null;
}
