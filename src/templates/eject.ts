import { usageError } from '../errors.js';
import type { RenderedFile, StackId } from '../types.js';
import { listTemplates, partialName, readBuiltin } from './builtin.js';

/**
 * The names `templates eject` accepts for each built-in: `node/Dockerfile.hbs`, `node/Dockerfile`,
 * `node` (every template in a stack's folder), `_partials/healthcheck.hbs`, `healthcheck`.
 */
function aliases(name: string): string[] {
  const partial = partialName(name);
  const out = [name, name.replace(/\.hbs$/, '')];
  if (partial !== null) out.push(partial);
  else out.push(name.split('/')[0] as string);
  return out;
}

/** The built-in folder each stack renders from (Next.js apps are Node.js apps to the templates). */
const STACK_FOLDER: Record<StackId, string> = { nextjs: 'node', node: 'node', go: 'go', python: 'python', java: 'java' };

/** The templates a stack renders with: its own folder's and the partials every Dockerfile includes. */
export function stackTemplates(stack: StackId): string[] {
  return listTemplates().filter((name) => name.startsWith(`${STACK_FOLDER[stack]}/`) || partialName(name) !== null);
}

/** Built-in names for what the user asked for; everything when nothing was named. */
export function resolveNames(requested: readonly string[]): string[] {
  const all = listTemplates();
  if (requested.length === 0) return all;
  const picked = new Set<string>();
  for (const want of requested) {
    const matches = all.filter((name) => aliases(name).includes(want.replace(/\\/g, '/')));
    if (matches.length === 0) throw usageError(`No built-in template is called "${want}". Built-in templates: ${all.join(', ')}.`);
    for (const m of matches) picked.add(m);
  }
  return all.filter((name) => picked.has(name));
}

/**
 * The first line of an ejected template: a Handlebars comment, so it renders to nothing (a
 * comment alone on its line is dropped with its line break) and the output stays identical.
 */
export function ejectHeader(name: string, version: string): string {
  return `{{!-- create-dockerfile ${version}: built-in ${name}, ejected as a starting point. This file overrides the built-in of the same name; it receives the same plan data (strict: unknown fields fail). --}}\n`;
}

/** The files `templates eject` writes; settings are added by the caller. */
export function ejectedFiles(names: readonly string[], dir: string, version: string): RenderedFile[] {
  // `kind` has no value for templates yet; 'settings' marks a file that is not generated output.
  return names.map((name) => ({ path: `${dir}/${name}`, kind: 'settings', contents: ejectHeader(name, version) + readBuiltin(name) }));
}
