import { COMMON_IGNORE } from '../shared.js';

/** Never lists lockfiles, sources, tests or the Prisma schema: the Dockerfile copies those. */
export function nodeIgnore(outputs: readonly string[]): string[] {
  const builds = [...new Set([...outputs, 'dist', 'build', '.next', 'out', '.turbo', '.cache', 'coverage', '.nyc_output'])];
  return [
    '# Dependencies are installed inside the image',
    '**/node_modules',
    '.pnpm-store',
    '.yarn/cache',
    '.yarn/unplugged',
    '.yarn/install-state.gz',
    '.pnp.*',
    '',
    '# Build output and caches are produced inside the image',
    ...builds.map((dir) => `${dir}`),
    '',
    ...COMMON_IGNORE,
    '',
  ];
}
