import Handlebars from 'handlebars';
import { COMMONJS_WRAPPER } from '../code-cache.js';
import { COMPILE_OPTIONS } from '../render/compile-options.js';
import { BUILTIN_TEMPLATES, folderTemplates, listTemplates, readBuiltin } from './builtin.js';

/**
 * The built-in templates as one wrapped CommonJS module per folder (`_partials`, `node`, …), keyed by
 * folder: precompiled specs, and the sources they came from. Build time only (this module loads
 * the full compiler): scripts/build.mjs writes them to dist/precompiled/, and a run loads the
 * partials and its own stack's folder, rendering through the Handlebars runtime alone.
 */
export function precompileTemplates(dir: string = BUILTIN_TEMPLATES): Map<string, string> {
  const folders = [...new Set(listTemplates(dir).map((name) => name.split('/')[0] as string))];
  const modules = new Map<string, string>();
  for (const folder of folders) {
    const names = folderTemplates(folder, dir);
    modules.set(
      folder,
      [
        // Wrapped, to run through the code cache as main.cjs does (src/code-cache.ts).
        `${COMMONJS_WRAPPER}'use strict';`,
        '// Generated from templates/ by scripts/build.mjs (npm run build): do not edit.',
        'exports.sources = {',
        ...names.map((name) => `  ${JSON.stringify(name)}: ${JSON.stringify(readBuiltin(name, dir))},`),
        '};',
        'exports.templates = {',
        ...names.map((name) => `  ${JSON.stringify(name)}: ${Handlebars.precompile(readBuiltin(name, dir), COMPILE_OPTIONS)},`),
        '};',
        '})',
        '',
      ].join('\n'),
    );
  }
  return modules;
}

/** For scripts/build.mjs, which wraps main.cjs the same way. */
export { COMMONJS_WRAPPER };
