import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Suites that build images run with the real-engine config (npm run test:e2e).
    exclude: ['test/e2e/**', 'test/**/*.engine.test.ts', 'node_modules/**'],
    // An assertion that cannot run is a defect: every test must assert something.
    expect: { requireAssertions: true },
    testTimeout: 30_000,
  },
});
