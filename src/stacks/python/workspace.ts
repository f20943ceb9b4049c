import type { Detection, Evidence, Project } from '../../types.js';
import { dependencyClosure } from '../../workspaces/detect.js';
import { scopedProject } from '../../workspaces/scoped.js';
import type { Workspace, WorkspaceMember } from '../../workspaces/types.js';
import { safePath } from '../../safe.js';
import { detectPythonFacts, type PythonFacts } from './detect.js';
import type { PackageManagerFacts } from './package-manager.js';
import { detectPythonVersion } from './version.js';

/** A uv workspace member: the app, the workspace packages it depends on (installed first), and its name for `--package`. */
export interface UvWorkspaceFacts {
  readonly member: { readonly dir: string; readonly name: string };
  readonly libs: readonly string[];
}

export interface PythonMemberFacts extends PythonFacts {
  readonly workspace: UvWorkspaceFacts;
}

/**
 * Python facts for one uv workspace member: the app (framework, start command, port, version)
 * is read in its folder; the lockfile and the install are the workspace's (`uv sync --package`).
 */
export async function detectUvMember(project: Project, ws: Workspace, member: WorkspaceMember): Promise<Detection<PythonMemberFacts> | null> {
  const found = await detectPythonFacts(scopedProject(project, member.dir));
  if (found === null || !(await project.exists('uv.lock'))) return null;
  const name = member.name ?? member.dir.split('/').pop() ?? member.dir;
  const libs = dependencyClosure(ws, member).map((m) => m.dir);
  const dirs = [...libs, member.dir];
  const pm: PackageManagerFacts = {
    name: 'uv',
    lockfile: 'uv.lock',
    manifests: ['pyproject.toml', 'uv.lock', ...dirs.map((d) => `${safePath(d)}/pyproject.toml`)],
    manifestDirs: [],
    requirements: { prod: null, dev: [] },
    localRefs: false,
    installProject: true,
    workspaceMembers: [],
  };
  const prefix = (e: Evidence): Evidence => (e.file.startsWith('(') ? e : { ...e, file: `${member.dir}/${e.file}` });
  const evidence: Evidence[] = [
    ...ws.evidence,
    { file: 'uv.lock', reason: 'uv lockfile of the whole workspace' },
    ...found.evidence.filter((e) => !/pip|requirements|pyproject with \[project\]/i.test(e.reason)).map(prefix),
    { file: `${member.dir}/pyproject.toml`, reason: `workspace member ${name}${libs.length === 0 ? '' : `; needs ${libs.join(', ')}`}` },
  ];
  // A version file at the workspace root (.python-version, where uv reads it) speaks for every member.
  const rootVersion = (await project.exists('.python-version')) ? await detectPythonVersion(project, { pyproject: null, pipfile: null }, evidence, []) : null;
  const pythonVersion = rootVersion ?? found.facts.pythonVersion;
  if (rootVersion !== null) evidence.splice(0, evidence.length, ...evidence.filter((e) => e.file === '.python-version' || !/Python \d/.test(e.reason)));
  const facts: PythonMemberFacts = { ...found.facts, pythonVersion, pm, workspace: { member: { dir: member.dir, name }, libs } };
  return {
    stack: 'python',
    facts,
    values: { packageManager: 'uv', languageVersion: facts.pythonVersion, framework: facts.start.framework, startCommand: facts.start.command, port: facts.start.port },
    evidence,
    choices: [],
    warnings: found.warnings.filter((w) => !/lockfile|requirements/i.test(w)),
  };
}
