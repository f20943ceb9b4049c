import { findMains, normaliseDir, parseGoMod, parseGoWork } from '../stacks/go/index.js';
import type { Project } from '../types.js';
import type { Workspace, WorkspaceMember } from './types.js';

/** go.work: each `use` folder with a go.mod is a member; one with a main package is deployable. */
export async function detectGoWorkspace(project: Project): Promise<Workspace | null> {
  const text = await project.readText('go.work');
  if (text === null) return null;
  const work = parseGoWork(text);
  const mods: { dir: string; path: string; requires: readonly string[] }[] = [];
  for (const use of work.uses) {
    const dir = normaliseDir(use);
    if (dir === '' || dir.split('/').includes('..')) continue;
    const modText = await project.readText(`${dir}/go.mod`);
    if (modText === null) continue;
    const mod = parseGoMod(modText, `${dir}/go.mod`);
    mods.push({ dir, path: mod.module, requires: mod.requires });
  }
  const paths = new Set(mods.map((m) => m.path));
  const members: WorkspaceMember[] = [];
  for (const mod of mods) {
    const mains = await findMains(project, mod.dir);
    members.push({
      dir: mod.dir,
      name: mod.path,
      internalDeps: mod.requires.filter((r) => paths.has(r)),
      deployable: mains.length > 0 ? `main package ${mains.map((m) => `./${m}`).join(', ')}` : null,
    });
  }
  return { kind: 'go', tool: null, ecosystem: 'go', members, evidence: [{ file: 'go.work', reason: `Go workspace: ${mods.map((m) => m.dir).join(', ')}` }] };
}
