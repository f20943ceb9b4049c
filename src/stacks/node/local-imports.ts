import { posix } from 'node:path';
import type { Project } from '../../types.js';

/** `import … from './x'`, `import './x'`, `require('./x')`, `import('./x')`: relative specifiers only. */
const RELATIVE = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g;
const EXTENSIONS = ['', '.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '.json', '/index.ts', '/index.js'];
const MAX_FILES = 20;

async function resolveFile(project: Project, from: string, spec: string): Promise<string | null> {
  const base = posix.normalize(posix.join(posix.dirname(from), spec));
  if (base.startsWith('..')) return null;
  for (const ext of EXTENSIONS) {
    const candidate = `${base}${ext}`;
    if ((await project.exists(candidate)) && !(await project.isDir(candidate))) return candidate;
  }
  return null;
}

/**
 * Repo files a config file loads at run time (`next.config.ts` importing `./src/env.js`), followed
 * through the files they import in turn: the image must carry them next to the config.
 */
export async function localImports(project: Project, file: string): Promise<string[]> {
  const found: string[] = [];
  const queue = [file];
  while (queue.length > 0 && found.length < MAX_FILES) {
    const current = queue.shift() as string;
    const text = await project.readText(current).catch(() => null);
    if (text === null) continue;
    for (const match of text.matchAll(RELATIVE)) {
      const target = await resolveFile(project, current, match[1] as string);
      if (target !== null && target !== file && !found.includes(target)) {
        found.push(target);
        queue.push(target);
      }
    }
  }
  return found.sort();
}
