import { SEEDED_ID, useMockServer } from '@mldeploy/mock-server/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { jsonOf, runCli, writeConfig } from '../helpers/run-cli.js';

const mock = useMockServer({ convergeMs: 50 });
const cli = (args: string[], env: Record<string, string> = {}) =>
  runCli(args, { env: { ELASTICSEARCH_URL: mock.url, ...env } });

describe('mldeploy status', () => {
  beforeEach(async () => {
    await mock.server.reset();
  });

  it('lists deployments as JSON rows', async () => {
    const result = await cli(['status']);
    expect(result.code, result.stdout).toBe(0);
    const [row] = jsonOf(result).data.deployments;
    expect(row).toMatchObject({
      deployment_id: SEEDED_ID,
      model_id: SEEDED_ID,
      state: 'started',
      allocation_state: 'fully_allocated',
      allocations: { current: 1, target: 1 },
      adaptive_allocations: null,
      threads_per_allocation: 1,
      priority: 'normal',
    });
    expect(row.nodes.length).toBeGreaterThan(0);
  });

  it('keeps one stable JSON shape, asked by MLDEPLOY_OUTPUT=json or by --json', async () => {
    const [piped, asked] = await Promise.all([cli(['status']), cli(['status', '--json'])]);
    expect(piped.stdout).toBe(asked.stdout);
    expect(piped.stderr).toBe('');
    const doc = jsonOf(piped);
    expect(Object.keys(doc)).toEqual(['ok', 'data']);
    const [row] = doc.data.deployments;
    expect(Object.keys(row)).toEqual([
      'deployment_id',
      'model_id',
      'state',
      'allocation_state',
      'allocations',
      'adaptive_allocations',
      'threads_per_allocation',
      'priority',
      'nodes',
    ]);
    expect(Object.keys(row.nodes[0])).toEqual(['node_id', 'node_name', 'routing_state', 'allocations']);
  });

  it('prints the full table with -o wide, without colour under NO_COLOR', async () => {
    const result = await cli(['status', SEEDED_ID, '-o', 'wide'], { NO_COLOR: '1', FORCE_COLOR: '1' });
    expect(result.code).toBe(0);
    const [header, row] = result.stdout.split('\n');
    expect(header).toMatch(/^DEPLOYMENT +MODEL +STATE +ALLOCATIONS +ADAPTIVE +THREADS +PRIORITY +NODES$/);
    expect(row).toMatch(
      new RegExp(`^${SEEDED_ID} +${SEEDED_ID} +fully_allocated +1/1 +off +1 +normal +\\S+`),
    );
    expect(result.stdout).not.toContain('\x1b[');
    const colored = await cli(['status', SEEDED_ID, '-o', 'human'], { FORCE_COLOR: '1', COLUMNS: '80' });
    expect(colored.stdout).toContain('\x1b[32mfully_allocated\x1b[39m');
  });

  it('fits 80 and 120 columns: one id column, the id shortened with an ellipsis only when needed', async () => {
    const [narrow, medium, roomy] = await Promise.all([
      cli(['status', '-o', 'human'], { COLUMNS: '80', NO_COLOR: '1' }),
      cli(['status', '-o', 'human'], { COLUMNS: '120', NO_COLOR: '1' }),
      cli(['status', '-o', 'human'], { COLUMNS: '160', NO_COLOR: '1' }),
    ]);
    for (const [result, width] of [
      [narrow, 80],
      [medium, 120],
      [roomy, 160],
    ] as const) {
      expect(result.code).toBe(0);
      // The table, then the models not deployed (the seed's ELSER, defined and ready).
      const [table = '', undeployed = ''] = result.stdout.split('\n\n');
      const lines = table.trimEnd().split('\n');
      expect(lines).toHaveLength(2);
      expect(undeployed).toBe('not deployed:\n  .elser_model_2  ready\n');
      for (const line of lines) {
        expect([...line].length, line).toBeLessThanOrEqual(width);
      }
    }
    const [narrowHeader, narrowRow] = narrow.stdout.split('\n');
    expect(narrowHeader).toMatch(/^DEPLOYMENT +STATE +ALLOCATIONS +ADAPTIVE +NODES$/);
    expect(narrowRow).toMatch(/^elastic__\S+…\S+-english +fully_allocated +1\/1 +off +ml-node-1:1$/);
    expect(narrowRow).not.toContain(SEEDED_ID);
    // Threads and priority give way before the id is shortened.
    expect(medium.stdout.split('\n').slice(0, 2)).toEqual([
      expect.stringMatching(/^DEPLOYMENT +STATE +ALLOCATIONS +ADAPTIVE +NODES$/),
      expect.stringMatching(new RegExp(`^${SEEDED_ID} +fully_allocated +1/1 +off +ml-node-1:1$`)),
    ]);
    expect(roomy.stdout.split('\n').slice(0, 2)).toEqual([
      expect.stringMatching(/^DEPLOYMENT +STATE +ALLOCATIONS +ADAPTIVE +THREADS +PRIORITY +NODES$/),
      expect.stringMatching(new RegExp(`^${SEEDED_ID} +fully_allocated +1/1 +off +1 +normal +ml-node-1:1$`)),
    ]);
  });

  it('shows the model column when a deployment id differs from its model id, still within the width', async () => {
    const seed = mock.server.state();
    const first = seed.deployments[0];
    if (!first) {
      throw new Error('the seed has a deployment');
    }
    await mock.server.reset({
      ...seed,
      deployments: [...seed.deployments, { ...first, deployment_id: 'for-search' }],
    });
    const [narrow, json] = await Promise.all([
      cli(['status', '-o', 'human'], { COLUMNS: '80', NO_COLOR: '1' }),
      cli(['status']),
    ]);
    const lines = narrow.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^DEPLOYMENT +MODEL +STATE +ALLOCATIONS +ADAPTIVE +NODES$/);
    expect(lines[2]).toMatch(/^for-search +elastic\S*…\S+ +fully_allocated /);
    for (const line of lines) {
      expect([...line].length, line).toBeLessThanOrEqual(80);
    }
    expect(jsonOf(json).data.deployments.map((d: { model_id: string }) => d.model_id)).toEqual([
      SEEDED_ID,
      SEEDED_ID,
    ]);
  });

  it('uses the URL of the current config context', async () => {
    const config = writeConfig({ current: 'mock', contexts: { mock: { url: mock.url } } });
    const result = await runCli(['status'], { env: { MLDEPLOY_CONFIG: config } });
    expect(result.code, result.stdout).toBe(0);
    expect(jsonOf(result).data.deployments).toHaveLength(1);
  });

  it('exits 1 for an unknown id', async () => {
    const result = await cli(['status', 'nope']);
    expect(result.code).toBe(1);
    expect(jsonOf(result).error.status).toBe(404);
  });
});

describe('mldeploy start and stop', () => {
  beforeEach(async () => {
    await mock.server.reset();
  });

  it('exits 1 with the 400 when a deployment with the id already exists', async () => {
    // Elasticsearch checks the deployment id before the model (docs/rules.md, "_start").
    const result = await cli(['start', SEEDED_ID, '-o', 'human']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: .*an existing deployment with the same id .* exist.* \(status_exception, HTTP 400\)\n/,
    );
  });

  it('stops a deployment, then starts a second one of the same model', async () => {
    const stopped = await cli(['stop', SEEDED_ID]);
    expect(stopped.code, stopped.stdout).toBe(0);
    expect(jsonOf(stopped)).toEqual({ ok: true, data: { deployment_id: SEEDED_ID, stopped: true } });

    const started = await cli([
      'start',
      SEEDED_ID,
      '--deployment-id',
      'for-search',
      '-n',
      '2',
      '--wait-for',
      'started',
    ]);
    expect(started.code, started.stdout).toBe(0);
    expect(jsonOf(started).data.assignment.task_parameters).toMatchObject({
      model_id: SEEDED_ID,
      deployment_id: 'for-search',
      number_of_allocations: 2,
    });
    const status = await cli(['status', 'for-search']);
    expect(jsonOf(status).data.deployments[0].deployment_id).toBe('for-search');
  });

  it('exits 1 with the 409 for a deployment an ingest pipeline uses, and stops it with --force', async () => {
    const seed = mock.server.state();
    await mock.server.reset({
      ...seed,
      deployments: seed.deployments.map((d) => ({ ...d, referenced_by_ingest: true })),
    });
    const refused = await cli(['stop', SEEDED_ID, '-o', 'human']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/\(status_exception, HTTP 409\)\n/);
    expect(refused.stderr).toContain(`hint: stop it anyway with: mldeploy stop ${SEEDED_ID} --force\n`);
    const forced = await cli(['stop', SEEDED_ID, '--force']);
    expect(forced.code, forced.stdout).toBe(0);
    expect(jsonOf(forced).data).toEqual({ deployment_id: SEEDED_ID, stopped: true });
    expect(mock.server.state().deployments).toEqual([]);
  });

  it('exits 1 when stopping a deployment that does not exist, unless --allow-no-match', async () => {
    const missing = await cli(['stop', 'nope']);
    expect(missing.code).toBe(1);
    expect(jsonOf(missing).error).toMatchObject({ code: 'DEPLOYMENT_NOT_FOUND', status: 404 });
    const allowed = await cli(['stop', 'nope', '--allow-no-match']);
    expect(allowed.code).toBe(0);
  });

  it('exits 2 for a start Elasticsearch would reject, and sends nothing', async () => {
    const before = JSON.stringify(await mock.server.state());
    const result = await cli(['start', SEEDED_ID, '--deployment-id', 'x', '--threads', '3']);
    expect(result.code).toBe(2);
    expect(jsonOf(result).error.reason).toBe(
      'Validation Failed: 1: [threads_per_allocation] must be a power of 2 less than or equal to 32;',
    );
    const low = await cli(['start', SEEDED_ID, '--deployment-id', 'y', '--priority', 'low', '-n', '2']);
    expect(low.code).toBe(2);
    expect(JSON.stringify(await mock.server.state())).toBe(before);
  });
});
