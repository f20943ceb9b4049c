import { copyIgnoredHits, COPY_IGNORED } from './dockerignore.js';
import { buildModel } from './model.js';
import { RULES } from './rules/index.js';
import { shellcheckModel } from './shellcheck.js';
import { collectSuppressions, isSuppressed, matches } from './suppress.js';
import type { Hit, LintFinding, RuleMeta } from './types.js';

export interface LintOptions {
  /** Path shown in findings. */
  file?: string;
  /** Contents of the .dockerignore next to the Dockerfile (null/absent: none). */
  dockerignore?: string | null;
  /** Rule ids or aliases to drop. */
  ignore?: string[];
  /** Opt-in (waived) rules to run, e.g. DL3008. */
  enable?: string[];
  /** Run shellcheck on RUN scripts when it is installed (default true). */
  shellcheck?: boolean;
}

function toFinding(file: string, meta: RuleMeta, hit: Hit): LintFinding {
  return {
    file,
    line: hit.line + 1,
    column: (hit.column ?? 0) + 1,
    rule: meta.id,
    aliases: [...meta.aliases],
    severity: hit.severity ?? meta.severity,
    message: hit.message ?? meta.message,
    hint: meta.hint,
  };
}

export async function lintDockerfile(text: string, options: LintOptions = {}): Promise<LintFinding[]> {
  const file = options.file ?? 'Dockerfile';
  const model = buildModel(text);
  const enabled = new Set((options.enable ?? []).map((s) => s.toUpperCase()));
  const findings: LintFinding[] = [];
  for (const rule of RULES) {
    if (rule.optIn && !matches({ rule: rule.id, aliases: rule.aliases }, enabled)) continue;
    for (const hit of rule.check(model)) findings.push(toFinding(file, rule, hit));
  }
  for (const hit of copyIgnoredHits(model, options.dockerignore)) findings.push(toFinding(file, COPY_IGNORED, hit));
  if (options.shellcheck !== false) {
    for (const sc of await shellcheckModel(model)) {
      findings.push(toFinding(file, {
        id: sc.code, aliases: [], severity: sc.severity, message: sc.message,
        hint: `See https://www.shellcheck.net/wiki/${sc.code}`,
      }, { line: sc.line, column: sc.column }));
    }
  }
  const suppressions = collectSuppressions(model);
  const ignored = new Set((options.ignore ?? []).map((s) => s.toUpperCase()));
  const seen = new Set<string>();
  return findings
    .filter((f) => !matches(f, ignored) && !isSuppressed(f, suppressions))
    .filter((f) => {
      const key = `${f.line}:${f.column}:${f.rule}:${f.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule));
}
