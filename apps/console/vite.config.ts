import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
// `pnpm dev` proxies the API to a server on 127.0.0.1:9200 (the mock from `pnpm start`), or to MLDEPLOY_ES_URL.
const api = process.env.MLDEPLOY_ES_URL ?? 'http://127.0.0.1:9200';

// The mock server serves the build under /_console/, so every asset URL starts there.
export default defineConfig({
  root,
  base: '/_console/',
  // One chunk and no dynamic imports: the modulepreload polyfill would be dead weight in the bundle budget.
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    modulePreload: { polyfill: false },
  },
  server: { proxy: { '/_ml': api, '^/$': api } },
});
