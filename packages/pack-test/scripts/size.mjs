// Size budgets for what browsers load: `@mldeploy/core/validators` and `@mldeploy/client` bundled
// for the browser by esbuild (minified, everything they import included), and the console as Vite
// built it (apps/console/dist: every JS and CSS file). Sizes are gzip level 9, in bytes. Run
// `pnpm size` at the root for the table; test/size.test.ts fails when a budget is exceeded.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const here = fileURLToPath(new URL('..', import.meta.url));
const consoleDist = fileURLToPath(new URL('../../../apps/console/dist/assets/', import.meta.url));

/**
 * Budgets, gzipped bytes: at first about 15 % above the sizes measured when they were set (the
 * console's and the client's set again after the console's table and charts and the first-issue
 * validator); on 2026-12-07 the measured sizes plus about 10 %, after the model lifecycle and
 * inference endpoints came (22 endpoints; six when the budgets were first set). What grew is
 * theirs: 16 distinct response validators where the first budgets saw 5 (`standalone.generated`;
 * the two `_infer` answers and the inference API's the largest), and the checks the client runs
 * before sending their requests (the model config and NLP config parsers, the infer and inference
 * endpoint checks, their message catalogues). Later that day the client's and the console's again,
 * to the measured sizes plus about 10 %, for the client's node pool, sniffing, diagnostic events and
 * tracing (about 3 KiB gzipped), the `_nodes` endpoint and the console's try-it box. No TypeBox, AJV
 * or mock code is in any of the three; README "Size budgets" has the table.
 */
export const BUDGETS = {
  '@mldeploy/core/validators': 19 * 1024,
  '@mldeploy/client': 67 * 1024,
  'console (apps/console/dist)': 73 * 1024,
};

const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;

async function browserBundle(entry) {
  const result = await build({
    stdin: { contents: `export * from '${entry}';`, resolveDir: here, loader: 'js' },
    bundle: true,
    minify: true,
    write: false,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    legalComments: 'none',
    logLevel: 'silent',
  });
  const bytes = Buffer.concat(result.outputFiles.map((f) => f.contents));
  return { minified: bytes.length, gzipped: gzip(bytes) };
}

function consoleBundle() {
  const files = readdirSync(consoleDist).filter((f) => /\.(js|css)$/.test(f));
  if (files.length === 0) {
    throw new Error('apps/console/dist has no JS or CSS: build the console first');
  }
  let minified = 0;
  let gzipped = 0;
  for (const f of files) {
    const bytes = readFileSync(join(consoleDist, f));
    minified += bytes.length;
    gzipped += gzip(bytes);
  }
  return { minified, gzipped };
}

/** Measures every budgeted bundle. */
export async function measure() {
  return {
    '@mldeploy/core/validators': await browserBundle('@mldeploy/core/validators'),
    '@mldeploy/client': await browserBundle('@mldeploy/client'),
    'console (apps/console/dist)': consoleBundle(),
  };
}

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sizes = await measure();
  let over = 0;
  process.stdout.write(
    '| bundle | minified | gzipped | budget (gzipped) | within? |\n| --- | --- | --- | --- | --- |\n',
  );
  for (const [name, size] of Object.entries(sizes)) {
    const ok = size.gzipped <= BUDGETS[name];
    over += ok ? 0 : 1;
    process.stdout.write(
      `| ${name} | ${kib(size.minified)} | ${kib(size.gzipped)} | ${kib(BUDGETS[name])} | ${ok ? 'yes' : 'NO'} |\n`,
    );
  }
  process.exit(over > 0 ? 1 : 0);
}
