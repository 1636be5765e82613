// Bundles the rules entry into dist/rules.js, a single module, so loading @mldeploy/core/rules reads
// and compiles one file instead of about twenty. The full entry re-exports it, so there is still one
// copy of every class (ApiError) and function.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

// Bundled from the TypeScript source, not from tsc's output: an incremental `tsc -b` does not re-emit
// dist/rules.js when only a module below it changed, so bundling dist/rules.js in place would
// bundle the previous bundle again.
const source = fileURLToPath(new URL('../src/rules.ts', import.meta.url));
const entry = fileURLToPath(new URL('../dist/rules.js', import.meta.url));
await build({
  entryPoints: [source],
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
