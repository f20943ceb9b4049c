import type { Project } from '../types.js';
import { detectGoWorkspace } from './go.js';
import { detectNodeWorkspace } from './node.js';
import type { Workspace, WorkspaceMember } from './types.js';
import { detectUvWorkspace } from './uv.js';

/**
 * The workspace rooted at the project root, or null. Order: JS manifests, then go.work, then uv;
 * a repo that is several at once (rare) is treated as the first.
 */
export async function detectWorkspace(project: Project): Promise<Workspace | null> {
  for (const detect of [detectNodeWorkspace, detectGoWorkspace, detectUvWorkspace]) {
    const ws = await detect(project);
    if (ws !== null && ws.members.length > 0) return ws;
  }
  return null;
}

/** Internal dependencies of a member, dependencies first (a library before what imports it). */
export function dependencyClosure(ws: Workspace, member: WorkspaceMember): WorkspaceMember[] {
  const byName = new Map(ws.members.filter((m) => m.name !== null).map((m) => [m.name as string, m]));
  const ordered: WorkspaceMember[] = [];
  const visiting = new Set<string>();
  const visit = (m: WorkspaceMember): void => {
    if (ordered.includes(m) || visiting.has(m.dir)) return; // a cycle is npm's problem, not a hang
    visiting.add(m.dir);
    for (const dep of m.internalDeps) {
      const found = byName.get(dep) ?? ws.members.find((x) => x.name !== null && normalise(x.name) === normalise(dep));
      if (found !== undefined) visit(found);
    }
    ordered.push(m);
  };
  visit(member);
  return ordered.filter((m) => m !== member);
}

function normalise(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** A member named by folder (`apps/web`, `./apps/web/`) or by package name (`@acme/web`). */
export function findMember(ws: Workspace, given: string): WorkspaceMember | undefined {
  const dir = given.trim().replace(/^\.\//, '').replace(/\/+$/, '');
  return ws.members.find((m) => m.dir === dir) ?? ws.members.find((m) => m.name === given.trim());
}
