import path from 'node:path/posix';
import type { Evidence, Project } from '../../types.js';
import { isRecord } from '../../is-record.js';

/** Where a Prisma schema lives, and what the install stages must copy for `prisma generate` to find it. */
export interface PrismaSchema {
  /** The schema's folder ('.' at the top level): Prisma resolves `file:` URLs against it. */
  readonly dir: string;
  /** The schema file (read for SQLite URLs), or null for a multi-file schema folder. */
  readonly file: string | null;
  /** Copied before install: the schema's folder (never the whole app) or, at the top level, the file. */
  readonly copyDirs: readonly string[];
  readonly copyFiles: readonly string[];
}

/** Prisma's config file (Prisma 6.x, required by 7): `prisma generate` reads it from the working folder. */
const CONFIG_FILES = ['prisma.config.ts', 'prisma.config.mts', 'prisma.config.js', 'prisma.config.mjs'];

/** `schema: "db/schema.prisma"` or `schema: path.join("db", "schema.prisma")` in prisma.config.*. */
const CONFIG_SCHEMA = /\bschema\s*:\s*(?:["'`]([^"'`$]+)["'`]|path\.join\(\s*((?:["'][^"']+["']\s*,?\s*)+)\))/;

/** A relative path inside the app, or null (absolute, leaving the app, or characters we do not copy). */
function inside(value: string): string | null {
  const normal = path.normalize(value.trim()).replace(/\/$/, '');
  return normal !== '' && !normal.startsWith('/') && !normal.split('/').includes('..') && /^[\w@./+-]+$/.test(normal) ? normal : null;
}

function fromConfig(text: string): string | null {
  const match = CONFIG_SCHEMA.exec(text);
  if (match === null) return null;
  if (match[1] !== undefined) return match[1];
  const parts = [...(match[2] as string).matchAll(/["']([^"']+)["']/g)].map((m) => m[1] as string);
  return parts.length === 0 ? null : path.join(...parts);
}

/**
 * The Prisma CLI's own search order (prisma.io/docs/orm/prisma-schema/overview/location): the
 * `schema` of prisma.config.*, package.json's `prisma.schema`, then prisma/schema.prisma,
 * schema.prisma and the multi-file prisma/schema/ folder. A configured path is a file or a folder.
 */
export async function detectPrismaSchema(project: Project, at: (f: string) => string, evidence: Evidence[]): Promise<PrismaSchema | null> {
  const configs: string[] = [];
  let configured: { value: string; file: string } | null = null;
  for (const file of CONFIG_FILES) {
    const text = await project.readText(at(file)).catch(() => null);
    if (text === null) continue;
    configs.push(file);
    const value = fromConfig(text);
    if (configured === null && value !== null) configured = { value, file };
  }
  if (configured === null) {
    const manifest = await project.readJson(at('package.json')).catch(() => null);
    const settings = isRecord(manifest) && isRecord(manifest.prisma) ? manifest.prisma : null;
    if (typeof settings?.schema === 'string') configured = { value: settings.schema, file: 'package.json' };
  }
  const found = configured === null ? await defaultLocation(project, at) : inside(configured.value);
  if (found === null) return null;
  const isFile = found.endsWith('.prisma');
  if (!(isFile ? await project.exists(at(found)) : await project.isDir(at(found)))) return null;
  const dir = isFile ? path.dirname(found) : found;
  const what = configured === null ? '' : ` ${isFile ? found : `folder ${found}/`}`;
  evidence.push({ file: at(configured?.file ?? found), reason: `Prisma schema${what}: generated client at build time` });
  return {
    dir,
    file: isFile ? found : null,
    copyDirs: dir === '.' ? [] : [dir],
    copyFiles: [...(dir === '.' ? [found] : []), ...configs],
  };
}

async function defaultLocation(project: Project, at: (f: string) => string): Promise<string | null> {
  for (const file of ['prisma/schema.prisma', 'schema.prisma']) if (await project.exists(at(file))) return file;
  return (await project.isDir(at('prisma/schema'))) ? 'prisma/schema' : null;
}
