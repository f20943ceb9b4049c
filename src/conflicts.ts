import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { FileKind } from './types.js';
import type { ConflictAnswer } from './wizard.js';
import type { Decision, PendingFile } from './write.js';

/**
 * The paths a run writes, known before any question is asked (the answers change contents, never
 * names): the Dockerfile next to the app, the rest at the repo root. Some are written only in some
 * repos (.env.example, dependabot.yml); test/conflicts.test.ts holds this against the renderers.
 */
export function plannedPaths(memberDir: string | null, only: readonly FileKind[]): string[] {
  const paths: Record<FileKind, string[]> = {
    dockerfile: [memberDir === null ? 'Dockerfile' : `${memberDir}/Dockerfile`],
    dockerignore: ['.dockerignore'],
    compose: ['compose.yaml', 'compose.dev.yaml', 'compose.prod.yaml', '.env.example'],
    workflow: ['.github/workflows/docker.yml', '.github/dependabot.yml'],
  };
  return only.flatMap((kind) => paths[kind]);
}

/** Which of `paths` are already files in the repo. */
export function existingFiles(root: string, paths: readonly string[]): string[] {
  return paths.filter((path) => statSync(join(root, path), { throwIfNoEntry: false })?.isFile() === true);
}

type Confirm = (file: PendingFile, remaining: number) => Promise<ConflictAnswer>;

/** One question per differing file, until an answer says "for all the rest". */
export async function askAboutConflicts(differing: readonly PendingFile[], confirm: Confirm): Promise<Map<PendingFile, Decision>> {
  const decisions = new Map<PendingFile, Decision>();
  let forAll: Decision | null = null;
  for (const [i, file] of differing.entries()) {
    if (forAll !== null) {
      decisions.set(file, forAll);
      continue;
    }
    const answer = await confirm(file, differing.length - i - 1);
    if (answer === 'skip-all' || answer === 'overwrite-all') forAll = answer === 'skip-all' ? 'skip' : 'overwrite';
    decisions.set(file, answer === 'skip-all' ? 'skip' : answer === 'overwrite-all' ? 'overwrite' : answer);
  }
  return decisions;
}
