import type { Evidence, Project } from '../../types.js';

export interface DjangoFacts {
  /** The project package holding settings and wsgi (`mysite`). */
  readonly project: string;
  readonly wsgiModule: string;
  /** STATIC_ROOT relative to the app folder (or absolute), when set plainly; collectstatic runs at build. */
  readonly staticRoot: string | null;
}

const STATIC_ROOT_PATTERNS: readonly RegExp[] = [
  /^STATIC_ROOT\s*=\s*BASE_DIR\s*\/\s*['"]([\w./-]+)['"]/m,
  /^STATIC_ROOT\s*=\s*os\.path\.join\(\s*BASE_DIR\s*,\s*['"]([\w./-]+)['"]\s*\)/m,
  /^STATIC_ROOT\s*=\s*(?:Path\()?\s*['"](\/[\w./-]+)['"]/m,
];

export function staticRootFrom(settings: string): string | null | undefined {
  if (!/^STATIC_ROOT\s*=/m.test(settings)) return undefined;
  for (const pattern of STATIC_ROOT_PATTERNS) {
    const match = pattern.exec(settings);
    const value = match?.[1]?.replace(/\/+$/, '');
    if (value !== undefined && value !== '' && !value.split('/').includes('..')) return value.replace(/^\/app\//, '');
  }
  return null;
}

/** manage.py names the settings module; the project package next to it has wsgi.py and settings. */
export async function detectDjango(project: Project, evidence: Evidence[], warnings: string[]): Promise<DjangoFacts | null> {
  const manage = await project.readText('manage.py');
  if (manage === null) return null;
  const settingsModule = /DJANGO_SETTINGS_MODULE['"]\s*,\s*['"]([\w.]+)['"]/.exec(manage)?.[1];
  const name = settingsModule?.split('.')[0];
  if (name === undefined || !(await project.exists(`${name}/wsgi.py`))) {
    warnings.push('manage.py found, but not the project package with wsgi.py next to it: pass --cmd "gunicorn <project>.wsgi --bind 0.0.0.0:8000".');
    return null;
  }
  evidence.push({ file: 'manage.py', reason: `Django project ${name} (settings ${settingsModule})` });
  const settingsFiles = [`${settingsModule?.replace(/\./g, '/')}.py`, `${name}/settings.py`, `${name}/settings/__init__.py`, `${name}/settings/base.py`, `${name}/settings/production.py`, `${name}/settings/prod.py`];
  let staticRoot: string | null = null;
  for (const file of [...new Set(settingsFiles)]) {
    const text = await project.readText(file).catch(() => null);
    if (text === null) continue;
    const found = staticRootFrom(text);
    if (found === undefined) continue;
    if (found === null) {
      warnings.push(`${file}: STATIC_ROOT is not a plain path under BASE_DIR; collectstatic is left out of the build.`);
      break;
    }
    evidence.push({ file, reason: `STATIC_ROOT ${found}: collectstatic at build time` });
    staticRoot = found;
    break;
  }
  return { project: name, wsgiModule: `${name}.wsgi`, staticRoot };
}
