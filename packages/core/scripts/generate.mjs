// Writes the generated files of @mldeploy/core (src/validate/standalone.generated.ts, schema/*)
// from the TypeBox schemas. `node scripts/generate.mjs --check` only compares and fails when a
// file is stale. The TypeScript sources are bundled with esbuild first (Node runs no TypeScript).
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const check = process.argv.includes('--check');
// Inside the package, so that the bundle's bare imports (TypeBox, AJV) resolve.
const outfile = join(root, 'node_modules', '.cache', 'mldeploy-generate', 'generated-files.mjs');
async function generate() {
  await build({
    entryPoints: [join(root, 'scripts', 'generated-files.ts')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    outfile,
    logLevel: 'warning',
  });
  const module = await import(`${pathToFileURL(outfile).href}?${Date.now()}`);
  await rm(dirname(outfile), { recursive: true, force: true });
  return { files: module.generatedFiles(root), index: module.DEFINITIONS_INDEX };
}

let { files, index } = await generate();
// The index of src/endpoints/ is what the rest is generated from: a new definition is written into
// it first, and everything generated again from the index that holds it.
const indexPath = join(root, index);
if ((await readFile(indexPath, 'utf8').catch(() => undefined)) !== files[index]) {
  if (check) {
    process.stderr.write(`stale generated file (run \`pnpm --filter @mldeploy/core gen\`): ${index}\n`);
    process.exit(1);
  }
  await writeFile(indexPath, files[index]);
  ({ files } = await generate());
}
const stale = [];
for (const [path, content] of Object.entries(files)) {
  const target = join(root, path);
  const current = await readFile(target, 'utf8').catch(() => undefined);
  if (current === content) {
    continue;
  }
  stale.push(path);
  if (!check) {
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content);
  }
}
// A schema file no longer generated is stale too.
for (const name of await readdir(join(root, 'schema'))) {
  if (!Object.hasOwn(files, `schema/${name}`)) {
    stale.push(`schema/${name}`);
    if (!check) {
      await rm(join(root, 'schema', name));
    }
  }
}
if (check && stale.length > 0) {
  process.stderr.write(
    `stale generated files (run \`pnpm --filter @mldeploy/core gen\`): ${stale.join(', ')}\n`,
  );
  process.exit(1);
}
process.stdout.write(stale.length === 0 ? 'generated files are up to date\n' : `wrote ${stale.join(', ')}\n`);
