import { validate, ValidationCode, ValidationSeverity } from 'dockerfile-utils';
import type { Model } from '../model.js';
import type { Hit, Rule, RuleMeta } from '../types.js';

/** dockerfile-utils codes re-checked by our own rules (with hadolint/BuildKit ids), so dropped here. */
const OWN = new Set<number>([
  ValidationCode.CASING_INSTRUCTION,
  ValidationCode.DUPLICATE_BUILD_STAGE_NAME,
  ValidationCode.INVALID_DESTINATION,
  ValidationCode.INVALID_PORT,
  ValidationCode.INVALID_PROTO,
]);

interface Mapped extends RuleMeta {
  codes: number[];
  /** For MULTIPLE_INSTRUCTIONS, which keyword the diagnostic is about. */
  keyword?: string;
}

const MAPPED: Mapped[] = [
  {
    id: 'DL3061', aliases: [], severity: 'error', codes: [ValidationCode.NO_SOURCE_IMAGE],
    message: 'Invalid instruction order. Dockerfile must begin with `FROM`, `ARG` or comment.',
    hint: 'Move the instruction below the first FROM.',
  },
  {
    id: 'NoEmptyContinuation', aliases: [], severity: 'warning', codes: [ValidationCode.EMPTY_CONTINUATION_LINE],
    message: 'Empty continuation line.', hint: 'Remove blank lines inside `\\` continuations.',
  },
  {
    id: 'DL3000', aliases: ['WorkdirRelativePath', 'DS-0009'], severity: 'error', codes: [ValidationCode.WORKDIR_IS_NOT_ABSOLUTE],
    message: 'Use absolute WORKDIR.', hint: 'Write `WORKDIR /app`.',
  },
  {
    id: 'DL4000', aliases: ['MaintainerDeprecated', 'DS-0022'], severity: 'error', codes: [ValidationCode.DEPRECATED_MAINTAINER],
    message: 'MAINTAINER is deprecated.', hint: 'Use `LABEL org.opencontainers.image.authors="…"`.',
  },
  {
    id: 'DL4003', aliases: ['MultipleInstructionsDisallowed', 'DS-0016'], severity: 'warning', codes: [ValidationCode.MULTIPLE_INSTRUCTIONS], keyword: 'CMD',
    message: 'Multiple `CMD` instructions found. Only the last one takes effect.', hint: 'Keep one CMD per stage.',
  },
  {
    id: 'DL4004', aliases: ['MultipleInstructionsDisallowed', 'DS-0007'], severity: 'error', codes: [ValidationCode.MULTIPLE_INSTRUCTIONS], keyword: 'ENTRYPOINT',
    message: 'Multiple `ENTRYPOINT` instructions found. Only the last one takes effect.', hint: 'Keep one ENTRYPOINT per stage.',
  },
  {
    id: 'DL3012', aliases: ['MultipleInstructionsDisallowed', 'DS-0023'], severity: 'error', codes: [ValidationCode.MULTIPLE_INSTRUCTIONS], keyword: 'HEALTHCHECK',
    message: 'Multiple `HEALTHCHECK` instructions found. Only the last one takes effect.', hint: 'Keep one HEALTHCHECK per stage.',
  },
];

const SYNTAX: RuleMeta = {
  id: 'DockerfileSyntax', aliases: [], severity: 'error',
  message: 'Dockerfile syntax error.', hint: 'Fix the instruction as the message describes; `docker build` would reject or misread it.',
};

type Diagnostic = { code: number; line: number; column: number; message: string; severity: number };
const cache = new WeakMap<Model, Diagnostic[]>();

function diagnostics(m: Model): Diagnostic[] {
  const cached = cache.get(m);
  if (cached) return cached;
  const result: Diagnostic[] = validate(m.text, {
    instructionCasing: ValidationSeverity.IGNORE,
    instructionWorkdirRelative: ValidationSeverity.WARNING,
    emptyContinuationLine: ValidationSeverity.WARNING,
    deprecatedMaintainer: ValidationSeverity.WARNING,
    // Passing settings switches every unlisted check off, so list them all.
    directiveCasing: ValidationSeverity.WARNING,
    instructionCmdMultiple: ValidationSeverity.WARNING,
    instructionEntrypointMultiple: ValidationSeverity.WARNING,
    instructionHealthcheckMultiple: ValidationSeverity.WARNING,
    instructionJSONInSingleQuotes: ValidationSeverity.WARNING,
  }).map((d) => ({
    code: typeof d.code === 'number' ? d.code : Number(d.code),
    line: d.range.start.line,
    column: d.range.start.character,
    message: typeof d.message === 'string' ? d.message : d.message.value,
    severity: d.severity ?? 1,
  }) satisfies Diagnostic);
  cache.set(m, result);
  return result;
}

function keywordAt(m: Model, line: number): string | undefined {
  return m.instructions.find((i) => i.getRange().start.line <= line && i.getRange().end.line >= line)?.getKeyword();
}

export const syntaxRules: Rule<Model>[] = [
  ...MAPPED.map((meta): Rule<Model> => ({
    ...meta,
    check: (m) => diagnostics(m)
      .filter((d) => meta.codes.includes(d.code) && (meta.keyword === undefined || keywordAt(m, d.line) === meta.keyword))
      .map((d): Hit => ({ line: d.line, column: d.column })),
  })),
  {
    ...SYNTAX,
    check: (m) => diagnostics(m)
      .filter((d) => !OWN.has(d.code) && !MAPPED.some((x) => x.codes.includes(d.code)))
      .map((d): Hit => ({ line: d.line, column: d.column, message: d.message, severity: d.severity === 1 ? 'error' : 'warning' })),
  },
];
