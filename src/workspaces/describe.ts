import type { Project } from '../types.js';
import { detectMemberStack } from './member.js';
import type { Workspace } from './types.js';

/** A workspace member as `--json` shows it when no member was chosen: what it is and what would ship it. */
export interface MemberSummary {
  readonly dir: string;
  readonly name: string | null;
  /** Why it can be deployed, or null for a library. */
  readonly deployable: string | null;
  /** The stack a run with `--workspace <dir>` would use, or null when none applies. */
  readonly stack: string | null;
}

/**
 * The `detection` of a run that stopped at a monorepo root before a member was chosen: the
 * workspace and each member's stack, so a script can pick the `--workspace` to pass.
 */
export async function describeWorkspace(project: Project, ws: Workspace): Promise<Record<string, unknown>> {
  const members: MemberSummary[] = [];
  for (const m of ws.members) {
    let stack: string | null = null;
    if (m.deployable !== null) {
      try {
        stack = (await detectMemberStack(project, ws, m, null))?.stack.id ?? null;
      } catch {
        // A member that would itself end in an error (a Go member without a main package) ships nothing.
      }
    }
    members.push({ dir: m.dir, name: m.name, deployable: m.deployable, stack });
  }
  return { stack: null, workspace: { kind: ws.kind, tool: ws.tool, members }, evidence: ws.evidence };
}
