import { expandedScript, hasDependency } from '../package-json.js';
import { appFolder, configNames, readConfig, stringSetting } from './config.js';
import type { FrameworkRule } from './types.js';

/** Create React App builds into build/, hashed files under build/static/ (react-scripts docs). */
export const createReactApp: FrameworkRule = async ({ pkg, at, evidence }) => {
  if (!hasDependency(pkg, 'react-scripts')) return null;
  evidence.push({ file: at('package.json'), reason: 'react-scripts (Create React App): a static site built into build/' });
  return { kind: 'static', framework: 'create-react-app', site: { outDir: 'build', spa: true, immutableLocation: '^~ /static/' } };
};

/**
 * A Vite app with no server framework on top is a single-page app: `vite build` writes
 * `build.outDir` (default dist) with hashed files in `build.assetsDir` (default assets).
 * `vite-ssg build` (and vite-react-ssg) pre-renders the routes into the same folder.
 */
export const viteSpa: FrameworkRule = async ({ project, pkg, at, evidence }) => {
  if (!hasDependency(pkg, 'vite') || !/\bvite(?:-react)?(?:-ssg)?\s+build\b/.test(expandedScript(pkg, 'build') ?? '')) return null;
  const config = await readConfig(project, at, configNames('vite.config'));
  const outDir = appFolder(stringSetting(config, 'outDir'));
  const assetsDir = appFolder(stringSetting(config, 'assetsDir')) ?? 'assets';
  const file = at(config?.file ?? 'package.json');
  evidence.push({ file, reason: outDir === null ? 'Vite single-page app, built into dist/ (Vite default)' : `Vite single-page app, build.outDir is ${outDir}` });
  return { kind: 'static', framework: 'vite', site: { outDir: outDir ?? 'dist', spa: true, immutableLocation: `^~ /${assetsDir}/` } };
};
