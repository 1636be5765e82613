import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { closedPort } from '../helpers/ports.js';
import { runCli } from '../helpers/run-cli.js';

const REGISTER = fileURLToPath(new URL('../helpers/load-trace/register.mjs', import.meta.url));
// The binary is bundled (scripts/bundle-bin.mjs): each file it loads from dist/ is a chunk, and the
// build's map says which sources (`src/run.ts`, `../client/dist/index.js`, ...) each chunk holds.
const DIST = new URL('../../dist/', import.meta.url).href;
const CHUNKS = JSON.parse(
  readFileSync(new URL('../../dist/bin-meta.json', import.meta.url), 'utf8'),
) as Record<string, string[]>;

/** The sources behind a loaded module URL: a chunk's inputs, or the URL itself. */
function sourcesOf(url: string): string[] {
  const name = url.startsWith(DIST) ? url.slice(DIST.length) : undefined;
  const inputs = name === undefined ? undefined : CHUNKS[name];
  return inputs ? inputs.map((i) => `/cli/${i}`) : [url];
}
const traceDir = mkdtempSync(join(tmpdir(), 'mldeploy-trace-'));
let traces = 0;

/** Runs the binary with a module-load hook and answers the source of every module Node loaded for it. */
async function modulesLoadedBy(args: string[], input?: string): Promise<string[]> {
  const file = join(traceDir, `trace-${traces++}.txt`);
  const result = await runCli(args, {
    nodeArgs: ['--import', REGISTER],
    env: { MLDEPLOY_LOAD_TRACE: file },
    ...(input === undefined ? {} : { input }),
  });
  expect(result.code, result.stdout + result.stderr).not.toBeNull();
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).flatMap(sourcesOf);
}

// What a server command needs and a local one must not pay for: the client (and its fetch/TLS
// layer), and the full core with TypeBox schemas and AJV validators. The client's light view entry
// (`@mldeploy/client/view`: error and progress descriptions on core's rules) is not the client, nor
// is its `cloud-id` entry (it imports nothing; the connection settings use it). The view entry holds
// `prepareUpdate`, which `update --dry-run` and `validate` use: it too loads only core's rules.
const CLIENT_VIEW = /\/client\/dist\/(view|prepare-update|internal\/hints|internal\/read-error)\.js$/;
const HEAVY = [
  /\/client\/dist\/(?!(view|prepare-update|cloud-id|internal\/hints|internal\/read-error)\.js$)/,
  /\/undici\//,
  /\/core\/dist\/index\.js$/,
  /\/core\/dist\/(schemas|validate)\//,
  /\/@sinclair\/typebox\//,
  /\/ajv(-formats)?\//,
];
const heavyIn = (urls: string[]) => urls.filter((u) => HEAVY.some((re) => re.test(u)));

describe('fast start: local commands load neither the HTTP client nor the full core', () => {
  it.each([[['--help']], [['--version']], [['update', '--help']], [['status', '--help']]])(
    '%j loads only the CLI',
    async (args) => {
      const urls = await modulesLoadedBy(args);
      expect(urls.some((u) => u.endsWith('/cli/src/run.ts'))).toBe(true);
      expect(heavyIn(urls)).toEqual([]);
      // Nothing of core but its defaults entry: plain data (enums, defaults) that imports nothing,
      // which the help text and completions are written from.
      expect(urls.filter((u) => u.includes('/core/dist/') && !u.endsWith('/core/dist/defaults.js'))).toEqual(
        [],
      );
    },
  );

  it.each([
    [['update', 'my-model', '--allocations', '4', '--dry-run']],
    [['update', 'my-model', '--allocations', '0', '--dry-run']],
    [['validate', '-']],
  ])('%j loads @mldeploy/core/rules and nothing heavier', async (args) => {
    const urls = await modulesLoadedBy(args, '{"number_of_allocations":2}');
    expect(urls.some((u) => u.endsWith('/core/dist/rules.js'))).toBe(true);
    expect(heavyIn(urls)).toEqual([]);
  });

  it('describes an offline rejection with the client’s light view entry', async () => {
    const urls = await modulesLoadedBy(['validate', '-'], '{"number_of_allocations":0}');
    expect(urls.some((u) => CLIENT_VIEW.test(u))).toBe(true);
    expect(heavyIn(urls)).toEqual([]);
  });

  it('loads the client for a command that talks to Elasticsearch (the check can fail)', async () => {
    const port = await closedPort();
    const urls = await modulesLoadedBy(['status', '--url', `http://127.0.0.1:${port}`]);
    expect(urls.some((u) => u.endsWith('/client/dist/index.js'))).toBe(true);
    expect(heavyIn(urls).length).toBeGreaterThan(0);
    // One command's few requests go over node:http: no connection pool to load.
    expect(urls.filter((u) => /\/undici\//.test(u))).toEqual([]);
  });
});
