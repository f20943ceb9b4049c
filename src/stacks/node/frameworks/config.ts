import type { Project } from '../../../types.js';

/**
 * Framework configs are JavaScript or TypeScript modules. Running them is out of the question (a
 * generator must not execute the repo), so the settings that decide an image are read where they
 * are written as literals, which is how the frameworks' docs and generators write them; a value
 * computed at run time is not seen and the framework's documented default applies.
 */
export interface ConfigFile {
  readonly file: string;
  readonly text: string;
}

/** The first of `names` that exists in the app folder, with its text minus comments. */
export async function readConfig(project: Project, at: (f: string) => string, names: readonly string[]): Promise<ConfigFile | null> {
  for (const name of names) {
    const text = await project.readText(at(name)).catch(() => null);
    if (text !== null) return { file: name, text: stripComments(text) };
  }
  return null;
}

export function configNames(base: string): string[] {
  return ['ts', 'mts', 'js', 'mjs', 'cjs'].map((ext) => `${base}.${ext}`);
}

function stripComments(text: string): string {
  // Line comments only where they start a line or follow a space: `https://…` in a string stays.
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/.*$/gm, '$1');
}

/** The string literal given to `key` (`outDir: 'build'`, `"outDir": "build"`), or null. */
export function stringSetting(config: ConfigFile | null, key: string): string | null {
  if (config === null) return null;
  const match = new RegExp(`(?:^|[\\s,{])["']?${key}["']?\\s*:\\s*(['"\`])([^'"\`\\n]*)\\1`).exec(config.text);
  return match === null ? null : (match[2] as string);
}

/** The boolean literal given to `key` (`ssr: false`), or null. */
export function booleanSetting(config: ConfigFile | null, key: string): boolean | null {
  if (config === null) return null;
  const match = new RegExp(`(?:^|[\\s,{])["']?${key}["']?\\s*:\\s*(true|false)\\b`).exec(config.text);
  return match === null ? null : match[1] === 'true';
}

/** The config imports `module` (`import node from '@astrojs/node'`, `require('@sveltejs/adapter-node')`). */
export function importsModule(config: ConfigFile | null, module: string): boolean {
  if (config === null) return false;
  const quotedName = module.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return new RegExp(`(?:from|import|require\\()\\s*\\(?\\s*['"]${quotedName}['"]`).test(config.text);
}

/**
 * A folder inside the app, as the config names it (`./build/`, `dist/client`), or null when it
 * points outside the app or is not a plain path: then the framework's default applies.
 */
export function appFolder(value: string | null): string | null {
  if (value === null) return null;
  const folder = value.replace(/^\.\//, '').replace(/\/+$/, '');
  if (folder === '' || folder === '.' || folder.startsWith('/') || folder.split('/').includes('..')) return null;
  return /^[\w@.+/-]+$/.test(folder) ? folder : null;
}

/** The text of the object literal given to `key` (`server: { port: 3000 }` → `{ port: 3000 }`), braces balanced, or null. */
function objectText(text: string, key: string): string | null {
  const start = new RegExp(`(?:^|[\\s,{])["']?${key}["']?\\s*:\\s*\\{`).exec(text);
  if (start === null) return null;
  const open = start.index + start[0].length - 1;
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth += 1;
    else if (text[i] === '}' && --depth === 0) return text.slice(open, i + 1);
  }
  return null;
}

/** A number literal given to `key` inside the object given to `objectKey` (`server: { port: 3000 }`), or null. */
export function numberInObject(config: ConfigFile | null, objectKey: string, key: string): number | null {
  const object = config === null ? null : objectText(config.text, objectKey);
  const match = object === null ? null : new RegExp(`(?:^|[\\s,{])["']?${key}["']?\\s*:\\s*(\\d{2,5})\\b`).exec(object);
  return match === null || match === undefined ? null : Number(match[1]);
}
