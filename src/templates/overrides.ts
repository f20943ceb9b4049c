import { posix } from 'node:path';
import { usageError } from '../errors.js';
import type { TemplateOverrides } from '../render/handlebars.js';
import type { Project } from '../types.js';
import { listTemplates, PARTIALS_DIR } from './builtin.js';
import { EJECTED_FROM } from './errors.js';

/** Where `templates eject` puts the templates when no folder was given or remembered. */
export const DEFAULT_TEMPLATES_DIR = 'docker/templates';

/**
 * The folder as a clean POSIX path relative to the repo root. It must stay inside the repo: it is
 * remembered in .create-dockerfile.json and has to mean the same folder for every teammate and CI.
 */
export function templatesDir(dir: string): string {
  const clean = posix.normalize(dir.replace(/\\/g, '/')).replace(/\/+$/, '');
  if (posix.isAbsolute(clean) || clean === '..' || clean.startsWith('../') || clean === '.' || clean === '') {
    throw usageError(`--templates must name a folder inside the repo, relative to its root (got "${dir}").`);
  }
  return clean;
}

export interface LoadedOverrides {
  readonly overrides: TemplateOverrides;
  /** Files that override nothing, templates ejected from another version. */
  readonly notes: readonly string[];
}

/** Reads a team's templates through the read-only Project: `<dir>/<stack>/<file>.hbs` and `<dir>/_partials/*.hbs`. */
export async function loadOverrides(project: Project, given: string, version: string): Promise<LoadedOverrides> {
  const dir = templatesDir(given);
  if (!(await project.isDir(dir))) {
    throw usageError(`--templates ${dir}: no such folder in the repo. Create it with \`npx create-dockerfile templates eject\`, or remove "templates" from .create-dockerfile.json.`);
  }
  const builtins = new Set(listTemplates());
  const sources = new Map<string, string>();
  const strays: string[] = [];
  const older = new Set<string>();
  for (const entry of (await project.list(dir)).sort()) {
    if (!(await project.isDir(`${dir}/${entry}`))) {
      if (entry.endsWith('.hbs')) strays.push(`${dir}/${entry}`);
      continue;
    }
    for (const file of (await project.list(`${dir}/${entry}`)).sort()) {
      if (!file.endsWith('.hbs')) continue;
      const name = `${entry}/${file}`;
      // A new partial is fine (an override can include it); any other unknown name is a typo.
      if (!builtins.has(name) && entry !== PARTIALS_DIR) {
        strays.push(`${dir}/${name}`);
        continue;
      }
      const source = await project.readText(`${dir}/${name}`);
      if (source === null) continue;
      sources.set(name, source);
      const from = EJECTED_FROM.exec(source)?.[1];
      if (from !== undefined && from !== version) older.add(from);
    }
  }
  const notes: string[] = [];
  if (strays.length > 0) notes.push(`${strays.join(', ')} ${strays.length === 1 ? 'overrides' : 'override'} no built-in template (run \`npx create-dockerfile templates list\` for their names).`);
  if (older.size > 0) {
    notes.push(`templates in ${dir} were ejected from create-dockerfile ${[...older].sort().join(', ')}; the built-ins of ${version} may have changed since: compare with \`npx create-dockerfile templates eject <name> --templates <scratch-folder>\`.`);
  }
  return { overrides: { dir, sources }, notes };
}
