import dockerignoreModule from '@balena/dockerignore';
import type { Model } from './model.js';
import { copyFromContext, copyOperands } from './rules/instructions.js';
import type { Hit, RuleMeta } from './types.js';

// The package is CommonJS with `factory.default = factory`; under NodeNext the default import is
// typed as the module object, so take `.default` (present at runtime too).
const dockerignore = dockerignoreModule.default;

export const COPY_IGNORED: RuleMeta = {
  id: 'CopyIgnoredFile', aliases: [], severity: 'warning',
  message: 'COPY/ADD source is excluded by .dockerignore.',
  hint: 'Remove the pattern from .dockerignore (or add a `!path` exception), or stop copying the file.',
};

/** Normalise a COPY source to the context-relative form the matcher expects; null when unknowable. */
function contextPath(src: string): string | null {
  if (/[*?[$]/.test(src) || /^[a-z+]+:\/\//i.test(src) || src.startsWith('git@')) return null;
  const p = src.replace(/\\/g, '/').replace(/^(\.\/|\/)+/, '').replace(/\/+$/, '').replace(/\/\.$/, '');
  return p === '' || p === '.' ? null : p;
}

export function copyIgnoredHits(m: Model, dockerignoreText: string | null | undefined): Hit[] {
  if (!dockerignoreText) return [];
  const matcher = dockerignore().add(dockerignoreText.split(/\r?\n/));
  const hits: Hit[] = [];
  for (const instr of m.instructions) {
    if (!['COPY', 'ADD'].includes(instr.getKeyword()) || !copyFromContext(instr)) continue;
    const ops = copyOperands(instr);
    for (const src of ops?.slice(0, -1) ?? []) {
      const p = contextPath(src);
      if (p !== null && matcher.ignores(p)) {
        const s = instr.getRange().start;
        hits.push({ line: s.line, column: s.character, message: `"${src}" is excluded by .dockerignore, so ${instr.getKeyword()} will fail or copy nothing.` });
      }
    }
  }
  return hits;
}
