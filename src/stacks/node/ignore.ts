import { COMMON_IGNORE } from '../shared.js';

/** Where package managers keep installed dependencies: never sent, the image installs its own. */
const DEPENDENCY_FOLDERS = ['**/node_modules', '.pnpm-store', '.yarn/cache', '.yarn/unplugged', '.yarn/install-state.gz', '.pnp.*'];

/** SQLite files and their journals: a developer's data, not the app's. */
const DATABASE_FILES = ['**/*.db', '**/*.db-journal', '**/*.sqlite', '**/*.sqlite3'];

/**
 * Never lists lockfiles, sources, tests or the Prisma schema: the Dockerfile copies those.
 * `sent`: dependency folders the install reads from the context (a committed Yarn cache).
 */
export function nodeIgnore(outputs: readonly string[], sent: readonly string[] = []): string[] {
  const builds = [...new Set([...outputs, 'dist', 'build', '.next', 'out', '.turbo', '.cache', 'coverage', '.nyc_output'])];
  return [
    '# Dependencies are installed inside the image',
    ...DEPENDENCY_FOLDERS.filter((folder) => !sent.includes(folder)),
    '',
    '# Build output and caches are produced inside the image',
    ...builds.map((dir) => `${dir}`),
    '',
    '# Local databases: never baked into the image',
    ...DATABASE_FILES,
    '',
    ...COMMON_IGNORE,
    '',
  ];
}

/**
 * A workspace's .dockerignore sits at the workspace root (the build context), so every pattern
 * covers the folders of every member (a dist folder at any depth), and secrets in a member folder stay out too.
 */
export function workspaceIgnore(outputs: readonly string[], sent: readonly string[] = []): string[] {
  const builds = [...new Set([...outputs, 'dist', '.next', '.turbo', '.cache', 'coverage', '.nyc_output'])];
  return [
    '# Dependencies are installed inside the image, in every member',
    ...DEPENDENCY_FOLDERS.filter((folder) => !sent.includes(folder)),
    '',
    '# Build output and caches of every member are produced inside the image',
    ...builds.map((dir) => `**/${dir}`),
    'out',
    '',
    '# Local databases: never baked into the image',
    ...DATABASE_FILES,
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
