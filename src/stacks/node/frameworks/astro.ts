import { hasDependency } from '../package-json.js';
import { appFolder, configNames, importsModule, readConfig, stringSetting } from './config.js';
import type { FrameworkRule } from './types.js';

const HOSTED_ADAPTERS = ['@astrojs/vercel', '@astrojs/netlify', '@astrojs/cloudflare'];

/**
 * Astro builds a static site into `outDir` (default dist) unless an adapter makes it a server;
 * @astrojs/node in standalone mode writes `<outDir>/server/entry.mjs`, which listens on 4321 and
 * on localhost unless HOST is set (Astro docs, @astrojs/node).
 */
export const astro: FrameworkRule = async ({ project, pkg, at, evidence }) => {
  if (!hasDependency(pkg, 'astro')) return null;
  const config = await readConfig(project, at, configNames('astro.config'));
  const file = at(config?.file ?? 'package.json');
  const outDir = appFolder(stringSetting(config, 'outDir')) ?? 'dist';
  if (importsModule(config, '@astrojs/node')) {
    if (stringSetting(config, 'mode') === 'middleware') {
      return {
        kind: 'refuse',
        framework: 'astro',
        message: `${file} uses @astrojs/node in middleware mode, which builds a handler for your own server, not a server: set  mode: 'standalone'  in the adapter options, or pass --cmd with the command that starts your server`,
      };
    }
    evidence.push({ file, reason: `Astro with @astrojs/node: server at ${outDir}/server/entry.mjs, port 4321` });
    return { kind: 'server', framework: 'astro', command: ['node', `${outDir}/server/entry.mjs`], env: { HOST: '0.0.0.0' }, port: 4321, outputDir: outDir, selfContained: false, binPackage: null };
  }
  const hosted = HOSTED_ADAPTERS.find((adapter) => importsModule(config, adapter));
  if (hosted !== undefined) {
    return {
      kind: 'refuse',
      framework: 'astro',
      message: `${file} builds for ${hosted}, a hosting platform's adapter that no container can run: install @astrojs/node (npx astro add node) for a server, or remove the adapter for a static site, or pass --cmd`,
    };
  }
  evidence.push({ file, reason: `Astro static site, built into ${outDir}/` });
  return { kind: 'static', framework: 'astro', site: { outDir, spa: false, immutableLocation: '^~ /_astro/' } };
};
