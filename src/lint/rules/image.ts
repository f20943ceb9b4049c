import type { Model } from '../model.js';
import { inheritedInstructions } from '../model.js';
import type { Hit, Rule } from '../types.js';

function finalFromHit(m: Model, message?: string): Hit[] {
  if (!m.finalStage) return [];
  const s = m.finalStage.from.getRange().start;
  return [message === undefined ? { line: s.line, column: s.character } : { line: s.line, column: s.character, message }];
}

export const imageRules: Rule<Model>[] = [
  {
    id: 'DL3002', aliases: ['DS-0002'], severity: 'warning',
    message: 'Last USER should not be root.',
    hint: 'End the final stage with a non-root user, e.g. `USER nonroot:nonroot` or `USER 10001:10001`.',
    check: (m) => {
      if (!m.finalStage) return [];
      const users = inheritedInstructions(m.finalStage).filter((i) => i.getKeyword() === 'USER');
      const last = users.at(-1);
      if (!last) return finalFromHit(m, 'The final stage has no USER instruction, so the container runs as root.');
      const user = (last.getArgumentsContent() ?? '').trim().split(':')[0] ?? '';
      if (user !== 'root' && user !== '0') return [];
      const s = last.getRange().start;
      return [{ line: s.line, column: s.character }];
    },
  },
  {
    id: 'DL3057', aliases: ['DS-0026'], severity: 'warning',
    message: 'HEALTHCHECK instruction missing in the final stage.',
    hint: 'Add `HEALTHCHECK CMD [...]`, or `HEALTHCHECK NONE` when the image has no shell/probe tool (distroless).',
    check: (m) => {
      if (!m.finalStage) return [];
      const has = inheritedInstructions(m.finalStage).some((i) => i.getKeyword() === 'HEALTHCHECK');
      return has ? [] : finalFromHit(m);
    },
  },
  {
    id: 'DL3059', aliases: [], severity: 'info',
    message: 'Multiple consecutive `RUN` instructions. Consider consolidation.',
    hint: 'Join them with `&&` into one RUN (keep them apart only when layer caching needs it).',
    check: (m) => {
      const hits: Hit[] = [];
      for (const stage of m.stages) {
        let prev: { flags: string; count: number } | null = null;
        for (const instr of stage.instructions) {
          if (instr.getKeyword() !== 'RUN') {
            prev = null;
            continue;
          }
          const info = m.runs.find((r) => r.run === instr);
          const flags = (info?.run.getFlags() ?? []).map((f) => f.toString()).sort().join(' ');
          const count = info?.parsed.commands.length ?? 1;
          // Like hadolint: RUNs that already chain several commands were split on purpose.
          if (prev && prev.flags === flags && prev.count <= 2 && count <= 2) {
            const s = instr.getRange().start;
            hits.push({ line: s.line, column: s.character });
          }
          prev = { flags, count };
        }
      }
      return hits;
    },
  },
];
