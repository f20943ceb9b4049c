import { lstatSync, readFileSync } from 'node:fs';
import { dirname, relative, sep } from 'node:path';
import { MAX_MANIFEST_BYTES } from '../project.js';

/**
 * Run inside an app folder of a monorepo, the tool looks upward for the workspace root. Only the
 * few manifests that declare a workspace are read, and the walk stops at a `.git` folder (the top
 * of the repository) or at the filesystem root.
 */
// Absent files are the common answer here: lstat says so without throwing.
function small(file: string): string | null {
  try {
    const info = lstatSync(file, { throwIfNoEntry: false });
    return info !== undefined && info.isFile() && info.size <= MAX_MANIFEST_BYTES ? readFileSync(file, 'utf8') : null;
  } catch {
    return null;
  }
}

function exists(file: string): boolean {
  try {
    return lstatSync(file, { throwIfNoEntry: false }) !== undefined;
  } catch {
    return false;
  }
}

/**
 * A file in `dir`, a folder path as dirname() gives it (absolute, normalized), so a concatenation
 * is already normalized.
 */
function join(dir: string, name: string): string {
  return dir.endsWith(sep) ? `${dir}${name}` : `${dir}${sep}${name}`;
}

export async function declaresWorkspace(dir: string): Promise<boolean> {
  if (exists(join(dir, 'pnpm-workspace.yaml'))) return true;
  if (exists(join(dir, 'go.work'))) return true;
  const pkg = small(join(dir, 'package.json'));
  if (pkg !== null) {
    try {
      const json = JSON.parse(pkg) as { workspaces?: unknown };
      if (json.workspaces !== undefined && json.workspaces !== null) return true;
    } catch {
      // A broken package.json above the app is not ours to report here; detection reports its own.
    }
  }
  const pyproject = small(join(dir, 'pyproject.toml'));
  return pyproject !== null && /^\s*\[tool\.uv\.workspace\]/m.test(pyproject);
}

/** The workspace root above `start` and the path of `start` inside it, or null when `start` is in none. */
export async function findWorkspaceAbove(start: string): Promise<{ root: string; rel: string } | null> {
  if (exists(join(start, '.git'))) return null;
  let dir = start;
  for (;;) {
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
    if (await declaresWorkspace(dir)) return { root: dir, rel: relative(dir, start).split(sep).join('/') };
    if (exists(join(dir, '.git'))) return null;
  }
}
