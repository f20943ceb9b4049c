import { hasDependency } from '../package-json.js';
import type { FrameworkRule } from './types.js';

const NITRO_FRAMEWORKS = [
  ['nuxt', 'nuxt'],
  ['@tanstack/react-start', 'tanstack-start'],
  ['@tanstack/solid-start', 'tanstack-start'],
  ['@tanstack/start', 'tanstack-start'],
] as const;

/**
 * Nuxt and TanStack Start build with Nitro: `.output/server/index.mjs` is a server that carries
 * its own node_modules (the image needs nothing else) and listens on PORT, 3000 by default.
 * `nuxt generate` prerenders a static site into `.output/public` instead.
 */
export const nitro: FrameworkRule = async ({ pkg, at, evidence }) => {
  const found = NITRO_FRAMEWORKS.find(([dep]) => hasDependency(pkg, dep));
  if (found === undefined) return null;
  const [, framework] = found;
  if (/\bnux[ti]\s+generate\b/.test(pkg.scripts.build ?? '')) {
    evidence.push({ file: at('package.json'), reason: 'nuxt generate: a static site in .output/public' });
    return { kind: 'static', framework, site: { outDir: '.output/public', spa: false, immutableLocation: '^~ /_nuxt/' } };
  }
  evidence.push({ file: at('package.json'), reason: `${framework} (Nitro): server at .output/server/index.mjs` });
  return {
    kind: 'server',
    framework,
    command: ['node', '.output/server/index.mjs'],
    // Nitro reads NITRO_HOST/HOST; set explicitly so a HOST from elsewhere cannot make it listen on localhost only.
    env: { HOST: '0.0.0.0' },
    port: 3000,
    outputDir: '.output',
    selfContained: true,
    binPackage: null,
  };
};
