import Handlebars from 'handlebars';
import { COMPILE_OPTIONS } from '../render/compile-options.js';
import { BUILTIN_TEMPLATES, listTemplates, readBuiltin, templatesDigest } from './builtin.js';

/**
 * The built-in templates as one CommonJS module of precompiled specs (build time only: this
 * module loads the full compiler). dist/render/handlebars.js requires it and renders through the
 * Handlebars runtime alone; see scripts/precompile-templates.mjs.
 */
export function precompileTemplates(dir: string = BUILTIN_TEMPLATES): string {
  const entries = listTemplates(dir).map((name) => `  ${JSON.stringify(name)}: ${Handlebars.precompile(readBuiltin(name, dir), COMPILE_OPTIONS)},`);
  return [
    "'use strict';",
    '// Generated from templates/ by scripts/precompile-templates.mjs (npm run build): do not edit.',
    `exports.digest = ${JSON.stringify(templatesDigest(dir))};`,
    'exports.templates = {',
    ...entries,
    '};',
    '',
  ].join('\n');
}
