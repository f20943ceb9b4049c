import type { Evidence } from '../types.js';

/** Which tool owns the workspace: the member list and the install commands come from it. */
export type WorkspaceKind = 'npm' | 'yarn' | 'pnpm' | 'bun' | 'go' | 'uv';

/** A build orchestrator found next to a JS workspace (it changes how the image prunes and builds). */
export type WorkspaceTool = 'turbo' | 'nx' | null;

export interface WorkspaceMember {
  /** Folder relative to the workspace root, POSIX, never '' (the root is not a member here). */
  readonly dir: string;
  /** Package name (package.json `name`, pyproject `[project] name`, Go module path), or null. */
  readonly name: string | null;
  /** Names of other members this one depends on (dependencies, `workspace:` protocol, uv sources). */
  readonly internalDeps: readonly string[];
  /** Why it can be deployed (a start script, a Next.js app, a main package…), or null for a library. */
  readonly deployable: string | null;
}

export interface Workspace {
  readonly kind: WorkspaceKind;
  readonly tool: WorkspaceTool;
  /** Language of every member: decides which stacks are asked about the chosen member. */
  readonly ecosystem: 'node' | 'go' | 'python';
  readonly members: readonly WorkspaceMember[];
  readonly evidence: readonly Evidence[];
  /**
   * Why the workspace root is itself the app (uv: a root `[project]` is a workspace member and
   * the other members are usually its libraries), or null/absent when only members deploy.
   */
  readonly rootApp?: string | null;
}
