import { CliError, EXIT } from '../errors.js';

/** A template as errors name it: the path the user sees (`docker/templates/node/Dockerfile.hbs`) and its text. */
export interface TemplateOrigin {
  readonly file: string;
  readonly source: string;
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
