// Bundles the `mldeploy` binary from src/bin.ts with what it imports from @mldeploy/client and
// @mldeploy/core (their built entries) into dist/bin.js, over tsc's one-file-per-source output: a
// cold start then reads and compiles a handful of files instead of about sixty, most of the time a
// short command spends. Code splitting keeps each command (and the client, which only commands that
// connect import) in its own chunk, loaded on first use, so `--help` still never loads the HTTP
// stack. The chunks sit next to bin.js (dist/bin-*.js), so `new URL('../package.json', import.meta.url)`
// means the same in a chunk as in tsc's files. The library entry (dist/index.js) stays as tsc wrote it.
// dist/bin-meta.json (not published) says which sources each chunk holds, for the fast-start test.
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
for (const name of readdirSync(dist)) {
  if (/^bin-.*\.js(\.map)?$/.test(name)) {
    rmSync(`${dist}${name}`);
  }
}
const { metafile } = await build({
  // From the sources, not tsc's dist/bin.js: tsc skips files it considers up to date, so the
  // bundle would otherwise be bundled again.
  entryPoints: [fileURLToPath(new URL('../src/bin.ts', import.meta.url))],
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir: dist,
  chunkNames: 'bin-[name]-[hash]',
  allowOverwrite: true,
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
  // yaml's Node entry is CommonJS (it requires node:process), which an ESM bundle cannot require:
  // it stays a dependency, loaded from node_modules by the chunk of the commands that read files.
  external: ['yaml'],
});
const chunks = {};
for (const [output, { inputs }] of Object.entries(metafile.outputs)) {
  if (output.endsWith('.js')) {
    chunks[output.slice(output.lastIndexOf('/') + 1)] = Object.keys(inputs);
  }
}
writeFileSync(`${dist}bin-meta.json`, `${JSON.stringify(chunks, null, 2)}\n`);
