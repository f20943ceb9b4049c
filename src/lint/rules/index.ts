import type { Model } from '../model.js';
import type { Rule, RuleMeta } from '../types.js';
import { COPY_IGNORED } from '../dockerignore.js';
import { imageRules } from './image.js';
import { instructionRules } from './instructions.js';
import { packageRules } from './packages.js';
import { runRules } from './run.js';
import { stageRules } from './stages.js';
import { syntaxRules } from './syntax.js';
import { varRules } from './vars.js';

export const RULES: Rule<Model>[] = [
  ...syntaxRules,
  ...stageRules,
  ...varRules,
  ...instructionRules,
  ...imageRules,
  ...runRules,
  ...packageRules,
];

/** Every rule's metadata (for SARIF and docs); shellcheck codes are added on the fly. */
export const RULE_CATALOG: RuleMeta[] = [...RULES, COPY_IGNORED].map(({ id, aliases, severity, message, hint, optIn }) =>
  optIn ? { id, aliases, severity, message, hint, optIn } : { id, aliases, severity, message, hint });
