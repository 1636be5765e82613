import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/vitest.json' },
    // Packing and one npm install happen once per file, in beforeAll.
    testTimeout: 180_000,
    hookTimeout: 240_000,
  },
});
