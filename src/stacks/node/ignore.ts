import { COMMON_IGNORE } from '../shared.js';

/** Where package managers keep installed dependencies: never sent, the image installs its own. */
const DEPENDENCY_FOLDERS = ['**/node_modules', '.pnpm-store', '.yarn/cache', '.yarn/unplugged', '.yarn/install-state.gz', '.pnp.*'];

/** Never lists lockfiles, sources, tests or the Prisma schema: the Dockerfile copies those. */
export function nodeIgnore(outputs: readonly string[]): string[] {
  const builds = [...new Set([...outputs, 'dist', 'build', '.next', 'out', '.turbo', '.cache', 'coverage', '.nyc_output'])];
  return [
    '# Dependencies are installed inside the image',
    ...DEPENDENCY_FOLDERS,
    '',
    '# Build output and caches are produced inside the image',
    ...builds.map((dir) => `${dir}`),
    '',
    ...COMMON_IGNORE,
    '',
  ];
}

/**
 * A workspace's .dockerignore sits at the workspace root (the build context), so every pattern
 * covers the folders of every member (a dist folder at any depth), and secrets in a member folder stay out too.
 */
export function workspaceIgnore(outputs: readonly string[]): string[] {
  const builds = [...new Set([...outputs, 'dist', '.next', '.turbo', '.cache', 'coverage', '.nyc_output'])];
  return [
    '# Dependencies are installed inside the image, in every member',
    ...DEPENDENCY_FOLDERS,
    '',
    '# Build output and caches of every member are produced inside the image',
    ...builds.map((dir) => `**/${dir}`),
    'out',
    '',
    ...COMMON_IGNORE,
    '',
    '# The same in member folders',
    '**/.env',
    '**/.env.*',
    '!**/.env.example',
    '**/Dockerfile*',
    '**/.dockerignore',
    '',
  ];
}
