import type { Detection, Project, Stack, StackId } from '../types.js';
import { node } from '../stacks/node/index.js';
import { nextjs, nextDetection } from '../stacks/nextjs.js';
import { nodeDetection, type NodeFacts } from '../stacks/node/detect.js';
import { detectNodeMember } from '../stacks/node/workspace.js';
import { go, mainChoice } from '../stacks/go/index.js';
import { detectUvMember, python } from '../stacks/python/index.js';
import { usageError } from '../errors.js';
import type { Workspace, WorkspaceMember } from './types.js';

export interface Found {
  readonly stack: Stack<any>;
  readonly detection: Detection<any>;
}

/** Same stack, but its plan writes the Dockerfile in the member's folder (the context stays the root). */
function inMemberFolder(stack: Stack<any>, member: WorkspaceMember): Stack<any> {
  return { ...stack, plan: (detection, options) => ({ ...stack.plan(detection, options), dockerfilePath: `${member.dir}/Dockerfile` }) };
}

async function nodeMember(project: Project, ws: Workspace, member: WorkspaceMember, forced: StackId | null): Promise<Found | null> {
  const found = await detectNodeMember(project, ws, member);
  if (found === null) return null;
  const next = forced === 'node' ? null : await nextDetection(project, found);
  if (next !== null) return { stack: nextjs, detection: next };
  return { stack: node, detection: nodeDetection<NodeFacts>('node', found.facts, found.evidence, found.warnings, found.facts.start.framework) };
}

/** go.work: the Go stack reads the whole workspace; the member narrows the main packages to its own. */
async function goMember(project: Project, ws: Workspace, member: WorkspaceMember): Promise<Found | null> {
  const detection = await go.detect(project);
  if (detection === null) return null;
  const facts = detection.facts as { mains: readonly string[] };
  const mains = facts.mains.filter((m) => m === member.dir || m.startsWith(`${member.dir}/`));
  if (mains.length === 0) throw usageError(`${member.dir} has no main package to build (package main in main.go or cmd/<name>/): choose another --workspace.`);
  const modules = [{ dir: member.dir, path: member.name ?? member.dir }];
  return {
    stack: inMemberFolder(go, member),
    detection: {
      ...detection,
      facts: { ...detection.facts, mains },
      evidence: [...detection.evidence, { file: `${member.dir}/go.mod`, reason: `workspace member ${member.name ?? member.dir}` }],
      choices: [...detection.choices.filter((c) => c.key !== 'main'), ...mainChoice(mains, modules)],
    },
  };
}

/** The stack and detection for one workspace member, read from the workspace root (the build context). */
export async function detectMemberStack(project: Project, ws: Workspace, member: WorkspaceMember, forced: StackId | null): Promise<Found | null> {
  if (ws.ecosystem === 'node' && (forced === null || forced === 'node' || forced === 'nextjs')) return nodeMember(project, ws, member, forced);
  if (ws.ecosystem === 'go' && (forced === null || forced === 'go')) return goMember(project, ws, member);
  if (ws.ecosystem === 'python' && (forced === null || forced === 'python')) {
    const detection = await detectUvMember(project, ws, member);
    return detection === null ? null : { stack: python, detection };
  }
  return null;
}
