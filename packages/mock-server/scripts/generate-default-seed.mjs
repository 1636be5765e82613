// Writes src/default-seed.generated.ts from seeds/default.json, the one source of the built-in
// seed: the module lets the seed travel inside a bundle (the msw entry in a browser, which has no
// file system), while the JSON file stays what users read and ship. test/default-seed.test.ts fails
// when the two differ. `node scripts/generate-default-seed.mjs --check` only compares.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const GENERATE_COMMAND = 'pnpm --filter @mldeploy/mock-server gen';
export const SEED_FILE = new URL('../seeds/default.json', import.meta.url);
export const MODULE_FILE = new URL('../src/default-seed.generated.ts', import.meta.url);

/** The module's text for the seed file's text. */
export function defaultSeedModule(json = readFileSync(SEED_FILE, 'utf8')) {
  return [
    `// Generated from seeds/default.json by \`${GENERATE_COMMAND}\`: edit the JSON, not this file.`,
    "import type { SeedDocument } from './seed-schema.js';",
    '',
    '/** The built-in seed (seeds/default.json) as data; `defaultSeed()` hands out copies. */',
    `export const DEFAULT_SEED: SeedDocument = ${JSON.stringify(JSON.parse(json), null, 2)};`,
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const wanted = defaultSeedModule();
  let current;
  try {
    current = readFileSync(MODULE_FILE, 'utf8');
  } catch {
    current = undefined;
  }
  if (current === wanted) {
    process.stdout.write('src/default-seed.generated.ts is up to date\n');
  } else if (process.argv.includes('--check')) {
    process.stderr.write(`src/default-seed.generated.ts is stale: run \`${GENERATE_COMMAND}\`\n`);
    process.exit(1);
  } else {
    writeFileSync(MODULE_FILE, wanted);
    process.stdout.write('wrote src/default-seed.generated.ts\n');
  }
}
