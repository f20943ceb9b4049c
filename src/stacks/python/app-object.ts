import type { Project } from '../../types.js';

/** Where an ASGI/WSGI application object lives: `module:attr`, or a factory to call. */
export interface AppRef {
  readonly file: string;
  readonly module: string;
  readonly attr: string;
  readonly factory: boolean;
  /** The module is importable only with src/ on the path (src layout). */
  readonly srcLayout: boolean;
}

const ENTRY_NAMES = ['main', 'app', 'server', 'api', 'application', 'asgi', 'wsgi', '__init__'];
const FACTORY_NAMES = ['create_app', 'make_app', 'get_app', 'app_factory', 'get_application'];

export function moduleOf(file: string): { module: string; srcLayout: boolean } {
  const srcLayout = file.startsWith('src/');
  const parts = (srcLayout ? file.slice(4) : file).replace(/\.py$/, '').split('/');
  if (parts[parts.length - 1] === '__init__') parts.pop();
  return { module: parts.join('.'), srcLayout };
}

/**
 * A bounded list of files where apps conventionally define their application object: root
 * modules, app/, src/, and the packages under src/ (plus one named after the project).
 */
export async function candidateFiles(project: Project, packageName: string | null): Promise<string[]> {
  const dirs = ['', 'app/', 'src/', 'api/'];
  for (const entry of (await project.list('src')).slice(0, 8)) {
    if (/^[A-Za-z_]\w*$/.test(entry) && (await project.exists(`src/${entry}/__init__.py`))) dirs.push(`src/${entry}/`);
  }
  if (packageName !== null && (await project.exists(`${packageName}/__init__.py`))) dirs.push(`${packageName}/`);
  const files: string[] = [];
  for (const dir of dirs) {
    for (const name of ENTRY_NAMES) {
      if (dir === '' && name === '__init__') continue;
      const file = `${dir}${name}.py`;
      if (await project.exists(file)) files.push(file);
    }
  }
  return files.slice(0, 40);
}

/**
 * Finds `app = FastAPI(...)` (any of `constructors`), preferring names app/application, then a
 * factory function (`def create_app(`) in a file that calls a constructor.
 */
export function findAppIn(file: string, text: string, constructors: readonly string[]): AppRef | null {
  const ctor = constructors.join('|');
  const assign = new RegExp(`^([A-Za-z_]\\w*)\\s*(?::\\s*[\\w.\\[\\], ]+)?=\\s*(?:[\\w]+\\.)*(?:${ctor})\\(`, 'gm');
  const names = [...text.matchAll(assign)].map((m) => m[1] as string);
  const { module, srcLayout } = moduleOf(file);
  if (module === '' || !/^[A-Za-z_][\w.]*$/.test(module)) return null;
  const attr = names.find((n) => n === 'app' || n === 'application') ?? names[0];
  if (attr !== undefined) return { file, module, attr, factory: false, srcLayout };
  if (!new RegExp(`\\b(?:${ctor})\\(`).test(text)) return null;
  const factory = FACTORY_NAMES.find((f) => new RegExp(`^(?:async\\s+)?def\\s+${f}\\s*\\(`, 'm').test(text));
  return factory === undefined ? null : { file, module, attr: factory, factory: true, srcLayout };
}

export async function findApp(project: Project, files: readonly string[], constructors: readonly string[]): Promise<AppRef | null> {
  for (const file of files) {
    const text = await project.readText(file).catch(() => null);
    if (text === null) continue;
    const found = findAppIn(file, text, constructors);
    if (found !== null) return found;
  }
  return null;
}
