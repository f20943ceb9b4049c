import { COMMON_IGNORE } from '../shared.js';
import type { JavaFacts } from './facts.js';

/**
 * Build output is produced inside the image. Only the exact output folders are listed (never
 * `**\/build`, which would also drop a source package named `build`); wrappers, `.mvn`, `gradle/`
 * and sources are never excluded because the Dockerfile copies them.
 */
export function javaIgnore(facts: JavaFacts): string[] {
  const out = facts.tool === 'maven' ? 'target' : 'build';
  const dirs = [...new Set(['', ...facts.modules.map((m) => m.path)])].map((p) => (p === '' ? out : `${p}/${out}`));
  return [
    '# Build output and tool caches are produced inside the image',
    ...dirs,
    ...(facts.tool === 'gradle' ? ['.gradle', '**/.gradle', '.kotlin', 'buildSrc/build', 'build-logic/build'] : []),
    'out',
    '.classpath',
    '.project',
    '.settings',
    '*.iml',
    '',
    ...COMMON_IGNORE,
    '',
  ];
}
