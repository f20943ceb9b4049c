import { defineConfig } from 'vitest/config';

// Suites that build images run with the real-engine config (npm run test:e2e).
const EXCLUDE = ['test/e2e/**', 'test/**/*.engine.test.ts', 'node_modules/**'];

/**
 * Files that replace a module (vi.mock) or reload modules with a changed PATH (vi.resetModules)
 * need a module registry of their own; every other file shares its worker's modules with the
 * files run there before it, so the source modules, Handlebars, the linters and the compiled
 * templates are loaded once per worker instead of once per file.
 */
const NEEDS_OWN_MODULES = ['test/snapshots.test.ts', 'test/templates/precompiled.test.ts', 'test/lint/no-shellcheck.test.ts'];

export default defineConfig({
  test: {
    // An assertion that cannot run is a defect: every test must assert something.
    expect: { requireAssertions: true },
    testTimeout: 30_000,
    // Many tests wait on a child process (the built CLI, npm, tmux, shellcheck) rather than
    // compute, so one worker per core keeps every core busy; the default leaves one core idle.
    maxWorkers: '100%',
    projects: [
      { extends: true, test: { name: 'shared', include: ['test/**/*.test.ts'], exclude: [...EXCLUDE, ...NEEDS_OWN_MODULES], isolate: false } },
      { extends: true, test: { name: 'isolated', include: NEEDS_OWN_MODULES, exclude: EXCLUDE } },
    ],
  },
});
