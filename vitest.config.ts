import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Integration tests open real SQLite files, a real keychain and real sockets: run files
    // in parallel processes but keep each file's tests in order.
    pool: 'forks',
  },
});
