import type { Detection, Project, Stack, StackId } from '../types.js';
import { go } from './go/index.js';
import { java } from './java/index.js';
import { nextjs } from './nextjs.js';
import { node } from './node/index.js';
import { python } from './python/index.js';

/**
 * Every stack, in detection order: the first whose detect() answers wins. Next.js must come
 * before Node.js, since a Next.js app is also a Node.js package; the others read disjoint
 * manifests (go.mod, Python's, Maven's and Gradle's), so their order does not matter.
 */
export const STACKS: readonly Stack<any>[] = [nextjs, node, go, python, java];

export async function detectStack(project: Project, forced: StackId | null): Promise<{ stack: Stack<any>; detection: Detection<any> } | null> {
  const candidates = forced === null ? STACKS : STACKS.filter((stack) => stack.id === forced);
  for (const stack of candidates) {
    const detection = await stack.detect(project);
    if (detection !== null) return { stack, detection };
  }
  return null;
}
