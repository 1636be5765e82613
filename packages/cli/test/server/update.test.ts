import { SEEDED_ID } from '@mldeploy/mock-server/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { FAST_POLL_ENV, usePolledMock } from '../helpers/mock.js';
import { jsonOf, runCli } from '../helpers/run-cli.js';

// Simulated time stands still except that every stats poll of the binary moves it on by a quarter
// of the convergence time: a `--wait` sees the allocations converge over a few polls, whatever the
// wall clock does.
const CONVERGE_MS = 1000;
const mock = usePolledMock({ convergeMs: CONVERGE_MS });
mock.onStatsPoll = () => mock.server.advance(CONVERGE_MS / 4);
const cli = (args: string[], env: Record<string, string> = {}) =>
  runCli(args, { env: { ELASTICSEARCH_URL: mock.url, ...FAST_POLL_ENV, ...env } });

describe('mldeploy update against the mock', () => {
  beforeEach(async () => {
    await mock.server.reset();
  });

  it('sets the number of allocations and prints the assignment as JSON', async () => {
    const result = await cli(['update', SEEDED_ID, '--allocations', '2']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    const doc = jsonOf(result);
    expect(doc.ok).toBe(true);
    expect(doc.data.assignment.task_parameters).toMatchObject({
      deployment_id: SEEDED_ID,
      number_of_allocations: 2,
    });
  });

  it('waits until fully allocated, drawing progress on stderr in human mode', async () => {
    const result = await cli(['update', SEEDED_ID, '-n', '4', '--wait', '--timeout', '20s', '-o', 'human']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^✓ ${SEEDED_ID}: 4/4 allocations, fully_allocated \\(after `));
    expect(result.stderr).toContain(`✓ updated ${SEEDED_ID}: 4 allocations requested`);
    expect(result.stderr).toMatch(/waiting for .*: \d\/4 allocations/);
  });

  it('shows current vs target allocations per node while it converges', async () => {
    const result = await cli(['update', SEEDED_ID, '-n', '4', '--wait', '-o', 'human']);
    expect(result.code, result.stderr).toBe(0);
    const reports = [
      ...result.stderr.matchAll(/^waiting for \S+: (\d+)\/4 allocations, \w+ \((.*)\)$/gm),
    ].map(([, total, nodes]) => ({
      total: Number(total),
      nodes: [...(nodes ?? '').matchAll(/(\S+) (\d+)\/(\d+)/g)].map(([, name, current, target]) => ({
        name,
        current: Number(current),
        target: Number(target),
      })),
    }));
    // One line each time the counts change: 1/4 at the first poll, up to 4/4.
    expect(reports.length).toBeGreaterThan(1);
    const first = reports[0];
    expect(first?.total).toBe(1);
    for (const report of reports) {
      expect(report.nodes.reduce((n, node) => n + node.target, 0)).toBe(4);
      expect(report.nodes.reduce((n, node) => n + node.current, 0)).toBe(report.total);
    }
    expect(reports.map((r) => r.total)).toEqual([...reports.map((r) => r.total)].sort((a, b) => a - b));
    expect(reports.at(-1)?.nodes.every((n) => n.current === n.target)).toBe(true);
    expect(result.stdout).toMatch(/: 4\/4 allocations, fully_allocated \(after \d/);
  });

  it('reports the wait as JSON with per-node counts', async () => {
    const result = await cli(['update', SEEDED_ID, '-n', '3', '--wait']);
    expect(result.code, result.stdout).toBe(0);
    expect(result.stderr).toBe('');
    const { wait } = jsonOf(result).data;
    expect(wait).toMatchObject({ state: 'fully_allocated', allocation_count: 3, target_allocation_count: 3 });
    expect(
      wait.nodes.reduce(
        (n: number, node: { current_allocations: number }) => n + node.current_allocations,
        0,
      ),
    ).toBe(3);
  });

  it('turns adaptive allocations on, then off the way Kibana does', async () => {
    const on = await cli(['update', SEEDED_ID, '--adaptive', '--min', '1', '--max', '4']);
    expect(on.code, on.stdout).toBe(0);
    expect(jsonOf(on).data.assignment.adaptive_allocations).toMatchObject({
      enabled: true,
      min_number_of_allocations: 1,
      max_number_of_allocations: 4,
    });
    const rejected = await cli(['update', SEEDED_ID, '--allocations', '2', '-o', 'human']);
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toBe(
      'error: Validation Failed: 1: [number_of_allocations] cannot be set if adaptive allocations is enabled; (validation_exception, HTTP 400)\n' +
        `hint: adaptive allocations are on: change --min/--max, or turn them off with: mldeploy update ${SEEDED_ID} --no-adaptive --allocations N\n`,
    );
    const off = await cli(['update', SEEDED_ID, '--no-adaptive', '--allocations', '2']);
    expect(off.code, off.stdout).toBe(0);
    expect(jsonOf(off).data.assignment.adaptive_allocations).toMatchObject({ enabled: false });
  });

  it('clears one adaptive bound at a time, and turns adaptive off without a number', async () => {
    const adaptive = async (flags: string[]) => {
      const result = await cli(['update', SEEDED_ID, ...flags]);
      expect(result.code, result.stdout).toBe(0);
      return jsonOf(result).data.assignment.adaptive_allocations;
    };
    expect(await adaptive(['--adaptive', '--min', '2', '--max', '6'])).toEqual({
      enabled: true,
      min_number_of_allocations: 2,
      max_number_of_allocations: 6,
    });
    expect(await adaptive(['--clear-max'])).toEqual({ enabled: true, min_number_of_allocations: 2 });
    expect(await adaptive(['--max', '5', '--clear-min'])).toEqual({
      enabled: true,
      max_number_of_allocations: 5,
    });
    expect(await adaptive(['--no-adaptive'])).toMatchObject({ enabled: false });
    const status = await cli(['status', SEEDED_ID]);
    expect(jsonOf(status).data.deployments[0].adaptive_allocations).toMatchObject({ enabled: false });
  });

  it('sends the number as a query parameter with --query', async () => {
    const result = await cli(['update', SEEDED_ID, '-n', '2', '--query']);
    expect(result.code, result.stdout).toBe(0);
    expect(jsonOf(result).data.assignment.task_parameters.number_of_allocations).toBe(2);
  });

  it('exits 1 with the 404 of an unknown deployment', async () => {
    const result = await cli(['update', 'nope', '-n', '2']);
    expect(result.code).toBe(1);
    expect(jsonOf(result)).toEqual({
      ok: false,
      error: {
        code: 'DEPLOYMENT_NOT_FOUND',
        status: 404,
        type: 'resource_not_found_exception',
        reason: 'No known model deployment with id [nope]',
        hint: 'list deployments with: mldeploy status',
      },
    });
  });

  it('exits 1 with the 429 when the cluster cannot hold the allocations', async () => {
    const result = await cli(['update', SEEDED_ID, '-n', '500', '-o', 'human']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: Could not update deployment because there are not enough resources to provide all requested allocations \(status_exception, HTTP 429\)\nhint: /,
    );
  });

  it.each([
    [['--allocations', '0']],
    [['--adaptive', '--min', '3', '--max', '1']],
    [['-n', '2', '--adaptive']],
    [['--allocations', 'many']],
    [['--frobnicate']],
    [[]],
  ])('exits 2 for %j and sends nothing', async (flags) => {
    const before = JSON.stringify(await mock.server.state());
    const result = await cli(['update', SEEDED_ID, ...flags]);
    expect(result.code).toBe(2);
    expect(jsonOf(result).ok).toBe(false);
    expect(JSON.stringify(await mock.server.state())).toBe(before);
  });

  it('never prints the API key, from a flag or the environment, on success or failure', async () => {
    const flagKey = 'ZmxhZy1rZXk6c2VjcmV0LWZsYWc=';
    const envKey = 'env-id:secret-env-value';
    const runs = await Promise.all([
      cli(['update', SEEDED_ID, '-n', '2', '--api-key', flagKey, '-o', 'human']),
      cli(['update', 'nope', '-n', '2', '--api-key', flagKey]),
      cli(['update', SEEDED_ID, '-n', '2'], { ELASTIC_API_KEY: envKey }),
      cli(['update', 'nope', '-n', '2', '-o', 'human'], { ELASTIC_API_KEY: envKey }),
      cli(['update', SEEDED_ID, '-n', '2', '--dry-run', '--api-key', flagKey]),
    ]);
    for (const result of runs) {
      const all = result.stdout + result.stderr;
      expect(all).not.toContain(flagKey);
      expect(all).not.toContain('secret-env-value');
      expect(all).not.toContain(Buffer.from(envKey).toString('base64'));
    }
  });
});
