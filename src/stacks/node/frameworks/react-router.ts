import { hasDependency } from '../package-json.js';
import { appFolder, booleanSetting, configNames, readConfig, stringSetting } from './config.js';
import { binPath } from './script.js';
import type { FrameworkRule } from './types.js';

/** Framework mode's package, its serve package and binary, newest first. */
const FLAVOURS = [
  { dev: '@react-router/dev', serve: '@react-router/serve', bin: 'react-router-serve', id: 'react-router' },
  { dev: '@remix-run/dev', serve: '@remix-run/serve', bin: 'remix-serve', id: 'remix' },
] as const;

/**
 * React Router 7 framework mode and Remix build a server bundle that `react-router-serve` /
 * `remix-serve` runs (`build/server/index.js`; `build/index.js` for the classic Remix compiler).
 * With `ssr: false` React Router builds a single-page app into `<buildDirectory>/client`.
 */
export const reactRouter: FrameworkRule = async ({ project, pkg, script, at, evidence }) => {
  const flavour = FLAVOURS.find((f) => hasDependency(pkg, f.dev) || hasDependency(pkg, f.serve));
  if (flavour === undefined) return null;
  const config = flavour.id === 'react-router' ? await readConfig(project, at, configNames('react-router.config')) : null;
  const buildDir = appFolder(stringSetting(config, 'buildDirectory')) ?? 'build';
  if (booleanSetting(config, 'ssr') === false) {
    evidence.push({ file: at(config?.file ?? 'react-router.config.ts'), reason: `ssr: false: a single-page app in ${buildDir}/client` });
    return { kind: 'static', framework: flavour.id, site: { outDir: `${buildDir}/client`, spa: true, immutableLocation: '^~ /assets/' } };
  }
  // The start script names the server bundle when it runs the serve binary; else the framework's layout.
  const words = script?.kind === 'simple' && script.words[0] === flavour.bin ? script.words.slice(1) : null;
  const classic = flavour.id === 'remix' && (await project.exists(at('remix.config.js')));
  const entry = words?.find((w) => !w.startsWith('-')) ?? (classic ? `${buildDir}/index.js` : `${buildDir}/server/index.js`);
  const output = appFolder(entry)?.split('/')[0] ?? buildDir;
  evidence.push({ file: at('package.json'), reason: `${flavour.id}: ${flavour.bin} runs the server build ${entry}` });
  return {
    kind: 'server',
    framework: flavour.id,
    command: [binPath(flavour.bin), ...(words ?? [entry])],
    env: {},
    port: 3000,
    outputDir: output,
    selfContained: false,
    binPackage: flavour.serve,
  };
};
