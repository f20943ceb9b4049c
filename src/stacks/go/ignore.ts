import { COMMON_IGNORE } from '../shared.js';

/**
 * Never lists go.mod, go.sum, go.work*, vendor/ or testdata: the Dockerfile copies and tests them.
 * Binaries built on the host are excluded by name, not by folder, so no package folder is lost.
 */
export function goIgnore(): string[] {
  return [
    '# Binaries and test output built on the host',
    '*.exe',
    '*.test',
    '*.out',
    '*.prof',
    'coverage.html',
    '/bin',
    '',
    ...COMMON_IGNORE,
    '',
  ];
}
