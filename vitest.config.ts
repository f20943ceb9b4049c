import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    // An assertion that cannot run is a defect: every test must assert something.
    expect: { requireAssertions: true },
    testTimeout: 30_000,
  },
});
