// `@mldeploy/mock-server/msw` is meant for browsers too (setupWorker): its built module graph must
// bundle for the browser platform and use no Node-only global that would throw there. The run in a
// real Chromium is packages/e2e/test/msw-browser.test.ts; this checks the built entry itself, and
// the two plain-code replacements of node:crypto and Buffer against what they replaced.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64Text, same } from '../src/security.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

/** Globals Node has and browsers do not: a free reference to one throws a ReferenceError there. */
const NODE_GLOBALS = [
  'process',
  'Buffer',
  'global',
  '__dirname',
  '__filename',
  'setImmediate',
  'clearImmediate',
];
const MARK = '__nodeOnlyGlobal_';

/**
 * The entry as a browser bundler sees it: resolved by package name (so through `exports`, to
 * dist/), for the browser platform, where esbuild fails on any Node built-in. Every free reference
 * to a Node global is renamed to a marker (`define` touches free identifiers only: not
 * properties, strings or local bindings), so the output says where each one is.
 */
function bundleEntry() {
  bundled ??= bundle();
  return bundled;
}
let bundled: ReturnType<typeof bundle> | undefined;

async function bundle() {
  const result = await build({
    stdin: { contents: "export * from '@mldeploy/mock-server/msw';", resolveDir: packageDir, loader: 'js' },
    absWorkingDir: packageDir,
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'esm',
    metafile: true,
    logLevel: 'silent',
    define: Object.fromEntries(NODE_GLOBALS.map((name) => [name, `globalThis.${MARK}${name}`])),
  });
  return { result, text: result.outputFiles[0]?.text ?? '' };
}

/** The unminified bundle split by the `// path` line esbuild writes before each module's code. */
function modulesOf(text: string): Map<string, string> {
  const modules = new Map<string, string>();
  let current = '(prelude)';
  for (const line of text.split('\n')) {
    const header = /^\/\/ (\S+\.(?:m?js|cjs|json))$/.exec(line);
    if (header?.[1]) {
      current = header[1];
    }
    modules.set(current, `${modules.get(current) ?? ''}${line}\n`);
  }
  return modules;
}

const ours = (path: string) =>
  path.startsWith('dist/') || path.includes('/mock-server/dist/') || path.includes('/core/dist/');

describe('the msw entry in a browser bundle', () => {
  it('bundles for the browser platform from the built package, with no Node built-in', async () => {
    // A `node:` (or bare built-in) import anywhere in the graph makes this build reject.
    const { result } = await bundleEntry();
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs).toContain('dist/msw.js');
    expect(inputs).toContain('dist/default-seed.generated.js');
    expect(inputs.filter((path) => path.startsWith('src/'))).toEqual([]);
    expect(inputs.filter((path) => /^node:|^(fs|path|crypto|buffer|http|net|os|url)$/.test(path))).toEqual(
      [],
    );
    // The graph reaches the modules this was about (seed, cluster, security), so a check that
    // passes is not passing on a graph that left them out.
    expect(inputs).toEqual(
      expect.arrayContaining(['dist/seed.js', 'dist/cluster.js', 'dist/security.js', 'dist/engine.js']),
    );
    expect(inputs.some((path) => path.includes('/core/dist/'))).toBe(true);
  });

  it("uses no Node-only global in the mock's or core's code, and none unguarded anywhere", async () => {
    const { text } = await bundleEntry();
    const modules = modulesOf(text);
    expect(modules.size).toBeGreaterThan(50);
    const uses: Record<string, string[]> = {};
    const unguarded: Record<string, string[]> = {};
    for (const [path, code] of modules) {
      const names = NODE_GLOBALS.filter((name) => code.includes(`${MARK}${name}`));
      if (names.length === 0) {
        continue;
      }
      uses[path] = names;
      // Outside our code, a dependency may probe for Node (`typeof process !== 'undefined'`).
      const bare = names.filter((name) => !code.includes(`typeof globalThis.${MARK}${name}`));
      if (bare.length > 0) {
        unguarded[path] = bare;
      }
    }
    expect(Object.fromEntries(Object.entries(uses).filter(([path]) => ours(path)))).toEqual({});
    expect(unguarded).toEqual({});
  });

  it('carries the built-in seed, and the error a seed path gets where there is no file system', async () => {
    const { text } = await bundleEntry();
    expect(text).toContain('f_r7TSMFTZORrEA-7ccBdQ'); // the default seed's first node id
    expect(text).not.toContain('readFileSync(new URL');
    expect(text).toContain('this runtime has no file system');
  });
});

describe('the plain-code replacements of node:crypto and Buffer', () => {
  it('compares credentials as equality does', () => {
    // Equality is the specification; the property runs synchronously, so a busy machine cannot
    // starve it (hashing both sides through crypto.subtle, as the old code did, could).
    const text = fc.string({ unit: 'binary', maxLength: 12 });
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(same(a, b)).toBe(a === b);
        expect(same(a, a)).toBe(true);
      }),
      { numRuns: 500 },
    );
    for (const [a, b] of [
      ['', ''],
      ['', 'x'],
      ['x', ''],
      ['change-me', 'change-me'],
      ['change-me', 'change-m'],
      ['change-m', 'change-me'],
      ['abab', 'ab'],
      ['ab', 'abab'],
    ] as const) {
      expect(same(a, b), `${a} vs ${b}`).toBe(a === b);
    }
  });

  it("decodes base64 as Buffer.from(value, 'base64').toString('utf8') does", () => {
    // Header values are latin-1 at most; the alphabets, padding, whitespace and junk are mixed in.
    const chars = fc.oneof(
      fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_='),
      fc.constantFrom(' ', '\t', '\n', '*', '.', ':', '\u00e9', '\u00ff', '\u0000'),
      fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)),
    );
    const text = fc.array(chars, { maxLength: 40 }).map((a) => a.join(''));
    fc.assert(
      fc.property(text, (value) => {
        expect(decodeBase64Text(value)).toBe(Buffer.from(value, 'base64').toString('utf8'));
      }),
      { numRuns: 2000 },
    );
    // Well-formed credentials of any bytes (invalid UTF-8 included), in both alphabets.
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        const buffer = Buffer.from(bytes);
        for (const value of [buffer.toString('base64'), buffer.toString('base64url')]) {
          expect(decodeBase64Text(value)).toBe(buffer.toString('utf8'));
        }
      }),
      { numRuns: 1000 },
    );
    expect(decodeBase64Text(Buffer.from('ml-admin:change-me-admin').toString('base64'))).toBe(
      'ml-admin:change-me-admin',
    );
  });
});
