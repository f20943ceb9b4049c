import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';

/** templates/ ships next to dist/ in the package (package.json "files"). */
export const BUILTIN_TEMPLATES = fileURLToPath(new URL('../../templates/', import.meta.url));

type Compiled = Handlebars.TemplateDelegate;

function listPartials(dir: string): string[] {
  const partialDir = path.join(dir, '_partials');
  if (!existsSync(partialDir)) return [];
  return readdirSync(partialDir).filter((f) => f.endsWith('.hbs')).sort();
}

/**
 * One isolated Handlebars instance per template folder. `noEscape` because Dockerfiles are not
 * HTML (`&&` must stay `&&`); `strict` so a missing plan field throws instead of rendering ''.
 * Values are made safe in plan() (see safe.ts), never here.
 */
export function createRenderer(dirs: readonly string[] = [BUILTIN_TEMPLATES]): (name: string, data: object) => string {
  const hb = Handlebars.create();
  const cache = new Map<string, Compiled>();
  const compile = (file: string): Compiled =>
    hb.compile(readFileSync(file, 'utf8'), { noEscape: true, strict: true, preventIndent: true });

  // Later folders override earlier ones: built-ins first, a team's --templates folder last.
  for (const dir of dirs) {
    for (const file of listPartials(dir)) {
      hb.registerPartial(file.replace(/\.hbs$/, ''), readFileSync(path.join(dir, '_partials', file), 'utf8'));
    }
  }
  const resolve = (name: string): string => {
    for (const dir of [...dirs].reverse()) {
      const file = path.join(dir, name);
      if (existsSync(file)) return file;
    }
    throw new Error(`template not found: ${name}`);
  };
  return (name, data) => {
    let template = cache.get(name);
    if (template === undefined) {
      template = compile(resolve(name));
      cache.set(name, template);
    }
    return template(data).replace(/\n{3,}/g, '\n\n');
  };
}
