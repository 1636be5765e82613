// Bundles dist/rules.js (tsc's output, one file per source) into a single module in place, so
// loading @mldeploy/core/rules reads and compiles one file instead of about twenty. The full entry
// re-exports it, so there is still one copy of every class (ApiError) and function.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const entry = fileURLToPath(new URL('../dist/rules.js', import.meta.url));
await build({
  entryPoints: [entry],
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  outfile: entry,
  allowOverwrite: true,
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
});
