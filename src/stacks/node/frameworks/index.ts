import { angular } from './angular.js';
import { astro } from './astro.js';
import { fastifyCli, nest } from './cli-servers.js';
import { nitro } from './nitro.js';
import { reactRouter } from './react-router.js';
import { createReactApp, viteSpa } from './static-sites.js';
import { sveltekit } from './sveltekit.js';
import type { AppShape, FrameworkInput, FrameworkRule } from './types.js';

export type { AppShape, StaticSite } from './types.js';

/**
 * Most specific first: the meta-frameworks all build with Vite, so the plain Vite rule comes last;
 * the first rule that recognises the app decides.
 */
const RULES: readonly FrameworkRule[] = [sveltekit, astro, nitro, reactRouter, angular, nest, fastifyCli, createReactApp, viteSpa];

export async function frameworkShape(input: FrameworkInput): Promise<AppShape | null> {
  for (const rule of RULES) {
    const shape = await rule(input);
    if (shape !== null) return shape;
  }
  return null;
}
