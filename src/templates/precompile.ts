import Handlebars from 'handlebars';
import { COMPILE_OPTIONS } from '../render/compile-options.js';
import { BUILTIN_TEMPLATES, listTemplates, readBuiltin } from './builtin.js';

/**
 * The built-in templates as one CommonJS module: precompiled specs, and the sources they came from,
 * by relative name. Build time only (this module loads the full compiler): scripts/build.mjs writes
 * it to dist/templates.cjs, and the CLI renders from it through the Handlebars runtime.
 */
export function precompileTemplates(dir: string = BUILTIN_TEMPLATES): string {
  const names = listTemplates(dir);
  return [
    "'use strict';",
    '// Generated from templates/ by scripts/build.mjs (npm run build): do not edit.',
    'exports.sources = {',
    ...names.map((name) => `  ${JSON.stringify(name)}: ${JSON.stringify(readBuiltin(name, dir))},`),
    '};',
    'exports.templates = {',
    ...names.map((name) => `  ${JSON.stringify(name)}: ${Handlebars.precompile(readBuiltin(name, dir), COMPILE_OPTIONS)},`),
    '};',
    '',
  ].join('\n');
}
