import { posix } from 'node:path';
import type { Evidence, Project } from '../../types.js';
import type { PrismaSchema } from './prisma.js';

/** A SQLite file in a connection URL: `file:./dev.db`, `sqlite:data/app.sqlite`, `sqlite:///./x.db`. */
const SQLITE_URL = /\b(?:file:|sqlite3?:(?:\/\/\/?)?)(\.{0,2}\/?[\w./-]+\.(?:db|sqlite3?))\b/g;
const ENV_EXAMPLES = ['.env.example', '.env.sample', '.env.template', '.env.defaults'];
/** Folders apps conventionally write user uploads to, when the repo has one. */
const UPLOAD_DIRS = ['uploads', 'public/uploads'];

export interface WritablePaths {
  /** Folders (relative to the app) the app user must own in the image. */
  readonly dirs: readonly string[];
  /** SQLite files found at the app's top level: its folder cannot be handed to the app user. */
  readonly topLevelDatabases: readonly string[];
}

function dirOf(file: string, relativeTo: string): string {
  return posix.normalize(posix.join(relativeTo, posix.dirname(file)));
}

/**
 * Where the app writes next to itself, from repo evidence: SQLite URLs in the env examples and
 * the Prisma schema (Prisma resolves `file:` against the schema's folder), and upload folders.
 */
export async function detectWritable(project: Project, at: (f: string) => string, prisma: PrismaSchema | null, evidence: Evidence[]): Promise<WritablePaths> {
  const prismaDir = prisma?.dir ?? null;
  const dirs = new Set<string>();
  const topLevel: string[] = [];
  const add = (file: string, relativeTo: string, source: string): void => {
    const dir = dirOf(file, relativeTo);
    if (dir.startsWith('..') || dir.startsWith('/')) return;
    if (dir === '.') topLevel.push(file.replace(/^\.\//, ''));
    else dirs.add(dir);
    evidence.push({ file: at(source), reason: `SQLite database ${file}: ${dir === '.' ? 'at the top level' : `${dir}/ is writable by the app user`}` });
  };
  for (const name of ENV_EXAMPLES) {
    const text = await project.readText(at(name)).catch(() => null);
    for (const match of text?.matchAll(SQLITE_URL) ?? []) add(match[1] as string, prismaDir !== null && /file:/.test(match[0]) ? prismaDir : '.', name);
  }
  if (prisma !== null && prisma.file !== null) {
    const schema = await project.readText(at(prisma.file)).catch(() => null);
    for (const match of schema?.matchAll(SQLITE_URL) ?? []) add(match[1] as string, prisma.dir, prisma.file);
  }
  for (const dir of UPLOAD_DIRS) {
    if (await project.isDir(at(dir))) {
      dirs.add(dir);
      evidence.push({ file: at(dir), reason: 'upload folder: writable by the app user' });
    }
  }
  return { dirs: [...dirs].sort(), topLevelDatabases: [...new Set(topLevel)].sort() };
}
