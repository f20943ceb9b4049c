/**
 * `create-dockerfile lint`: a Dockerfile linter re-implementing the hadolint / BuildKit / Trivy
 * rules listed in docs/lint-rules.md on top of dockerfile-ast, with dockerfile-utils for syntax
 * and shellcheck (when installed) for RUN scripts.
 */
export type { LintFinding, Severity } from './types.js';
export type { LintOptions } from './engine.js';
export type { LintIo } from './command.js';
export { lintDockerfile } from './engine.js';
export { runLint, LINT_USAGE } from './command.js';
export { RULE_CATALOG } from './rules/index.js';
