import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SEEDED_ID, useMockServer } from '@mldeploy/mock-server/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { jsonOf, runCli } from '../helpers/run-cli.js';

const mock = useMockServer({ convergeMs: 50 });
const cli = (args: string[], env: Record<string, string> = {}) =>
  runCli(args, { env: { ELASTICSEARCH_URL: mock.url, ...env } });
// Each test spawns the binary several times in a row; on a loaded machine a spawn can take seconds.
const SPAWNS_TIMEOUT = 60_000;
const dir = mkdtempSync(join(tmpdir(), 'mldeploy-desired-'));
let files = 0;

/** Writes a desired-state file and answers its path. */
function desired(text: string, ext = 'yaml'): string {
  const path = join(dir, `desired-${files++}.${ext}`);
  writeFileSync(path, text);
  return path;
}

const fixed = (n: number) => desired(`deployments:\n  - id: ${SEEDED_ID}\n    number_of_allocations: ${n}\n`);
const stored = (id = SEEDED_ID) => mock.server.state().deployments.find((d) => d.deployment_id === id);

describe('mldeploy diff and apply', () => {
  beforeEach(async () => {
    await mock.server.reset();
  }, SPAWNS_TIMEOUT);

  it(
    'applies a file, after which diff on the same file reports no changes',
    async () => {
      const file = fixed(3);
      const before = await cli(['diff', '-f', file]);
      expect(before.code, before.stdout).toBe(0);
      expect(jsonOf(before).data).toEqual({
        changes: [{ id: SEEDED_ID, field: 'number_of_allocations', from: 1, to: 3 }],
      });

      const applied = await cli(['apply', '-f', file, '--yes', '--wait']);
      expect(applied.code, applied.stdout + applied.stderr).toBe(0);
      expect(jsonOf(applied).data).toMatchObject({
        changes: [{ id: SEEDED_ID, field: 'number_of_allocations', from: 1, to: 3 }],
        applied: [SEEDED_ID],
        wait: [{ id: SEEDED_ID, state: 'fully_allocated', allocation_count: 3, target_allocation_count: 3 }],
      });
      expect(stored()?.number_of_allocations).toBe(3);

      const [after, human, again] = await Promise.all([
        cli(['diff', '-f', file]),
        cli(['diff', '-f', file, '-o', 'human'], { NO_COLOR: '1' }),
        cli(['apply', '-f', file, '--yes']),
      ]);
      expect(jsonOf(after).data).toEqual({ changes: [] });
      expect(human.stdout).toBe('no changes: 1 deployment in sync\n');
      expect(jsonOf(again).data).toEqual({ changes: [], applied: [] });
    },
    SPAWNS_TIMEOUT,
  );

  it(
    'shows exactly the pending change of an edited file, as a table for people',
    async () => {
      await cli(['apply', '-f', fixed(3), '--yes']);
      const result = await cli(['diff', '-f', fixed(5), '-o', 'human'], { NO_COLOR: '1' });
      expect(result.code).toBe(0);
      expect(result.stdout.split('\n')).toEqual([
        expect.stringMatching(/^DEPLOYMENT +FIELD +FROM +TO$/),
        expect.stringMatching(new RegExp(`^${SEEDED_ID} +number_of_allocations +3 +5$`)),
        '',
        '1 change to 1 deployment',
        '',
      ]);
    },
    SPAWNS_TIMEOUT,
  );

  it(
    'turns adaptive allocations on with their bounds, and changes only a bound that differs',
    async () => {
      const adaptive = desired(
        `# yaml-language-server: $schema=https://mldeploy.dev/schema/desired-state.json\ndeployments:\n  - id: ${SEEDED_ID}\n    adaptive_allocations: { enabled: true, min_number_of_allocations: 1, max_number_of_allocations: 8 }\n`,
      );
      const plan = await cli(['diff', '-f', adaptive]);
      expect(jsonOf(plan).data.changes).toEqual([
        { id: SEEDED_ID, field: 'adaptive_allocations.enabled', from: false, to: true },
        { id: SEEDED_ID, field: 'adaptive_allocations.min_number_of_allocations', from: null, to: 1 },
        { id: SEEDED_ID, field: 'adaptive_allocations.max_number_of_allocations', from: null, to: 8 },
      ]);
      expect((await cli(['apply', '-f', adaptive, '--yes'])).code).toBe(0);
      expect(stored()?.adaptive_allocations).toEqual({
        enabled: true,
        min_number_of_allocations: 1,
        max_number_of_allocations: 8,
      });
      const narrower = desired(
        `{"deployments": [{"id": "${SEEDED_ID}", "adaptive_allocations": {"enabled": true, "min_number_of_allocations": 1}}]}`,
        'json',
      );
      const [same, narrowed] = await Promise.all([
        cli(['diff', '-f', adaptive]),
        cli(['diff', '-f', narrower]),
      ]);
      expect(jsonOf(same).data.changes).toEqual([]);
      expect(jsonOf(narrowed).data.changes).toEqual([
        { id: SEEDED_ID, field: 'adaptive_allocations.max_number_of_allocations', from: 8, to: null },
      ]);
    },
    SPAWNS_TIMEOUT,
  );

  it(
    'turns adaptive allocations off for a fixed number, in one request',
    async () => {
      const seed = mock.server.state();
      await mock.server.reset({
        ...seed,
        // No scaler, so the number stays where the seed puts it.
        cluster: { ...seed.cluster, scaler_interval_ms: 0 },
        deployments: seed.deployments.map((d) => ({
          ...d,
          adaptive_allocations: { enabled: true, min_number_of_allocations: 1, max_number_of_allocations: 8 },
        })),
      });
      const file = fixed(2);
      const plan = await cli(['diff', '-f', file]);
      expect(jsonOf(plan).data.changes).toEqual([
        { id: SEEDED_ID, field: 'adaptive_allocations.enabled', from: true, to: false },
        { id: SEEDED_ID, field: 'number_of_allocations', from: 1, to: 2 },
      ]);
      const applied = await cli(['apply', '-f', file, '--yes']);
      expect(applied.code, applied.stdout).toBe(0);
      expect(stored()).toMatchObject({
        number_of_allocations: 2,
        adaptive_allocations: { enabled: false, min_number_of_allocations: 1, max_number_of_allocations: 8 },
      });
      expect(jsonOf(await cli(['diff', '-f', file])).data.changes).toEqual([]);
    },
    SPAWNS_TIMEOUT,
  );

  it(
    'leaves deployments that are not in the file alone',
    async () => {
      const seed = mock.server.state();
      const first = seed.deployments[0];
      if (!first) {
        throw new Error('the seed has a deployment');
      }
      await mock.server.reset({
        ...seed,
        deployments: [...seed.deployments, { ...first, deployment_id: 'other' }],
      });
      const result = await cli(['apply', '-f', fixed(2), '--yes']);
      expect(result.code, result.stdout).toBe(0);
      expect(stored()?.number_of_allocations).toBe(2);
      expect(stored('other')?.number_of_allocations).toBe(1);
    },
    SPAWNS_TIMEOUT,
  );

  it(
    "refuses a file that breaks Elasticsearch's rules with its message and location, and changes nothing",
    async () => {
      const before = JSON.stringify(mock.server.state());
      const file = desired(
        `deployments:\n  - id: ${SEEDED_ID}\n    number_of_allocations: 0\n  - id: other\n    number_of_allocations: 2\n`,
      );
      const human = await cli(['apply', '-f', file, '--yes', '-o', 'human']);
      expect(human.code).toBe(2);
      expect(human.stderr).toBe(
        `error: ${file}:3:28: Validation Failed: 1: [number_of_allocations] must be a positive integer; (action_request_validation_exception: Elasticsearch would answer HTTP 400; checked offline, nothing was sent)\n`,
      );
      const json = await cli(['diff', '-f', file]);
      expect(json.code).toBe(2);
      expect(jsonOf(json).error).toMatchObject({
        code: 'VALIDATION_FAILED',
        status: 400,
        type: 'action_request_validation_exception',
        reason: `${file}:3:28: Validation Failed: 1: [number_of_allocations] must be a positive integer;`,
      });

      const adaptive = desired(
        `deployments:\n  - id: ${SEEDED_ID}\n    adaptive_allocations:\n      enabled: true\n      min_number_of_allocations: 4\n      max_number_of_allocations: 2\n`,
      );
      const range = await cli(['apply', '-f', adaptive, '--yes']);
      expect(jsonOf(range).error.reason).toBe(
        `${adaptive}:5:34: Validation Failed: 1: [min_number_of_allocations] must not be larger than [max_number_of_allocations];`,
      );
      expect(JSON.stringify(mock.server.state())).toBe(before);
    },
    SPAWNS_TIMEOUT,
  );

  it(
    'refuses unknown fields, duplicate ids, syntax errors and unknown ids, where they are, sending nothing',
    async () => {
      const before = JSON.stringify(mock.server.state());
      const cases: Array<[string, RegExp]> = [
        [
          `deployments:\n  - id: ${SEEDED_ID}\n    number_of_allocation: 2\n`,
          /:3:5: unknown field \[number_of_allocation\] in \[deployments\[0\]\]; known fields: id, number_of_allocations, adaptive_allocations$/,
        ],
        [
          `deployments:\n  - id: ${SEEDED_ID}\n    number_of_allocations: 2\n  - id: ${SEEDED_ID}\n    number_of_allocations: 3\n`,
          new RegExp(
            `:4:9: deployment \\[${SEEDED_ID}\\] is listed twice \\(first as deployments\\[0\\]\\)$`,
          ),
        ],
        [`deployments:\n  - id: ${SEEDED_ID}\n    number_of_allocations: [2\n`, /:4:1: /],
        [
          `deployments:\n  - id: ${SEEDED_ID}\n    number_of_allocations: two\n`,
          /:3:28: \[number_of_allocations\] must be an integer/,
        ],
      ];
      const results = await Promise.all(
        cases.map(async ([text, reason]) => {
          const file = desired(text);
          return { file, text, reason, result: await cli(['apply', '-f', file, '--yes']) };
        }),
      );
      for (const { file, text, reason, result } of results) {
        expect(result.code, text).toBe(2);
        const { error } = jsonOf(result);
        expect(error.code).toBe('USAGE');
        expect(error.reason.startsWith(file), error.reason).toBe(true);
        expect(error.reason).toMatch(reason);
      }

      // A valid change first, then an id with no deployment: refused before anything is sent.
      const unknown = desired(
        `deployments:\n  - id: ${SEEDED_ID}\n    number_of_allocations: 4\n  - id: nope\n    number_of_allocations: 2\n`,
      );
      const result = await cli(['apply', '-f', unknown, '--yes', '-o', 'human']);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        `error: ${unknown}:4:9: No known model deployment with id [nope] (resource_not_found_exception: Elasticsearch would answer HTTP 404; checked offline, nothing was sent)\nhint: list deployments with: mldeploy status\n`,
      );
      expect(JSON.stringify(mock.server.state())).toBe(before);
    },
    SPAWNS_TIMEOUT,
  );

  it(
    'refuses to apply without --yes when not on a terminal, with one line, sending nothing',
    async () => {
      const before = JSON.stringify(mock.server.state());
      const result = await cli(['apply', '-f', fixed(4), '-o', 'human']);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.split('\n')[0]).toBe(
        'error: apply needs a confirmation: run it on a terminal, or add --yes',
      );
      expect(JSON.stringify(mock.server.state())).toBe(before);
      const missing = await cli(['diff']);
      expect(missing.code).toBe(2);
      expect(jsonOf(missing).error.reason).toBe('missing --file');
    },
    SPAWNS_TIMEOUT,
  );
});
