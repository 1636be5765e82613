// What a person sees in a CI log or a pipe (`| cat`, `| grep`): the human output, without colour and
// without redrawn progress, unless JSON is asked for with --json, -o json or MLDEPLOY_OUTPUT=json.
// The other suites ask for JSON through MLDEPLOY_OUTPUT (test/helpers/run-cli.ts); here it is unset.
import { SEEDED_ID } from '@mldeploy/mock-server/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { FAST_POLL_ENV, usePolledMock } from '../helpers/mock.js';
import { jsonOf, runCli } from '../helpers/run-cli.js';

const CONVERGE_MS = 1000;
const mock = usePolledMock({ convergeMs: CONVERGE_MS });
mock.onStatsPoll = () => mock.server.advance(CONVERGE_MS / 4);
/** The binary with stdout and stderr piped, as in CI, and no output setting at all. */
const piped = (args: string[], env: Record<string, string> = {}) =>
  runCli(args, {
    env: { ELASTICSEARCH_URL: mock.url, ...FAST_POLL_ENV, MLDEPLOY_OUTPUT: undefined, ...env },
  });
// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for ANSI escapes on purpose
const ESCAPE = /\x1b\[/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping ANSI colours on purpose
const uncolored = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');

describe('output when piped', () => {
  beforeEach(async () => {
    await mock.server.reset();
  });

  it('verify prints its report and ends with N passed, N failed', async () => {
    const result = await piped(['verify']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/(^|\n)\d+ passed, 0 failed(, \d+ skipped)?\n$/);
    expect(result.stdout).not.toMatch(ESCAPE);
    expect(() => JSON.parse(result.stdout)).toThrow();
  });

  it('status prints the same table as with colour, one deployment per line, without colour', async () => {
    const [plain, colored] = await Promise.all([
      piped(['status'], { COLUMNS: '120' }),
      piped(['status'], { COLUMNS: '120', FORCE_COLOR: '1' }),
    ]);
    expect(plain.code, plain.stderr).toBe(0);
    expect(colored.stdout).toMatch(ESCAPE);
    expect(plain.stdout).not.toMatch(ESCAPE);
    expect(plain.stdout).toBe(uncolored(colored.stdout));
    const lines = plain.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^DEPLOYMENT +STATE +ALLOCATIONS/);
    // `mldeploy status | grep started`-style: the deployment is one line, state and count on it.
    expect(lines.filter((l) => l.startsWith(SEEDED_ID))).toEqual([
      expect.stringMatching(/ fully_allocated +1\/1 /),
    ]);
  });

  it('status in a pipe cuts no id, so grep finds it whole', async () => {
    const result = await piped(['status'], { COLUMNS: '' });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toContain('…');
    expect(result.stdout.split('\n').filter((l) => l.startsWith(`${SEEDED_ID} `))).toHaveLength(1);
  });

  it('update --wait writes one progress line per change, never a redraw', async () => {
    const result = await piped(['update', SEEDED_ID, '-n', '4', '--wait']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^✓ ${SEEDED_ID}: 4/4 allocations, fully_allocated \\(after `));
    expect(result.stderr).not.toMatch(ESCAPE);
    const waiting = result.stderr.split('\n').filter((l) => l.startsWith('waiting for '));
    expect(waiting.length).toBeGreaterThan(1);
    expect(new Set(waiting).size).toBe(waiting.length);
  });

  it('errors are one line and a hint on stderr, stdout empty', async () => {
    const result = await piped(['update', 'no-such-deployment', '-n', '2']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error: .*no-such-deployment.*\nhint: /);
  });

  it('--json, -o json and MLDEPLOY_OUTPUT=json print the same one JSON document', async () => {
    const [flag, output, env] = await Promise.all([
      piped(['status', '--json']),
      piped(['status', '-o', 'json']),
      piped(['status'], { MLDEPLOY_OUTPUT: 'json' }),
    ]);
    expect(jsonOf(flag).data.deployments[0].deployment_id).toBe(SEEDED_ID);
    expect(output.stdout).toBe(flag.stdout);
    expect(env.stdout).toBe(flag.stdout);
    expect(flag.stderr).toBe('');
  });
});
