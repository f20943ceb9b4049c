import type { Evidence, Project } from '../../types.js';
import { appFolder, configNames, readConfig, stringSetting } from './frameworks/config.js';
import { readTsconfigOutDir } from './tsconfig.js';
import { expandedScript, hasDependency, readPackageJson } from './package-json.js';

/**
 * A build script that builds a front end kept in a sub-folder with its own package.json:
 * `npm run build --prefix frontend`, `yarn --cwd client build`, `pnpm -C web build`,
 * `cd client && npm install && npm run build`.
 */
const SUB_BUILD = [
  /\bnpm\s+(?:run(?:-script)?\s+)?build\b[^&;|]*?--prefix[\s=]+([\w@.+/-]+)/,
  /\bnpm\s+--prefix[\s=]+([\w@.+/-]+)\s+(?:run(?:-script)?\s+)?build\b/,
  /\byarn\s+--cwd[\s=]+([\w@.+/-]+)\s+(?:run\s+)?build\b/,
  /\bpnpm\s+(?:-C|--dir)[\s=]+([\w@.+/-]+)\s+(?:run\s+)?build\b/,
  /\bcd\s+([\w@.+/-]+)\s*&&[^;|]*?\b(?:npm|yarn|pnpm|bun)\s+(?:run\s+)?build\b/,
];

/**
 * The output folder of that sub-folder's build, as its tool writes it: Create React App's build/,
 * Vite's build.outDir (default dist), tsconfig's outDir, else dist. Prefixed with the sub-folder.
 */
export async function subFolderBuildOutput(project: Project, pkg: Parameters<typeof expandedScript>[0], at: (f: string) => string, evidence: Evidence[]): Promise<string | null> {
  const script = expandedScript(pkg, 'build') ?? '';
  const dir = SUB_BUILD.map((re) => appFolder(re.exec(script)?.[1] ?? null)).find((d) => d !== null && d !== undefined) ?? null;
  if (dir === null) return null;
  const sub = await readPackageJson(project, at(dir)).catch(() => null);
  if (sub === null) return null;
  const inSub = (f: string): string => at(`${dir}/${f}`);
  let out = 'dist';
  let why = 'its build writes dist/ (assumed)';
  if (hasDependency(sub, 'react-scripts')) [out, why] = ['build', 'Create React App writes build/'];
  else if (hasDependency(sub, 'vite')) {
    const config = await readConfig(project, inSub, configNames('vite.config'));
    out = appFolder(stringSetting(config, 'outDir')) ?? 'dist';
    why = `Vite writes ${out}/`;
  } else {
    const tsOut = await readTsconfigOutDir(project, inSub('tsconfig.json'));
    if (tsOut !== null) [out, why] = [tsOut, `compilerOptions.outDir is ${tsOut}`];
  }
  evidence.push({ file: at('package.json'), reason: `the build script builds ${dir}/ (${why}): build output in ${dir}/${out}/` });
  return `${dir}/${out}`;
}
