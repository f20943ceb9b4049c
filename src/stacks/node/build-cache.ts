import type { Evidence, Project } from '../../types.js';
import { appFolder } from './frameworks/config.js';
import { isRecord } from '../../is-record.js';

/**
 * A build cache the framework keeps in the project folder and reuses on the next build. The build
 * stage mounts it as a BuildKit cache, so a one-line change recompiles only what changed instead
 * of the whole app. Next.js's `.next/cache` is planned with its dist folder (see nextjs.ts).
 *
 * The Angular CLI: `cli.cache` in angular.json, on by default at `.angular/cache`, unless `enabled`
 * is false or `environment` limits it to CI runs only (a docker build is not a CI run to it).
 */
export async function frameworkBuildCache(project: Project, at: (f: string) => string, evidence: Evidence[]): Promise<string | null> {
  const workspace = await project.readJson(at('angular.json')).catch(() => null);
  if (!isRecord(workspace)) return null;
  const cache = isRecord(workspace.cli) && isRecord(workspace.cli.cache) ? workspace.cli.cache : {};
  if (cache.enabled === false || cache.environment === 'ci') return null;
  const folder = typeof cache.path === 'string' ? appFolder(cache.path) : '.angular/cache';
  if (folder === null) return null;
  evidence.push({ file: at('angular.json'), reason: `Angular CLI build cache ${folder}/: a BuildKit cache mount in the build stage` });
  return folder;
}
