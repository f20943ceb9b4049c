import type Handlebars from 'handlebars';
import { BUILTIN_TEMPLATES, listTemplates, partialName, readBuiltin } from '../templates/builtin.js';
import { STALE_OUTPUT, StaleTemplateError, templateError, type TemplateOrigin } from '../templates/errors.js';
import { COMPILE_OPTIONS } from './compile-options.js';
import { parseStrict } from '../templates/strict-params.js';
import type { TemplateRenderer } from './dockerfile.js';
import { builtinRenderer, tidy } from './precompiled.js';

export { BUILTIN_TEMPLATES, COMPILE_OPTIONS };
export { precompiledRenderer, type PrecompiledTemplates } from './precompiled.js';

type Compiled = (context: unknown, options?: unknown) => string;

/** Team templates from `--templates`: relative name → source, and the folder errors name. */
export interface TemplateOverrides {
  readonly dir: string;
  readonly sources: ReadonlyMap<string, string>;
}

/**
 * Built-ins render from the templates precompiled at build time (src/render/precompiled.ts),
 * through the Handlebars runtime alone; the compiler is imported only to compile a team's
 * overrides, or templates/ when nothing precompiled matches it (runs from src/, as in tests).
 */
export async function createRenderer(overrides: TemplateOverrides | null = null): Promise<TemplateRenderer> {
  const builtins = overrides === null ? builtinRenderer() : null;
  if (builtins !== null) return builtins;
  const handlebars = (await import('handlebars')).default;
  return overrides === null ? compiledBuiltins(handlebars) : compilingRenderer(handlebars, overrides);
}

/** The last compile of templates/ and the sources it was compiled from. */
let lastBuiltins: { readonly sources: string; readonly render: TemplateRenderer } | null = null;

/**
 * templates/ compiled, reused while every file reads the same: a process that renders many
 * times from src/ (the test suite) compiles once, and an edited template is compiled afresh.
 */
function compiledBuiltins(handlebars: typeof Handlebars): TemplateRenderer {
  const sources = listTemplates().map((name) => `${name}\0${readBuiltin(name)}`).join('\0');
  if (lastBuiltins?.sources !== sources) lastBuiltins = { sources, render: compilingRenderer(handlebars, null) };
  return lastBuiltins.render;
}

/** Which template an error was thrown in: the innermost partial or template records itself first. */
const blamed = new WeakMap<object, TemplateOrigin>();

/**
 * `team`: a template from --templates, whose output is also checked for what only a template
 * written for an older plan shape prints (STALE_OUTPUT); the innermost such template is blamed.
 */
function guard(template: Compiled, origin: TemplateOrigin, name: string, team: boolean): Compiled {
  return (context, options) => {
    let output: string;
    try {
      output = template(context, options);
    } catch (error) {
      if (typeof error === 'object' && error !== null && !blamed.has(error)) blamed.set(error, origin);
      throw error;
    }
    const at = team ? output.indexOf(STALE_OUTPUT) : -1;
    if (at >= 0) {
      const start = output.lastIndexOf('\n', at) + 1;
      const end = output.indexOf('\n', at);
      const stale = new StaleTemplateError(name, output.slice(start, end < 0 ? undefined : end));
      blamed.set(stale, origin);
      throw stale;
    }
    return output;
  };
}

function compilingRenderer(handlebars: typeof Handlebars, overrides: TemplateOverrides | null): TemplateRenderer {
  const hb = handlebars.create();
  const origins = new Map<string, TemplateOrigin>();
  for (const name of listTemplates()) origins.set(name, { file: `templates/${name}`, source: readBuiltin(name) });
  for (const [name, source] of overrides?.sources ?? []) {
    const origin = { file: `${overrides?.dir}/${name}`, source };
    // Syntax errors surface now, naming the file, rather than at first use.
    try {
      hb.precompile(source, COMPILE_OPTIONS);
    } catch (error) {
      throw templateError(origin, error);
    }
    origins.set(name, origin);
  }
  const templates = new Map<string, Compiled>();
  for (const [name, origin] of origins) {
    const template = guard(hb.compile(parseStrict(hb, origin.source), COMPILE_OPTIONS) as Compiled, origin, name, overrides?.sources.has(name) === true);
    const partial = partialName(name);
    if (partial === null) templates.set(name, template);
    else hb.registerPartial(partial, template as Handlebars.Template);
  }
  return (name, data) => {
    const template = templates.get(name);
    if (template === undefined) throw new Error(`template not found: ${name}`);
    try {
      return tidy(template(data));
    } catch (error) {
      const origin = typeof error === 'object' && error !== null ? blamed.get(error) : undefined;
      // A built-in that breaks without overrides is our bug: it keeps its stack trace for --debug.
      if (overrides === null || origin === undefined) throw error;
      throw templateError(origin, error);
    }
  };
}
