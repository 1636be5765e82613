// Core in the browser: the console's JavaScript as Vite built it (apps/console/dist/assets/*.js,
// minified; gzipped here with zlib level 9 file by file), and core's share of it.
//
// Method for the share: the names the console imports from `@mldeploy/*` are collected from its
// sources, and a one-line entry re-exporting exactly those is bundled twice with esbuild (taken
// from the console's own Vite install): once whole, once with `@mldeploy/core` left external. The
// bytes that disappear, minified and gzipped, are the code that exists only because of core
// (core itself plus what only core pulls in, such as TypeBox and AJV). The share is that over the
// console's total; tree-shaking differences between esbuild and Vite's Rollup make it approximate.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { fmtBytes } from './measure.mjs';

const CONSOLE = fileURLToPath(new URL('../../apps/console/', import.meta.url));
const ASSETS = join(CONSOLE, 'dist', 'assets');

const gz = (data) => gzipSync(data, { level: 9 }).length;

function na(reason) {
  return [
    {
      benchmark: 'bundle',
      subject: `console JS: ${reason}`,
      baseline: '',
      ratio: null,
      ratioText: 'n/a',
      target: '',
      met: null,
    },
  ];
}

function sourceFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) {
        out.push(...sourceFiles(path));
      }
    } else if (/\.(m?[jt]sx?|vue|svelte)$/.test(entry.name) && !/\.(test|spec)\./.test(entry.name)) {
      out.push(path);
    }
  }
  return out;
}

/** `{ specifier: Set<name> }` of the value imports from `@mldeploy/*` in the console's sources. */
function consoleImports() {
  const found = new Map();
  const re = /import\s+(type\s+)?\{([^}]*)\}\s*from\s*['"](@mldeploy\/[^'"]+)['"]/g;
  for (const file of sourceFiles(join(CONSOLE, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(re)) {
      if (m[1]) {
        continue;
      }
      const names = found.get(m[3]) ?? new Set();
      for (const part of m[2].split(',')) {
        const name = part.trim();
        if (name && !name.startsWith('type ')) {
          names.add(name.split(/\s+as\s+/)[0].trim());
        }
      }
      found.set(m[3], names);
    }
  }
  return found;
}

async function loadEsbuild() {
  const fromConsole = createRequire(join(CONSOLE, 'package.json'));
  const candidates = [];
  try {
    candidates.push(fromConsole.resolve('esbuild'));
  } catch {}
  try {
    candidates.push(createRequire(fromConsole.resolve('vite')).resolve('esbuild'));
  } catch {}
  for (const path of candidates) {
    try {
      return await import(pathToFileURL(path).href);
    } catch {}
  }
  return undefined;
}

async function bundleSize(esbuild, entry, external) {
  const result = await esbuild.build({
    stdin: { contents: entry, resolveDir: join(CONSOLE, 'src'), sourcefile: 'bench-entry.js', loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    external: ['undici', 'node:*', ...external],
  });
  const code = result.outputFiles
    .map((f) => f.contents)
    .reduce((a, b) => Buffer.concat([a, b]), Buffer.alloc(0));
  return { min: code.length, gz: gz(code) };
}

/** Runs the bundle measurement; answers table rows (n/a when the console is not built). */
export async function runBundle() {
  if (!existsSync(ASSETS)) {
    return na('n/a (console not built)');
  }
  const files = readdirSync(ASSETS).filter((f) => f.endsWith('.js'));
  if (files.length === 0) {
    return na('n/a (console not built)');
  }
  let min = 0;
  let zipped = 0;
  for (const f of files) {
    const data = readFileSync(join(ASSETS, f));
    min += statSync(join(ASSETS, f)).size;
    zipped += gz(data);
  }
  const rows = [
    {
      benchmark: 'bundle',
      subject: `console JS (${files.length} file${files.length > 1 ? 's' : ''}): ${fmtBytes(min)} minified, ${fmtBytes(zipped)} gzipped`,
      baseline: 'minified size',
      ratio: zipped / min,
      ratioText: `${(zipped / min).toFixed(2)}x gzip`,
      target: '',
      met: null,
    },
  ];
  const imports = consoleImports();
  const esbuild = await loadEsbuild();
  if (imports.size === 0 || !esbuild) {
    rows.push(
      ...na(
        imports.size === 0
          ? "core's share: n/a (the console imports nothing from @mldeploy/*)"
          : "core's share: n/a (no esbuild in the console's node_modules)",
      ),
    );
    return rows;
  }
  const entry = [...imports]
    .filter(([, names]) => names.size > 0)
    .map(([spec, names]) => `export { ${[...names].join(', ')} } from '${spec}';`)
    .join('\n');
  const whole = await bundleSize(esbuild, entry, []);
  const withoutCore = await bundleSize(esbuild, entry, ['@mldeploy/core', '@mldeploy/core/*']);
  const core = { min: whole.min - withoutCore.min, gz: whole.gz - withoutCore.gz };
  const imported = [...imports].map(([spec, names]) => `${names.size} from ${spec}`).join(', ');
  rows.push({
    benchmark: 'bundle',
    subject: `core's share (${imported}): ${fmtBytes(core.min)} minified, ${fmtBytes(core.gz)} gzipped`,
    baseline: `console JS: ${fmtBytes(zipped)} gzipped`,
    ratio: core.gz / zipped,
    ratioText: `${((100 * core.gz) / zipped).toFixed(0)}% of gzipped`,
    target: '',
    met: null,
  });
  return rows;
}
