import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type Handlebars from 'handlebars';
import * as handlebarsRuntime from 'handlebars/runtime';
import { builtinsMatch, partialName } from '../templates/builtin.js';
import type { TemplateRenderer } from './dockerfile.js';

type Hb = typeof Handlebars;
type Compiled = (context: unknown, options?: unknown) => string;

/** The runtime's CommonJS export, typed as the full package (its own .d.ts declares nothing). */
const runtime = (handlebarsRuntime as unknown as { default: Hb }).default;

/**
 * Written by scripts/build.mjs next to the bundled CLI (dist/templates.cjs); relative to this
 * module on purpose, so running from src/ (tests) finds none and compiles.
 */
const PRECOMPILED_FILE = fileURLToPath(new URL('./templates.cjs', import.meta.url));

/** Precompiled specs by relative template name, as the build script writes them. */
export type PrecompiledTemplates = Readonly<Record<string, unknown>>;

interface PrecompiledModule {
  readonly sources: Readonly<Record<string, string>>;
  readonly templates: PrecompiledTemplates;
}

export const tidy = (text: string): string => text.replace(/\n{3,}/g, '\n\n');

/** One isolated runtime instance per renderer, so partials never leak between renderers. */
export function precompiledRenderer(specs: PrecompiledTemplates): TemplateRenderer {
  const hb = runtime.create();
  const templates = new Map<string, Compiled>();
  for (const [name, spec] of Object.entries(specs)) {
    const template = hb.template(spec as Parameters<Hb['template']>[0]) as Compiled;
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

/**
 * The built-ins as the bundled CLI renders them, or null when nothing was precompiled or
 * templates/ no longer matches what was (a template edited, added or removed without a rebuild):
 * the caller then compiles templates/, so output is never stale.
 */
export function builtinRenderer(): TemplateRenderer | null {
  if (!existsSync(PRECOMPILED_FILE)) return null;
  const built = createRequire(import.meta.url)(PRECOMPILED_FILE) as PrecompiledModule;
  return builtinsMatch(built.sources) ? precompiledRenderer(built.templates) : null;
}
