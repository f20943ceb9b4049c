/**
 * A generated file the user has taken over. Either a comment line near the top of the file,
 *
 *     # create-dockerfile: owned
 *
 * (any of the first 10 lines, so it can sit under `# syntax=`), or its path in the `owned` list of
 * .create-dockerfile.json (for files where a comment would be unwelcome). Owned files are never
 * overwritten, and `--check` reports their drift without failing.
 */
export const OWNED_MARKER = '# create-dockerfile: owned';

const MARKER = /^\s*#\s*create-dockerfile:\s*owned\s*$/im;
const HEAD_LINES = 10;

export function isOwned(path: string, existing: string | null, owned: readonly string[]): boolean {
  if (owned.includes(path)) return true;
  if (existing === null) return false;
  return MARKER.test(existing.split('\n', HEAD_LINES).join('\n'));
}
