import { hasDependency } from '../package-json.js';
import { appFolder, booleanSetting, configNames, readConfig, stringSetting } from './config.js';
import { binPath } from './script.js';
import type { FrameworkInput, FrameworkRule } from './types.js';

/**
 * Framework mode's package, its serve package and binary, newest first. `builtInEntryLingers`:
 * the server entry the framework uses when the app has none leaves its abort timer running
 * (Remix 2's does; React Router 7's clears it); `reveal` writes that entry into the app.
 */
const FLAVOURS = [
  { dev: '@react-router/dev', serve: '@react-router/serve', bin: 'react-router-serve', id: 'react-router', builtInEntryLingers: false, reveal: 'npx react-router reveal entry.server' },
  { dev: '@remix-run/dev', serve: '@remix-run/serve', bin: 'remix-serve', id: 'remix', builtInEntryLingers: true, reveal: 'npx remix reveal entry.server' },
] as const;

const ENTRY_SERVER = ['entry.server.tsx', 'entry.server.jsx', 'entry.server.ts', 'entry.server.js'];

/**
 * The server entry renders each request with an abort timer (`setTimeout(abort, …)`). One that is
 * never cleared keeps Node.js alive after the server closes on SIGTERM, so `docker stop` waits up
 * to the abort delay (5 s) after the last request, health checks included. Remix 2's built-in entry
 * never clears it; React Router 7's clears it when the stream ends; an app's own entry is read.
 */
async function lingeringAbortTimer(input: FrameworkInput, flavour: (typeof FLAVOURS)[number], appDir: string): Promise<{ file: string; entry: string; builtIn: boolean } | null> {
  for (const name of ENTRY_SERVER) {
    const file = input.at(`${appDir}/${name}`);
    const text = await input.project.readText(file);
    if (text === null) continue;
    return /setTimeout\(\s*(\(\)\s*=>\s*)?abort/.test(text) && !/clearTimeout\(|\.unref\(\)/.test(text) ? { file, entry: file, builtIn: false } : null;
  }
  return flavour.builtInEntryLingers ? { file: input.at('package.json'), entry: `the built-in one of ${flavour.dev}`, builtIn: true } : null;
}

/**
 * React Router 7 framework mode and Remix build a server bundle that `react-router-serve` /
 * `remix-serve` runs (`build/server/index.js`; `build/index.js` for the classic Remix compiler).
 * With `ssr: false` React Router builds a single-page app into `<buildDirectory>/client`.
 */
export const reactRouter: FrameworkRule = async (input) => {
  const { project, pkg, script, at, evidence } = input;
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
  const timer = await lingeringAbortTimer(input, flavour, appFolder(stringSetting(config, 'appDirectory')) ?? 'app');
  if (timer !== null) evidence.push({ file: timer.file, reason: `the server entry (${timer.entry}) never clears its per-request abort timer` });
  const notes = timer === null ? [] : [
    `docker stop can take up to 5 s: the server entry (${timer.entry}) starts an abort timer for every request and never clears it, so after SIGTERM ${flavour.bin} closes its server but Node.js exits only when the last timer fires. ` +
      `Clear it when the render ends (clearTimeout in the stream's final callback, as React Router 7's entry does)${timer.builtIn ? `, after  ${flavour.reveal}  writes the entry into the app` : ''}.`,
  ];
  return {
    kind: 'server',
    framework: flavour.id,
    command: [binPath(flavour.bin), ...(words ?? [entry])],
    env: {},
    port: 3000,
    outputDir: output,
    selfContained: false,
    binPackage: flavour.serve,
    notes,
  };
};
