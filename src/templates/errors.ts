import { CliError, EXIT } from '../errors.js';

/** A template as errors name it: the path the user sees (`docker/templates/node/Dockerfile.hbs`) and its text. */
export interface TemplateOrigin {
  readonly file: string;
  readonly source: string;
}

/**
 * What `{{field}}` prints for an object. Plan fields that were text (COPY lines, cache mounts,
 * setup steps) are structured data now, laid out by partials; a template written for the old
 * shape still prints them as text, and this is what comes out. Nothing else produces it: repo
 * values are strings by the time they reach a template.
 */
export const STALE_OUTPUT = '[object Object]';

/** Thrown for a team template (`template`: its built-in name) whose output contains STALE_OUTPUT; `line` is that output line. */
export class StaleTemplateError extends Error {
  constructor(
    readonly template: string,
    readonly line: string,
  ) {
    super(`renders ${STALE_OUTPUT}`);
  }
}

/** `{{!-- create-dockerfile 0.1.0: … --}}`, the first line `templates eject` writes. */
export const EJECTED_FROM = /^\{\{!--\s*create-dockerfile (\S+?):/;

function staleMessage(origin: TemplateOrigin, error: StaleTemplateError): string {
  const from = EJECTED_FROM.exec(origin.source)?.[1];
  return [
    `${origin.file} was written for an older plan shape${from === undefined ? '' : ` (ejected from create-dockerfile ${from})`}: it prints a field that is now structured data as text, rendering`,
    `  ${error.line.trim()}`,
    'No file was written. Refresh the template: write the current built-in next to it with',
    `  npx create-dockerfile templates eject ${error.template} --templates <scratch-folder>`,
    `then carry your edits over (COPY lines, cache mounts and setup steps are laid out by the copy, cache-mount and package-manager partials now) and replace ${origin.file} with it.`,
  ].join('\n');
}

/** Handlebars appends ` - line:column` (column 0-based) to errors that know where they happened. */
const LOCATED = / - (\d+):(\d+)$/;
const PARSE = /^Parse error on line (\d+):\n([\s\S]*)$/;
const STRICT = /^"([^"]+)" not defined in .*$/;
const NO_PARTIAL = /^The partial (\S+) could not be found$/;
const MISMATCH = /^(\S+) doesn't match (\S+)$/;

function lineOf(source: string, needle: RegExp): number | null {
  const index = source.search(needle);
  return index < 0 ? null : source.slice(0, index).split('\n').length;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A broken team template becomes a message naming its file and line, with no stack trace: a
 * syntax error, a field the plan does not have (templates run in strict mode), a missing partial.
 */
export function templateError(origin: TemplateOrigin, error: unknown): CliError {
  if (error instanceof StaleTemplateError) return new CliError(staleMessage(origin, error), EXIT.unexpected, 'E_TEMPLATE_STALE');
  const message = error instanceof Error ? error.message : String(error);
  let where = origin.file;
  let what = message;
  const parse = PARSE.exec(message);
  const located = LOCATED.exec(message);
  const partial = NO_PARTIAL.exec(message);
  if (parse !== null) {
    where = `${origin.file}:${parse[1]}`;
    what = `Handlebars syntax error:\n${parse[2]}`;
  } else if (located !== null) {
    where = `${origin.file}:${located[1]}:${Number(located[2]) + 1}`;
    what = message.slice(0, located.index);
    const strict = STRICT.exec(what);
    const mismatch = MISMATCH.exec(what);
    if (strict !== null) what = `"${strict[1]}" is not a field of the plan data (templates render in strict mode, block helpers' arguments included: use only the fields the built-in template uses)`;
    else if (mismatch !== null) what = `the block {{#${mismatch[1]}}} opened here is closed by {{/${mismatch[2]}}}`;
  } else if (partial !== null) {
    const line = lineOf(origin.source, new RegExp(`\\{\\{~?>\\s*${escapeRegExp(partial[1] as string)}\\b`));
    if (line !== null) where = `${origin.file}:${line}`;
    what = `the partial "${partial[1]}" does not exist (partials live in _partials/<name>.hbs)`;
  }
  return new CliError(`${where}: ${what}`, EXIT.unexpected, 'E_TEMPLATE');
}
