import { defineConfig } from 'vitest/config';

// Browser tests: one real server (in-memory PGlite) and Debian's chromium per file, two files at a
// time (most of a test's time is waiting for the page; two keep both cores busy).
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    // The migrated PGlite dump each harness loads (without DATABASE_URL, as the browser tests run).
    globalSetup: ['test/global-setup.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: true,
    maxWorkers: 2,
    sequence: { concurrent: false },
    reporters: ['default'],
  },
});
