import { defineConfig } from 'vitest/config';

// One-shot local runs across the workspace; `pnpm test` runs each package's own config through turbo.
export default defineConfig({
  test: { projects: ['packages/*', 'apps/*'] },
});
