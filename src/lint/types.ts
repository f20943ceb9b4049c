export type Severity = 'error' | 'warning' | 'info';

export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export interface LintFinding {
  file: string;
  line: number;
  column: number;
  rule: string;
  aliases: string[];
  severity: Severity;
  message: string;
  hint: string;
}

/** Where a rule fired. Lines and columns are 0-based, as in dockerfile-ast ranges. */
export interface Hit {
  line: number;
  column?: number;
  /** Overrides the rule's default message when the finding needs specifics. */
  message?: string;
  /** Overrides the rule's default severity (syntax diagnostics carry their own). */
  severity?: Severity;
}

export interface RuleMeta {
  id: string;
  aliases: string[];
  severity: Severity;
  message: string;
  hint: string;
  /** Waived rules (see lint-rules.md "W") only run when explicitly enabled. */
  optIn?: boolean;
}

export interface Rule<M> extends RuleMeta {
  check(model: M): Hit[];
}
