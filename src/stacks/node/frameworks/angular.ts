import type { Project } from '../../../types.js';
import { hasDependency } from '../package-json.js';
import { appFolder } from './config.js';
import type { FrameworkRule } from './types.js';
import { isRecord } from '../../../is-record.js';

type Json = Record<string, unknown>;

/** The app project angular.json builds by default: `defaultProject`, else the first application. */
function appProject(workspace: Json): { name: string; build: Json; serve: Json | null } | null {
  const projects = isRecord(workspace.projects) ? workspace.projects : {};
  const names = Object.keys(projects);
  const preferred = typeof workspace.defaultProject === 'string' ? workspace.defaultProject : null;
  const ordered = preferred !== null && names.includes(preferred) ? [preferred, ...names] : names;
  for (const name of ordered) {
    const project = projects[name];
    if (!isRecord(project) || (project.projectType !== undefined && project.projectType !== 'application')) continue;
    const targets = isRecord(project.architect) ? project.architect : isRecord(project.targets) ? project.targets : {};
    if (isRecord(targets.build)) return { name, build: targets.build, serve: isRecord(targets.serve) ? targets.serve : null };
  }
  return null;
}

/**
 * The Angular CLI's application builder writes `<outputPath>/browser` (and `/server` with SSR,
 * whose `server.mjs` listens on PORT, 4000 by default); `outputPath` defaults to `dist/<project>`
 * and may be an object `{ base, browser }`. The older browser builder writes `outputPath` itself.
 */
export const angular: FrameworkRule = async ({ project, pkg, at, evidence }) => {
  if (!hasDependency(pkg, '@angular/core')) return null;
  const workspace = await project.readJson(at('angular.json')).catch(() => null);
  const app = isRecord(workspace) ? appProject(workspace) : null;
  if (app === null) return null;
  const options = isRecord(app.build.options) ? app.build.options : {};
  const builder = typeof app.build.builder === 'string' ? app.build.builder : '';
  const applicationBuilder = /:application$/.test(builder);
  const outputPath = options.outputPath;
  const base = appFolder(typeof outputPath === 'string' ? outputPath : isRecord(outputPath) && typeof outputPath.base === 'string' ? outputPath.base : null) ?? `dist/${app.name}`;
  if (applicationBuilder && options.ssr !== undefined && options.ssr !== false) {
    // @angular/ssr renders only for allowed Host names; others get the client-side app and an error in the log.
    const security = isRecord(options.security) ? options.security : {};
    const hosts = Array.isArray(security.allowedHosts) && security.allowedHosts.length > 0;
    const allowed = hosts ? '' : ' (security.allowedHosts is empty: set NG_ALLOWED_HOSTS to the host names it serves, or it renders in the browser only)';
    evidence.push({ file: at('angular.json'), reason: `${app.name}: server-side rendering, server bundle ${base}/server/server.mjs, port 4000${allowed}` });
    return { kind: 'server', framework: 'angular', command: ['node', `${base}/server/server.mjs`], env: {}, port: 4000, outputDir: base, selfContained: false, binPackage: null };
  }
  const browserDir = isRecord(outputPath) && typeof outputPath.browser === 'string' ? outputPath.browser : 'browser';
  const outDir = applicationBuilder ? (browserDir === '' ? base : `${base}/${appFolder(browserDir) ?? 'browser'}`) : base;
  evidence.push({ file: at('angular.json'), reason: `${app.name}: a single-page app built into ${outDir}/` });
  // The application builder names hashed files NAME-HASH.js with an 8-character upper-case hash.
  return { kind: 'static', framework: 'angular', site: { outDir, spa: true, immutableLocation: '~* "-[0-9A-Z]{8}\\.(?:js|css)$"' } };
};

/** `ng serve`'s port when angular.json sets one for the app project (`serve.options.port`; the CLI's default is 4200). */
export async function angularServePort(project: Project, at: (f: string) => string): Promise<{ port: number; file: string } | null> {
  const workspace = await project.readJson(at('angular.json')).catch(() => null);
  const serve = isRecord(workspace) ? appProject(workspace)?.serve : null;
  const port = isRecord(serve) && isRecord(serve.options) ? serve.options.port : undefined;
  return typeof port === 'number' && Number.isInteger(port) && port > 0 && port < 65536 ? { port, file: 'angular.json' } : null;
}
