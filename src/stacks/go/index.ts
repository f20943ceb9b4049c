import { defineStack } from '../define.js';
import { detectGo, type GoFacts } from './detect.js';
import { planGo } from './plan.js';

export type { GoFacts } from './detect.js';
// For go.work workspaces (src/workspaces), which load this module only when a repo has one.
export { normaliseDir, parseGoMod, parseGoWork } from './gomod.js';
export { findMains, mainChoice } from './mains.js';

/** Go: go.mod / go.work / lone main.go → a static binary on distroless (or scratch, Alpine). */
export const go = defineStack<GoFacts>({
  id: 'go',
  label: 'Go',
  bases: ['distroless', 'scratch', 'alpine'],
  startHint: 'Add a main package (package main in main.go or cmd/<name>/main.go), or pass --main ./path/to/main.',
  detect: detectGo,
  plan: (detection, options) => planGo(detection.facts, options),
});
