import type { Project } from '../../types.js';

/** tsconfig.json is JSONC: comments and trailing commas are allowed, so strip them before parsing. */
function parseJsonc(text: string): unknown {
  const noComments = text.replace(/("(?:\\.|[^"\\])*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (_m, str: string | undefined) => str ?? '');
  return JSON.parse(noComments.replace(/,(\s*[}\]])/g, '$1'));
}

/** compilerOptions.outDir, or null when absent or unreadable (an optional signal: never fatal). */
export async function readTsconfigOutDir(project: Project, file: string): Promise<string | null> {
  const text = await project.readText(file).catch(() => null);
  if (text === null) return null;
  try {
    const json = parseJsonc(text) as { compilerOptions?: { outDir?: unknown } };
    const outDir = json.compilerOptions?.outDir;
    if (typeof outDir !== 'string') return null;
    const clean = outDir.replace(/^\.\//, '').replace(/\/$/, '');
    return /^[\w.-]+(\/[\w.-]+)*$/.test(clean) && !clean.startsWith('..') ? clean : null;
  } catch {
    return null;
  }
}
