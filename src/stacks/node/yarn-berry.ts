import { parse as parseYaml } from 'yaml';
import type { Evidence, Project } from '../../types.js';

/**
 * How Yarn 2+ installs in this repo, read from .yarnrc.yml and the Yarn version. The image always
 * installs with the node-modules linker (see README, "Yarn Plug'n'Play"): the runtime then starts
 * with plain `node`, needs neither Yarn nor the PnP loader, and works on distroless.
 */
export interface YarnBerrySettings {
  /**
   * Where Yarn keeps downloaded packages: `committed` is a zero-install cache in the repo (copied
   * into the install stage, never dockerignored); otherwise the folder a cache mount must cover.
   */
  readonly cache: { readonly kind: 'committed' } | { readonly kind: 'mount'; readonly target: string };
  /** `yarn workspaces focus` exists: built into Yarn 4, a plugin (workspace-tools) on Yarn 2 and 3. */
  readonly workspaceTools: boolean;
  /** The repo's own linker (`pnp` when unset, Yarn's default). */
  readonly nodeLinker: string;
  /** `enableScripts`: false makes Yarn skip every dependency's build script not marked `built: true`. */
  readonly enableScripts: boolean;
}

interface YarnRc {
  readonly enableGlobalCache?: unknown;
  readonly cacheFolder?: unknown;
  readonly globalFolder?: unknown;
  readonly nodeLinker?: unknown;
  readonly plugins?: unknown;
  readonly enableScripts?: unknown;
}

function pluginNames(plugins: unknown): string[] {
  if (!Array.isArray(plugins)) return [];
  return plugins.map((p: unknown) => (typeof p === 'string' ? p : typeof p === 'object' && p !== null ? String((p as { spec?: unknown; path?: unknown }).spec ?? (p as { path?: unknown }).path ?? '') : ''));
}

async function readYarnRc(text: string | null): Promise<YarnRc> {
  if (text === null) return {};
  try {
    const doc = parseYaml(text);
    return typeof doc === 'object' && doc !== null ? (doc as YarnRc) : {};
  } catch {
    return {};
  }
}

/** A cache path from .yarnrc.yml, relative to the project (`/app` in the image) unless absolute. */
function inImage(folder: string): string {
  return folder.startsWith('/') ? folder : `/app/${folder.replace(/^\.\//, '')}`;
}

export async function detectYarnBerry(project: Project, yarnrcText: string | null, version: string, evidence: Evidence[], at: (f: string) => string): Promise<YarnBerrySettings> {
  const rc = await readYarnRc(yarnrcText);
  const major = Number(version.split('.')[0]);
  // Yarn 4 caches globally by default; Yarn 2 and 3 in the project's .yarn/cache.
  const globalCache = typeof rc.enableGlobalCache === 'boolean' ? rc.enableGlobalCache : major >= 4;
  const projectCache = typeof rc.cacheFolder === 'string' ? rc.cacheFolder : '.yarn/cache';
  const globalFolder = typeof rc.globalFolder === 'string' ? rc.globalFolder : '/root/.yarn/berry';
  let cache: YarnBerrySettings['cache'];
  if (!globalCache && projectCache === '.yarn/cache' && (await project.isDir(at('.yarn/cache')))) {
    cache = { kind: 'committed' };
    evidence.push({ file: at('.yarn/cache'), reason: 'zero-install cache committed (enableGlobalCache off): the install reads it, offline' });
  } else {
    cache = { kind: 'mount', target: globalCache ? `${inImage(globalFolder)}/cache` : inImage(projectCache) };
  }
  const workspaceTools = major >= 4 || pluginNames(rc.plugins).some((p) => p.includes('workspace-tools'));
  if (!workspaceTools) evidence.push({ file: at('.yarnrc.yml'), reason: `Yarn ${major} without the workspace-tools plugin: no \`yarn workspaces focus\`` });
  const nodeLinker = typeof rc.nodeLinker === 'string' ? rc.nodeLinker : 'pnp';
  const enableScripts = rc.enableScripts !== false;
  if (!enableScripts) evidence.push({ file: at('.yarnrc.yml'), reason: 'enableScripts: false: dependency build scripts run only where dependenciesMeta says built: true' });
  return { cache, workspaceTools, nodeLinker, enableScripts };
}
