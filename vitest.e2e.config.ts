import { defineConfig } from 'vitest/config';

// Real-engine tests: they build and run images, so they run one file at a time.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts', 'test/**/*.engine.test.ts'],
    expect: { requireAssertions: true },
    testTimeout: 600_000,
    hookTimeout: 600_000,
    fileParallelism: false,
  },
});
