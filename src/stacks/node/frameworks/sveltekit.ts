import { hasDependency } from '../package-json.js';
import { appFolder, configNames, importsModule, readConfig, stringSetting } from './config.js';
import type { FrameworkRule } from './types.js';

/**
 * SvelteKit's adapter decides what the build is: adapter-node writes a server to `out` (default
 * build; it listens on HOST 0.0.0.0 and PORT 3000 by default), adapter-static writes pages to
 * `pages` (default build), a single-page app when `fallback` names a page.
 */
export const sveltekit: FrameworkRule = async ({ project, pkg, at, evidence }) => {
  if (!hasDependency(pkg, '@sveltejs/kit')) return null;
  // The adapter is set in svelte.config.js, or (newer `sv create` templates) in the sveltekit() Vite plugin's options.
  const config = (await readConfig(project, at, ['svelte.config.js', 'svelte.config.mjs', 'svelte.config.ts'])) ?? (await readConfig(project, at, configNames('vite.config')));
  const file = at(config?.file ?? 'svelte.config.js');
  if (importsModule(config, '@sveltejs/adapter-node')) {
    const out = appFolder(stringSetting(config, 'out')) ?? 'build';
    evidence.push({ file, reason: `SvelteKit with adapter-node: server in ${out}/` });
    return { kind: 'server', framework: 'sveltekit', command: ['node', out], env: {}, port: 3000, outputDir: out, selfContained: false, binPackage: null };
  }
  if (importsModule(config, '@sveltejs/adapter-static')) {
    const pages = appFolder(stringSetting(config, 'pages')) ?? 'build';
    const fallback = stringSetting(config, 'fallback');
    evidence.push({ file, reason: `SvelteKit with adapter-static: pages in ${pages}/${fallback === null ? '' : `, fallback ${fallback}`}` });
    return { kind: 'static', framework: 'sveltekit', site: { outDir: pages, spa: fallback !== null, immutableLocation: '^~ /_app/immutable/' } };
  }
  const adapter = /['"](@sveltejs\/adapter-[\w-]+|svelte-adapter-[\w-]+)['"]/.exec(config?.text ?? '')?.[1] ?? 'no adapter we can see';
  return {
    kind: 'refuse',
    framework: 'sveltekit',
    message:
      `${file} uses ${adapter}, which builds for a hosting platform, not a server a container can run: ` +
      `install @sveltejs/adapter-node (npm i -D @sveltejs/adapter-node) and use it in ${file}, or @sveltejs/adapter-static for a static site, or pass --cmd`,
  };
};
