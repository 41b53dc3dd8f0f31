import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Two projects: `unit` (pure logic colocated in lib/, no stack: starts in seconds, files in
// parallel) and `integration` (tests/ and jobs/, against one shared stack — Postgres, sandbox, the
// built web app and a worker — booted once by the global setup; files one at a time, since they
// share that worker's slots and the receiver ports, in one module graph: re-importing the app's
// modules for every file cost more than the files' own setup).
export default defineConfig({
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('./', import.meta.url)),
      // `server-only` throws outside React Server Components; in tests it is a no-op.
      'server-only': fileURLToPath(new URL('./tests/support/empty.ts', import.meta.url)),
    },
  },
  test: {
    testTimeout: 60_000,
    hookTimeout: 180_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['lib/**/*.test.ts'],
          setupFiles: ['tests/support/unit-env.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/**/*.test.ts', 'jobs/**/*.test.ts'],
          fileParallelism: false,
          isolate: false,
          globalSetup: ['tests/support/global-setup.ts'],
        },
      },
    ],
  },
});
