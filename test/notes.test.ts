import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFixtures, runCli } from './helpers.js';

/**
 * Notes are read by people who then go and look: a note never points to other text, and every
 * file or folder it names must be in the repo, among the files the run writes, or named by those
 * files (a build output folder the Dockerfile copies, a folder it makes writable, an image).
 * Checked on the run of every fixture, with all files and with the Dockerfile alone (where
 * compose files are not written).
 */
const EXTENSION = /\.(json|ya?ml|toml|txt|lockb?|[cm]?js|tsx?|py|go|mod|sum|prisma|example|cfg|ini|xml|gradle|kts|hbs|md|sh)$/;

/** The words of a note that name a path: with a slash, a file extension, or a leading dot. */
export function namedPaths(note: string): string[] {
  return note.split(/[\s,;()`'"]+/).map((w) => w.replace(/[.:]+$/, '')).filter((w) => {
    if (w === '' || w.includes('://') || w.includes('<') || w.startsWith('--')) return false;
    // Product names (Next.js, Node.js) and module paths (github.com/x/y) are not files.
    if (/^[A-Z][\w]*\.js$/.test(w) || /^[a-z0-9-]+(\.[a-z0-9-]+)+\//.test(w)) return false;
    return w.includes('/') || EXTENSION.test(w) || /^\.[a-z][\w.-]*$/.test(w);
  });
}

describe('notes name only files that are there', { timeout: 300_000 }, () => {
  it('finds the paths in a note', () => {
    expect(namedPaths("compose.yaml runs postgres (package.json: depends on pg); see .env.example. Next.js in ./cmd/api, not github.com/a/b or cmd/<name>.")).toEqual(['compose.yaml', 'package.json', '.env.example', './cmd/api']);
  });

  for (const only of [[], ['--only', 'dockerfile']]) {
    it(`on every fixture${only.length === 0 ? '' : ` with ${only.join(' ')}`}`, async () => {
      const problems: string[] = [];
      let checked = 0;
      for (const fixture of await listFixtures()) {
        const args = [fixture.dir, '--yes', '--dry-run', ...(fixture.spec.args ?? []), ...only];
        const text = await runCli(args, fixture.dir);
        if (text.exit !== 0 && text.exit !== 4) continue;
        const json = JSON.parse((await runCli([...args, '--json'], fixture.dir)).stdout) as { files: { path: string; contents: string }[] };
        const written = new Set(json.files.map((f) => f.path));
        const generated = json.files.map((f) => f.contents).join('\n');
        const notes = text.stdout.split('\n').filter((l) => l.startsWith('note: '));
        for (const note of notes) {
          // A note stands alone: --json carries the warnings without the notes they could point to.
          if (/\b(see|in) the (note|message|comment)\b|\b(below|above)\b/i.test(note)) problems.push(`${fixture.name}: points elsewhere: "${note}"`);
          for (const named of namedPaths(note)) {
            checked += 1;
            const rel = named.replace(/^\.\//, '').replace(/\/$/, '');
            if (existsSync(path.join(fixture.dir, rel)) || written.has(rel) || generated.includes(rel)) continue;
            problems.push(`${fixture.name}: ${named} in "${note}"`);
          }
        }
      }
      expect(checked).toBeGreaterThan(20);
      expect(problems).toEqual([]);
    });
  }
});
