import { safePath } from '../../safe.js';
import { cacheMount, type CacheMount } from '../cache-mount.js';
import { copy, type Copy } from '../copy.js';
import { PYTHON_DEFAULTS } from './defaults.js';
import type { PackageManagerFacts } from './package-manager.js';

/** What the builder stage does to make the install tool available; the template writes the instructions. */
export interface ToolSetup {
  /** uv's binaries, copied from the uv stage. */
  readonly uv: boolean;
  /** A venv created with the image's Python (pip installs into it), or null. */
  readonly venv: string | null;
  /** A tool from PyPI in its own venv under /opt/<name>, linked onto PATH; never inside the app's venv. */
  readonly pypiTool: { readonly name: string; readonly version: string } | null;
}

/** How one tool installs into the app's venv: the data the template's install stages lay out. */
export interface InstallPlan {
  readonly setup: ToolSetup;
  /** The tool's settings for the builder stage (ENV name=value). */
  readonly env: readonly { name: string; value: string }[];
  readonly copyFirst: readonly Copy[];
  /**
   * The tool's download cache (the template adds the optional .netrc secret). BuildKit's default id,
   * its target, is shared by every app on the builder: wheels and downloads are keyed by package
   * and version, so sharing only saves downloads.
   */
  readonly cacheMount: CacheMount;
  /** Locked production dependencies without the project, or null when there are none. */
  readonly depsProd: string | null;
  /** The project itself (after COPY . .), or null when it is not a package. */
  readonly projectProd: string | null;
  readonly depsDev: string | null;
  readonly projectDev: string | null;
  /** The install reads the source (`-e .` in requirements): copy everything before it. */
  readonly sourceFirst: boolean;
  readonly uvStage: boolean;
}

function toolFromPypi(name: string, version: string): ToolSetup {
  return { uv: false, venv: null, pypiTool: { name, version } };
}

/** COPYs grouping files by folder, so `packages/core/pyproject.toml` lands in `packages/core/`. */
function copyLines(files: readonly string[], dirs: readonly string[]): Copy[] {
  const byDir = new Map<string, string[]>();
  for (const file of files) {
    const dir = file.includes('/') ? `./${file.slice(0, file.lastIndexOf('/') + 1)}` : './';
    byDir.set(dir, [...(byDir.get(dir) ?? []), safePath(file)]);
  }
  const copies = [...byDir].map(([dir, group]) => copy(group, dir));
  return [...copies, ...dirs.map((d) => copy(safePath(d), `./${d}`))];
}

function pipInstall(pm: PackageManagerFacts): InstallPlan {
  const prod = pm.requirements.prod;
  const reqs = (files: readonly string[]): string => files.map((f) => `-r ${safePath(f)}`).join(' ');
  const depsProd = prod === null ? null : `pip install ${reqs([prod])}`;
  const devFiles = [...(prod === null ? [] : [prod]), ...pm.requirements.dev];
  return {
    setup: { uv: false, venv: PYTHON_DEFAULTS.venv, pypiTool: null },
    env: [],
    copyFirst: copyLines(pm.manifests, pm.manifestDirs),
    cacheMount: cacheMount('/root/.cache/pip'),
    depsProd,
    projectProd: pm.installProject ? (prod === null ? 'pip install .' : 'pip install --no-deps .') : null,
    depsDev: devFiles.length === 0 ? null : `pip install ${reqs(devFiles)}`,
    projectDev: pm.installProject ? (prod === null ? 'pip install -e .' : 'pip install --no-deps -e .') : null,
    sourceFirst: pm.localRefs,
    uvStage: false,
  };
}

export function installPlan(pm: PackageManagerFacts): InstallPlan {
  const locked = pm.lockfile !== null;
  const copyFirst = copyLines(pm.manifests, pm.manifestDirs);
  const common = { copyFirst, sourceFirst: false, uvStage: false };
  switch (pm.name) {
    case 'uv': {
      const lock = locked ? ' --locked' : '';
      // At a workspace root the members are not in the deps layer yet (only their manifests), so
      // every workspace package waits for the source, which then installs them with the app.
      const workspace = pm.workspaceMembers.length > 0;
      const skip = workspace ? '--no-install-workspace' : '--no-install-project';
      const installAfterSource = pm.installProject || workspace;
      return {
        ...common,
        uvStage: true,
        setup: { uv: true, venv: null, pypiTool: null },
        // Bytecode compiled at build for fast starts; copy (not hardlink) out of the cache mount; the image's own Python, never a download.
        env: [
          { name: 'UV_COMPILE_BYTECODE', value: '1' },
          { name: 'UV_LINK_MODE', value: 'copy' },
          { name: 'UV_PYTHON_DOWNLOADS', value: '0' },
          { name: 'UV_PYTHON', value: '/usr/local/bin/python' },
          { name: 'UV_PROJECT_ENVIRONMENT', value: PYTHON_DEFAULTS.venv },
        ],
        cacheMount: cacheMount('/root/.cache/uv'),
        depsProd: `uv sync${lock} ${skip} --no-dev`,
        projectProd: installAfterSource ? `uv sync${lock} --no-dev --no-editable` : null,
        depsDev: `uv sync${lock} ${skip}`,
        projectDev: installAfterSource ? `uv sync${lock}` : null,
      };
    }
    case 'poetry':
      return {
        ...common,
        setup: toolFromPypi('poetry', PYTHON_DEFAULTS.poetry),
        env: [
          { name: 'POETRY_NO_INTERACTION', value: '1' },
          { name: 'POETRY_VIRTUALENVS_IN_PROJECT', value: 'true' },
          { name: 'POETRY_CACHE_DIR', value: '/root/.cache/pypoetry' },
        ],
        cacheMount: cacheMount('/root/.cache/pypoetry'),
        depsProd: 'poetry install --only main --no-root --no-directory',
        projectProd: pm.installProject ? 'poetry install --only main' : null,
        depsDev: 'poetry install --no-root --no-directory',
        projectDev: pm.installProject ? 'poetry install' : null,
      };
    case 'pdm': {
      const sync = locked ? 'pdm sync' : 'pdm install';
      return {
        ...common,
        setup: toolFromPypi('pdm', PYTHON_DEFAULTS.pdm),
        env: [
          { name: 'PDM_CHECK_UPDATE', value: 'false' },
          { name: 'PDM_PYTHON', value: '/usr/local/bin/python' },
        ],
        cacheMount: cacheMount('/root/.cache/pdm'),
        depsProd: `${sync} --prod --no-editable --no-self`,
        projectProd: pm.installProject ? `${sync} --prod --no-editable` : null,
        depsDev: `${sync} --no-self`,
        projectDev: pm.installProject ? sync : null,
      };
    }
    case 'pipenv':
      return {
        ...common,
        setup: toolFromPypi('pipenv', PYTHON_DEFAULTS.pipenv),
        env: [
          { name: 'PIPENV_VENV_IN_PROJECT', value: '1' },
          { name: 'PIPENV_CACHE_DIR', value: '/root/.cache/pipenv' },
        ],
        cacheMount: cacheMount('/root/.cache/pipenv'),
        depsProd: locked ? 'pipenv sync' : 'pipenv install',
        projectProd: null,
        depsDev: locked ? 'pipenv sync --dev' : 'pipenv install --dev',
        projectDev: null,
      };
    case 'pip':
      return pipInstall(pm);
  }
}
