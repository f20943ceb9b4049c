/** A .gitignore with thousands of lines would slow every match; the first ones are the folders that matter. */
export const MAX_GITIGNORE_PATTERNS = 200;

/**
 * Folder patterns from the root .gitignore, as fast-glob ignore patterns. Only lines that name
 * folders are used (`logs/`, `/tmp`, `build-*`, `generated/cache`); a negated line (`!keep/`)
 * re-includes something git would skip, so its folder is never ignored here, to stay safe.
 * The file is read like a manifest: inside the repo, regular, small; else it is ignored.
 */
export function gitignorePatterns(text: string): string[] {
  const lines = text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
  const negated = lines.filter((line) => line.startsWith('!')).map((line) => line.slice(1).replace(/^\//, '').replace(/\/$/, ''));
  const patterns: string[] = [];
  for (const line of lines) {
    if (line.startsWith('!') || line.includes('\\')) continue;
    const anchored = line.startsWith('/') || line.replace(/\/$/, '').includes('/');
    const name = line.replace(/^\//, '').replace(/\/$/, '').replace(/^\*\*\//, '').replace(/\/\*\*$/, '');
    if (!/^[\w.*?@+-]+(\/[\w.*?@+-]+)*$/.test(name) || /^[*?.]*$/.test(name.split('/')[0] ?? '')) continue;
    if (negated.some((n) => n === name || n.startsWith(`${name}/`))) continue;
    // `@(…)` around a wildcard segment: fast-glob prunes a folder only when the ignore pattern also
    // matches the folder itself, which `tmp-*/**` does not but `@(tmp-*)/**` does.
    const glob = name.split('/').map((part) => (/[*?]/.test(part) ? `@(${part})` : part)).join('/');
    patterns.push(anchored && !line.startsWith('**/') ? `${glob}/**` : `**/${glob}/**`);
  }
  return patterns;
}
