import type { Project } from '../types.js';

/**
 * The view of one member's folder inside the workspace root's Project: a stack that only knows
 * how to read an app at the root reads the member as if it were one. Reads stay inside the
 * workspace (the root Project enforces it); paths in errors name the member's folder.
 */
export function scopedProject(project: Project, dir: string): Project {
  const at = (rel: string): string => (rel === '' || rel === '.' ? dir : `${dir}/${rel.replace(/^\.\//, '')}`);
  const depth = dir.split('/').length;
  return {
    root: `${project.root}/${dir}`,
    exists: (rel) => project.exists(at(rel)),
    isDir: (rel) => project.isDir(at(rel)),
    readText: (rel) => project.readText(at(rel)),
    readJson: (rel) => project.readJson(at(rel)),
    list: (rel) => project.list(at(rel)),
    async glob(patterns, options) {
      const list = typeof patterns === 'string' ? [patterns] : [...patterns];
      const found = await project.glob(list.map(at), { deep: (options?.deep ?? 4) + depth });
      return found.map((f) => f.slice(dir.length + 1));
    },
  };
}
