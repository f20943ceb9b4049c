import { createHash } from 'node:crypto';

/** Paths whose name is a one-to-one reading: non-empty segments of characters a volume name keeps, no `-`. */
const READABLE = /^(\/[A-Za-z0-9_.]+)+$/;

/**
 * The named volume that keeps a folder the app writes: `/app/public/uploads` → `app-public-uploads`.
 * Compose names allow only `[A-Za-z0-9_.-]`, so `/` becomes `-`, and that reading is one-to-one only
 * for paths with no `-` (and nothing else the name drops) of their own. Any other path, and one whose
 * name a service volume already uses, gets `--` and a hash of the whole path: `/app/a-b` and
 * `/app/a/b` stay apart, and a readable name never holds `--` (its segments are not empty). Each name
 * depends only on its own path, so a folder added later never renames the volume of another.
 */
export function volumeName(containerPath: string, taken: ReadonlySet<string> = new Set()): string {
  const path = containerPath.length > 1 ? containerPath.replace(/\/+$/, '') : containerPath;
  const slug = path.replace(/^\/+/, '').replace(/[^A-Za-z0-9_.]+/g, '-').replace(/^-|-$/g, '');
  if (READABLE.test(path) && !taken.has(slug)) return slug;
  const hash = createHash('sha256').update(path).digest('hex').slice(0, 8);
  return `${slug === '' ? 'volume' : slug}--${hash}`;
}
