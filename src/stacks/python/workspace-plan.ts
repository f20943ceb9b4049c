import { safePath } from '../../safe.js';
import type { Detection, ResolvedOptions } from '../../types.js';
import { copy } from '../copy.js';
import { header } from '../shared.js';
import { PYTHON_DEFAULTS } from './defaults.js';
import { planPython, type PythonPlan } from './plan.js';
import type { PythonMemberFacts } from './workspace.js';

/**
 * A uv workspace member: the one workspace lockfile, installed for this member only
 * (`uv sync --package`), dependencies before sources. `--frozen` because only the manifests of
 * the member and the packages it uses are in the image, so uv cannot re-check the lock against
 * every member (`uv lock --check` belongs in CI). The runtime gets the venv and the member's folder.
 */
export function planUvMember(detection: Detection<PythonMemberFacts>, options: ResolvedOptions, generatorVersion: string): PythonPlan {
  const plan = planPython(detection, options, generatorVersion);
  const { member, libs } = detection.facts.workspace;
  const dirs = [...libs, member.dir].map((d) => safePath(d));
  const pkg = `--package ${safePath(member.name, 'the workspace member name')}`;
  const { data } = plan;
  const copies = [copy(PYTHON_DEFAULTS.venv, PYTHON_DEFAULTS.venv, { from: 'build' }), copy(safePath(member.dir), './')];
  return {
    ...plan,
    data: {
      ...data,
      header: header('Python', generatorVersion, `uv workspace member ${member.dir}, ${detection.facts.start.framework ?? 'python'}`),
      copyFirst: [copy(['pyproject.toml', 'uv.lock'], './'), ...dirs.map((d) => copy(`${d}/pyproject.toml`, `./${d}/`))],
      depsProd: `uv sync --frozen --no-install-workspace --no-dev ${pkg}`,
      projectProd: `uv sync --frozen --no-dev --no-editable ${pkg}`,
      depsDev: `uv sync --frozen --no-install-workspace ${pkg}`,
      projectDev: `uv sync --frozen ${pkg}`,
      buildSources: dirs.map((d) => copy(d, `./${d}`)),
      runtime: { ...data.runtime, copies },
    },
    ignore: [...trimEnd(plan.ignore), '', '# The same in member folders', '**/.venv', '**/*.egg-info', '**/build', '**/dist', '**/.env', '**/.env.*', '!**/.env.example', '**/Dockerfile*', ''],
    image: { ...plan.image, watch: { sync: dirs, rebuild: ['pyproject.toml', 'uv.lock', ...dirs.map((d) => `${d}/pyproject.toml`)], workdir: '/app' } },
    notes: [...plan.notes, `Workspace member ${member.dir}: build from the workspace root with  docker build -f ${member.dir}/Dockerfile .`],
    dockerfilePath: `${member.dir}/Dockerfile`,
  };
}

function trimEnd(lines: readonly string[]): string[] {
  const out = [...lines];
  while (out.at(-1) === '') out.pop();
  return out;
}
