import type { Evidence, Project } from '../../types.js';
import type { PackageJson } from './package-json.js';
import { entryFile, type StartFacts } from './start.js';

/** A script that runs `bun` or `bunx` as a command (not a word inside another command's arguments). */
const CALLS_BUN = /(^|[;&|(]\s*|^\s*[A-Z_]+=\S*\s+)bunx?\s/;

/** Code that only Bun runs: the `Bun` global or `bun:` / `bun` modules. */
const BUN_CODE = /\bBun\.(serve|file|write|spawn|env|argv|password|sql|s3)\b|from\s+['"]bun(:[\w-]+)?['"]|require\(\s*['"]bun(:[\w-]+)?['"]\s*\)/;

/**
 * Whether the app runs on Bun rather than Node.js. A bun lockfile alone says only that Bun
 * installs: when the scripts run `node`, the runtime stays Node.js. Bun runs the app when a
 * script calls `bun`, when the code it starts uses Bun's own APIs, or when `module` is a
 * TypeScript entry and no start script says otherwise (the layout `bun init` writes).
 */
export async function runsOnBun(project: Project, pkg: PackageJson, start: StartFacts, evidence: Evidence[], at: (f: string) => string): Promise<boolean> {
  for (const name of ['start', 'dev', 'build']) {
    const script = pkg.scripts[name];
    if (script !== undefined && CALLS_BUN.test(script)) {
      evidence.push({ file: at('package.json'), reason: `the ${name} script runs bun: Bun is the runtime` });
      return true;
    }
  }
  const module = (await project.readJson(at('package.json')).catch(() => null)) as { module?: unknown } | null;
  const moduleEntry = typeof module?.module === 'string' ? module.module.replace(/^\.\//, '') : null;
  const files = new Set<string>([entryFile(start.command) ?? '', moduleEntry ?? '', 'index.ts', 'src/index.ts', 'server.ts', 'src/server.ts'].filter((f) => f !== ''));
  for (const file of files) {
    const text = await project.readText(at(file)).catch(() => null);
    if (text !== null && BUN_CODE.test(text)) {
      evidence.push({ file: at(file), reason: "uses Bun's own APIs: Bun is the runtime" });
      return true;
    }
  }
  if (moduleEntry !== null && /\.tsx?$/.test(moduleEntry) && pkg.scripts.start === undefined) {
    evidence.push({ file: at('package.json'), reason: `module is ${moduleEntry} and there is no start script (bun init layout): Bun runs it` });
    return true;
  }
  return false;
}
