import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Handlebars from 'handlebars';
import * as handlebarsRuntime from 'handlebars/runtime';
import { runWrapped } from '../code-cache.js';
import { builtinsMatch, partialName, PARTIALS_DIR } from '../templates/builtin.js';
import type { TemplateRenderer } from './dockerfile.js';

type Hb = typeof Handlebars;
type Compiled = (context: unknown, options?: unknown) => string;

/** The runtime's CommonJS export, typed as the full package (its own .d.ts declares nothing). */
const runtime = (handlebarsRuntime as unknown as { default: Hb }).default;

/**
 * Written by scripts/build.mjs next to the bundled chunks (dist/precompiled/<folder>.cjs); relative
 * to this module on purpose, so running from src/ (tests) finds none and compiles.
 */
const PRECOMPILED_DIR = fileURLToPath(new URL('./precompiled/', import.meta.url));

/** Precompiled specs by relative template name, as the build script writes them. */
export type PrecompiledTemplates = Readonly<Record<string, unknown>>;

interface PrecompiledFolder {
  readonly sources: Readonly<Record<string, string>>;
  readonly templates: PrecompiledTemplates;
}

export const tidy = (text: string): string => text.replace(/\n{3,}/g, '\n\n');

function register(hb: Hb, templates: Map<string, Compiled>, specs: PrecompiledTemplates): void {
  for (const [name, spec] of Object.entries(specs)) {
    const template = hb.template(spec as Parameters<Hb['template']>[0]) as Compiled;
    const partial = partialName(name);
    if (partial === null) templates.set(name, template);
    else hb.registerPartial(partial, template);
  }
}

function renderWith(templates: ReadonlyMap<string, Compiled>, name: string, data: object): string {
  const template = templates.get(name);
  if (template === undefined) throw new Error(`template not found: ${name}`);
  return tidy(template(data));
}

/** One isolated runtime instance per renderer, so partials never leak between renderers. */
export function precompiledRenderer(specs: PrecompiledTemplates): TemplateRenderer {
  const hb = runtime.create();
  const templates = new Map<string, Compiled>();
  register(hb, templates, specs);
  return (name, data) => renderWith(templates, name, data);
}

/**
 * The built-ins as the bundled CLI renders them: the partials and then each template's folder
 * load on first use (a Node.js run never reads the Go or Java templates), each checked against
 * templates/ on disk first. A folder edited without a rebuild, or a missing one, switches this
 * renderer to `compile()` for good, so output is never stale. Null when nothing was precompiled.
 */
export function builtinRenderer(compile: () => TemplateRenderer): TemplateRenderer | null {
  if (!existsSync(PRECOMPILED_DIR)) return null;
  const hb = runtime.create();
  const templates = new Map<string, Compiled>();
  const loaded = new Set<string>();
  let fallback: TemplateRenderer | null = null;
  const load = (folder: string): boolean => {
    if (loaded.has(folder)) return true;
    const file = join(PRECOMPILED_DIR, `${folder}.cjs`);
    if (!existsSync(file)) return false;
    // Through the code cache, as main.cjs is: the partials and a Node.js app's templates are in it.
    const built = runWrapped(file) as PrecompiledFolder;
    if (!builtinsMatch(folder, built.sources)) return false;
    register(hb, templates, built.templates);
    loaded.add(folder);
    return true;
  };
  return (name, data) => {
    if (fallback === null && !(load(PARTIALS_DIR) && load(name.split('/')[0] ?? ''))) fallback = compile();
    return fallback === null ? renderWith(templates, name, data) : fallback(name, data);
  };
}
