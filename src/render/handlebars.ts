import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type Handlebars from 'handlebars';
import { BUILTIN_TEMPLATES, listTemplates, partialName, readBuiltin, templatesDigest } from '../templates/builtin.js';
import { templateError, type TemplateOrigin } from '../templates/errors.js';
import { COMPILE_OPTIONS } from './compile-options.js';
import type { TemplateRenderer } from './dockerfile.js';

export { BUILTIN_TEMPLATES, COMPILE_OPTIONS };

type Hb = typeof Handlebars;
type Compiled = (context: unknown, options?: unknown) => string;


/**
 * Written by scripts/build.mjs next to the bundled chunks (dist/); relative to this module on
 * purpose, so running from src/ (tests) finds none and compiles.
 */
const PRECOMPILED = fileURLToPath(new URL('./templates.precompiled.cjs', import.meta.url));

const nodeRequire = createRequire(import.meta.url);

/** Team templates from `--templates`: relative name → source, and the folder errors name. */
export interface TemplateOverrides {
  readonly dir: string;
  readonly sources: ReadonlyMap<string, string>;
}

/** Precompiled specs by relative template name, as the build script writes them. */
export type PrecompiledTemplates = Readonly<Record<string, unknown>>;

const tidy = (text: string): string => text.replace(/\n{3,}/g, '\n\n');

/**
 * Built-ins render from templates precompiled at build time through the small Handlebars
 * runtime: the compiler (and source-map, which it pulls in) costs ~150 ms of start-up. The full
 * compiler loads only for a team's overrides, or when running from src/ (tests).
 */
export function createRenderer(overrides: TemplateOverrides | null = null): TemplateRenderer {
  if (overrides === null && existsSync(PRECOMPILED)) {
    const built = nodeRequire(PRECOMPILED) as { digest: string; templates: PrecompiledTemplates };
    if (built.digest === templatesDigest()) return precompiledRenderer(built.templates);
  }
  return compilingRenderer(overrides);
}

/** One isolated runtime instance per renderer, so partials never leak between renderers. */
export function precompiledRenderer(specs: PrecompiledTemplates): TemplateRenderer {
  // The single-file runtime build loads several times faster than handlebars/runtime's 20 modules.
  const hb = (nodeRequire('handlebars/dist/handlebars.runtime.min.js') as Hb).create();
  const templates = new Map<string, Compiled>();
  for (const [name, spec] of Object.entries(specs)) {
    const template = hb.template(spec as Parameters<Hb["template"]>[0]) as Compiled;
    const partial = partialName(name);
    if (partial === null) templates.set(name, template);
    else hb.registerPartial(partial, template);
  }
  return (name, data) => {
    const template = templates.get(name);
    if (template === undefined) throw new Error(`template not found: ${name}`);
    return tidy(template(data));
  };
}

/** Which template an error was thrown in: the innermost partial or template records itself first. */
const blamed = new WeakMap<object, TemplateOrigin>();

function guard(template: Compiled, origin: TemplateOrigin): Compiled {
  return (context, options) => {
    try {
      return template(context, options);
    } catch (error) {
      if (typeof error === 'object' && error !== null && !blamed.has(error)) blamed.set(error, origin);
      throw error;
    }
  };
}

function compilingRenderer(overrides: TemplateOverrides | null): TemplateRenderer {
  const hb = (nodeRequire('handlebars') as Hb).create();
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
    const template = guard(hb.compile(origin.source, COMPILE_OPTIONS) as Compiled, origin);
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
