/** A path as a whole word of a note: not part of a longer name (`compose.yaml` is not in `my-compose.yaml`). */
function names(text: string, path: string): boolean {
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\w./-])${escaped}($|[^\\w/-])`).test(text);
}

/**
 * Notes are written by the stacks, which do not know which files a run writes. A sentence that
 * names a generated file this run neither writes nor finds in the repo (compose.prod.yaml with
 * `--only dockerfile`) would send the reader to a file that is not there: it is left out, and
 * the rest of its note kept.
 */
export function aboutPresentFiles(notes: readonly string[], absent: readonly string[]): string[] {
  if (absent.length === 0) return [...notes];
  const out: string[] = [];
  for (const note of notes) {
    const sentences = note.split(/(?<=[.!?])\s+(?=[A-Z(])/);
    const kept = sentences.filter((s) => !absent.some((path) => names(s, path)));
    if (kept.length > 0) out.push(kept.join(' '));
  }
  return out;
}
