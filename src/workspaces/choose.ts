import { missingFlag, usageError } from '../errors.js';
import { createProject } from '../project.js';
import type { AskChoice } from '../resolve.js';
import { SETTINGS_FILE } from '../settings.js';
import type { Choice, Project } from '../types.js';
import { detectWorkspace, findMember } from './detect.js';
import { declaresWorkspace, findWorkspaceAbove } from './locate.js';
import type { Workspace, WorkspaceMember } from './types.js';

/** Where a run reads from and writes to: the build context root and, in a monorepo, the app in it. */
export interface Target {
  /** The build context: the workspace root for a member, else the folder given. */
  readonly root: string;
  readonly project: Project;
  readonly workspace: Workspace | null;
  readonly member: WorkspaceMember | null;
  /** The app's own folder (the member's, else the root): remembered options and services are read there. */
  readonly appProject: Project;
}

function describe(m: WorkspaceMember): string {
  return `${m.dir}${m.name === null || m.name === m.dir ? '' : ` (${m.name})`}`;
}

export function workspaceChoice(ws: Workspace): Choice {
  const deployable = ws.members.filter((m) => m.deployable !== null);
  return {
    key: 'workspace',
    flag: '--workspace',
    message: `Workspace member to containerise (${deployable.map((m) => m.dir).join(', ')})`,
    options: deployable.map((m) => ({ value: m.dir, label: `${describe(m)}: ${m.deployable}` })),
    defaultValue: deployable.length === 1 ? (deployable[0] as WorkspaceMember).dir : null,
    defaultReason: 'the only deployable member',
  };
}

/** Deployable members with remembered options of their own: the ones a run containerised before. */
async function rememberedMembers(ws: Workspace, project: Project): Promise<WorkspaceMember[]> {
  const deployable = ws.members.filter((m) => m.deployable !== null);
  const found = await Promise.all(deployable.map((m) => project.exists(`${m.dir}/${SETTINGS_FILE}`)));
  return deployable.filter((_, i) => found[i] === true);
}

/**
 * The member, in order: `--workspace`, the folder the tool was pointed at, the one member chosen
 * before (offered as the default in the wizard), the root when it is itself the app (uv), the only
 * deployable member, the wizard. Several deployable members and no prompt → exit 2 naming --workspace:
 * guessing which app a person meant to ship is worse than asking. At the root of a go.work no
 * member is forced: the Go stack's own --main choice covers the workspace's main packages.
 */
async function chooseMember(ws: Workspace, given: string | undefined, rel: string, interactive: boolean, ask: AskChoice, notes: string[], project: Project): Promise<WorkspaceMember | null> {
  const fromPath = rel === '' ? undefined : ws.members.find((m) => rel === m.dir || rel.startsWith(`${m.dir}/`));
  if (given !== undefined) {
    const named = findMember(ws, given);
    if (named === undefined) throw usageError(`--workspace ${given} is not a member of this workspace: use one of ${ws.members.map(describe).join(', ')}.`);
    if (fromPath !== undefined && fromPath !== named) throw usageError(`--workspace ${given} and the folder ${rel} name different members; pass one of them.`);
    return named;
  }
  if (fromPath !== undefined) return fromPath;
  if (ws.ecosystem === 'go') return null;
  const choice = workspaceChoice(ws);
  if (choice.options.length === 0) return null;
  // A member chosen before keeps its options in its own folder: a re-run or --check from the root takes it.
  const chosenBefore = await rememberedMembers(ws, project);
  if (chosenBefore.length === 1 && choice.defaultValue === null) {
    const before = chosenBefore[0] as WorkspaceMember;
    if (interactive) {
      const answer = await ask({ ...choice, defaultValue: before.dir });
      return findMember(ws, answer ?? before.dir) ?? null;
    }
    notes.push(`Workspace: took ${before.dir}, chosen before (${before.dir}/${SETTINGS_FILE}); pass --workspace to choose another.`);
    return before;
  }
  if (ws.rootApp != null) {
    notes.push(`Workspace: the root project is the app (${ws.rootApp}); its workspace libraries are installed with it. Pass --workspace to containerise a member instead.`);
    return null;
  }
  if (choice.defaultValue !== null) {
    notes.push(`Workspace: took ${choice.defaultValue} (${choice.defaultReason}); pass --workspace to choose another.`);
    return findMember(ws, choice.defaultValue) ?? null;
  }
  const answer = interactive ? await ask(choice) : undefined;
  if (answer === undefined) throw missingFlag('--workspace', `The workspace member to containerise (one of ${choice.options.map((o) => o.value).join(', ')})`);
  return findMember(ws, answer) ?? null;
}

/**
 * Resolves the build context and the app for a run started at `start` (the folder given, absolute).
 * `onWorkspace` hears of a workspace before a member is chosen, so a run that stops there can say what it found.
 */
export async function openTarget(start: string, given: string | undefined, interactive: boolean, ask: AskChoice, notes: string[], onWorkspace?: (ws: Workspace, project: Project) => void): Promise<Target> {
  const above = (await declaresWorkspace(start)) ? null : await findWorkspaceAbove(start);
  const root = above?.root ?? start;
  const project = await createProject(root);
  const workspace = await detectWorkspace(project);
  const inMember = above === null || workspace?.members.some((m) => above.rel === m.dir || above.rel.startsWith(`${m.dir}/`)) === true;
  if (workspace === null || !inMember) {
    // A folder above declares a workspace this folder is not part of: it is an app on its own.
    const own = root === start ? project : await createProject(start);
    return { root: start, project: own, workspace: null, member: null, appProject: own };
  }
  onWorkspace?.(workspace, project);
  const member = await chooseMember(workspace, given, above?.rel ?? '', interactive, ask, notes, project);
  const appProject = member === null ? project : await createProject(`${root}/${member.dir}`);
  return { root, project, workspace, member, appProject };
}
