import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    // tfjs keeps one global engine per process; isolated forks keep backends from leaking between files.
    pool: 'forks',
  },
});
