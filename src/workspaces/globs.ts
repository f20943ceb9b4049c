import type { Project } from '../types.js';

/** A workspace pattern (`apps/*`, `packages/**`, `./services/api/`) as a plain relative glob, or null when unsafe. */
export function cleanPattern(raw: string): string | null {
  const pattern = raw.trim().replace(/^\.\//, '').replace(/\/+$/, '');
  if (pattern === '' || pattern === '.' || pattern.startsWith('/') || pattern.split('/').includes('..')) return null;
  return /^[\w@.*?{},\/+-]+$/.test(pattern) ? pattern : null;
}

/** Deepest folder a pattern can reach: `apps/*` is 2 (for apps/x/package.json), `**` is bounded. */
function depthOf(pattern: string): number {
  return pattern.includes('**') ? 5 : pattern.split('/').length + 1;
}

/**
 * Member folders for a list of patterns (`!pattern` excludes), found through the manifest each
 * member must hold. Shallow by construction; the Project never enters node_modules and the like.
 */
export async function expandMembers(project: Project, patterns: readonly string[], manifest: string): Promise<string[]> {
  const include = patterns.filter((p) => !p.trim().startsWith('!')).map(cleanPattern).filter((p): p is string => p !== null);
  const exclude = patterns.filter((p) => p.trim().startsWith('!')).map((p) => cleanPattern(p.trim().slice(1))).filter((p): p is string => p !== null);
  if (include.length === 0) return [];
  const deep = Math.max(...include.map(depthOf));
  const found = await project.glob(include.map((p) => `${p}/${manifest}`), { deep });
  const excluded = exclude.length === 0 ? new Set<string>() : new Set(await project.glob(exclude.map((p) => `${p}/${manifest}`), { deep }));
  const dirs = found.filter((f) => !excluded.has(f)).map((f) => f.slice(0, -(manifest.length + 1))).filter((d) => d !== '');
  return [...new Set(dirs)].sort();
}
