import type { Detection, Project, Stack, StackId } from '../types.js';
import { nextjs } from './nextjs.js';
import { node } from './node/index.js';

/**
 * A stack in detection order, with its code. Go, Python and Java load on first use, each from a
 * file of its own in the build (scripts/build.mjs): a Node.js app, the common case, never reads,
 * compiles or caches their ~100 KB (bench/). Every use of a stack comes after its detect().
 */
interface StackEntry {
  readonly id: StackId;
  load(): Promise<Stack<any>>;
}

const loaded = (stack: Stack<any>): StackEntry => ({ id: stack.id, load: async () => stack });

/**
 * Order matters: the first stack whose detect() answers wins. Next.js must precede Node.js (a
 * Next.js app is also a Node.js package); the others look at disjoint manifests.
 */
export const STACKS: readonly StackEntry[] = [
  loaded(nextjs),
  loaded(node),
  { id: 'go', load: async () => (await import('./go/index.js')).go },
  { id: 'python', load: async () => (await import('./python/index.js')).python },
  { id: 'java', load: async () => (await import('./java/index.js')).java },
];

function stackById(id: StackId): StackEntry {
  const entry = STACKS.find((s) => s.id === id);
  if (entry === undefined) throw new Error(`unknown stack ${id}`);
  return entry;
}

export async function detectStack(project: Project, forced: StackId | null): Promise<{ stack: Stack<any>; detection: Detection<any> } | null> {
  const candidates = forced === null ? STACKS : [stackById(forced)];
  for (const entry of candidates) {
    const stack = await entry.load();
    const detection = await stack.detect(project);
    if (detection !== null) return { stack, detection };
  }
  return null;
}
