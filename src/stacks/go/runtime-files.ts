import type { Evidence, Project } from '../../types.js';

/**
 * Files a Go binary reads from disk at run time: a binary-only image panics without them
 * (`LoadHTMLGlob` finds no templates, `http.Dir` serves 404s, migrations are missing). Calls that
 * take paths as string literals are read from the source; a path counts only when it exists in
 * the repo, which also drops the non-path strings these names sometimes take (`sql.Open("postgres", …)`).
 * `//go:embed` compiles files into the binary and is not a read from disk, so it is not listed.
 */
const READS = /\b(LoadHTMLGlob|LoadHTMLFiles|ParseGlob|ParseFiles|Dir|DirFS|ReadFile|ReadDir|Open|Static|StaticFile|LoadConfig|SetConfigFile|AddConfigPath)\(([^)]{0,300})\)/g;
const LITERAL = /"([^"\\\n]{1,200})"/g;
/** golang-migrate and similar take a source URL: `file://migrations`. */
const FILE_URL = /"file:\/\/([^"\\\n]{1,200})"/g;
const MAX_PATHS = 12;

export interface RuntimeRead {
  readonly path: string;
  readonly file: string;
  readonly call: string;
}

/** `./templates/*.html` → `templates`; absolute, parent, empty or URL paths → null. */
export function diskPath(literal: string): string | null {
  const beforeGlob = literal.split(/[*?[{]/)[0] as string;
  const path = beforeGlob.replace(/^(?:\.\/)+/, '').replace(/\/+$/, '');
  if (path === '' || path === '.' || path.startsWith('/') || path.includes('://') || path.split('/').includes('..')) return null;
  if (!/^[\w][\w./@+-]*$/.test(path)) return null;
  // A glob inside a file name (`templates/page-*.html`) leaves a partial name: its folder is what exists.
  return beforeGlob.length < literal.length && !beforeGlob.endsWith('/') && path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : path;
}

/** Candidate paths in one Go file, in the order they appear. */
export function runtimeReadsIn(file: string, text: string): RuntimeRead[] {
  const found: RuntimeRead[] = [];
  for (const call of text.matchAll(READS)) {
    for (const literal of (call[2] as string).matchAll(LITERAL)) {
      const path = diskPath(literal[1] as string);
      if (path !== null) found.push({ path, file, call: call[1] as string });
    }
  }
  for (const url of text.matchAll(FILE_URL)) {
    const path = diskPath(url[1] as string);
    if (path !== null) found.push({ path, file, call: 'file:// source' });
  }
  return found;
}

/** The paths that exist in the repo, deduplicated (a folder covers the files under it). */
export async function existingRuntimePaths(project: Project, reads: readonly RuntimeRead[], evidence: Evidence[]): Promise<string[]> {
  const kept: string[] = [];
  for (const read of reads) {
    if (kept.length >= MAX_PATHS) break;
    if (kept.some((k) => read.path === k || read.path.startsWith(`${k}/`))) continue;
    if (!(await project.exists(read.path))) continue;
    // A file name ending in .go is source, never something the binary reads.
    if (read.path.endsWith('.go')) continue;
    for (let i = kept.length - 1; i >= 0; i--) if ((kept[i] as string).startsWith(`${read.path}/`)) kept.splice(i, 1);
    kept.push(read.path);
    evidence.push({ file: read.file, reason: `reads ${read.path} from disk at run time (${read.call}): copied into the image` });
  }
  return kept;
}
