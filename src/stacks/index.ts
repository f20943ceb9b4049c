import type { Detection, Project, Stack, StackId } from '../types.js';
import { nextjs } from './nextjs.js';
import { node } from './node/index.js';
import { go } from './go/index.js';
import { python } from './python/index.js';
import { java } from './java/index.js';

/**
 * Order matters: the first stack whose detect() answers wins. Next.js must precede Node.js (a
 * Next.js app is also a Node.js package); the others look at disjoint manifests.
 */
export const STACKS: readonly Stack<any>[] = [nextjs, node, go, python, java];

export function stackById(id: StackId): Stack<any> {
  const stack = STACKS.find((s) => s.id === id);
  if (stack === undefined) throw new Error(`unknown stack ${id}`);
  return stack;
}

export async function detectStack(project: Project, forced: StackId | null): Promise<{ stack: Stack<any>; detection: Detection<any> } | null> {
  const candidates = forced === null ? STACKS : forced === 'node' ? [node] : [stackById(forced)];
  for (const stack of candidates) {
    const detection = await stack.detect(project);
    if (detection !== null) return { stack, detection };
  }
  return null;
}
