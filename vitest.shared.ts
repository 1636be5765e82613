// The vitest settings every package shares: where tests live, the JSON report that
// scripts/test.mjs sums up, type tests, and the default timeout. Each package's vitest.config.ts
// is `sharedConfig({...its own differences})`.
import { defineConfig, mergeConfig, type ViteUserConfig } from 'vitest/config';

export const baseConfig = defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/vitest.json' },
    typecheck: {
      enabled: true,
      include: ['src/**/*.test-d.ts', 'test/**/*.test-d.ts'],
      tsconfig: './tsconfig.json',
    },
    testTimeout: 20_000,
  },
});

/** The shared base with a package's own settings on top (arrays such as `include` are replaced). */
export function sharedConfig(overrides: ViteUserConfig = {}): ViteUserConfig {
  const merged = mergeConfig(baseConfig, overrides) as ViteUserConfig;
  // mergeConfig concatenates arrays; a package that gives `include` means exactly those.
  if (overrides.test?.include && merged.test) {
    merged.test.include = overrides.test.include;
  }
  return merged;
}
