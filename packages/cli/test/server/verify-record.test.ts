import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENDPOINTS, type EndpointKey, pathFor } from '@mldeploy/core/endpoints';
import { defaultSeed, type MockServer, type SeedDocument, startMockServer } from '@mldeploy/mock-server';
import {
  ENDPOINT_OWNED_ID,
  SEEDED_ID,
  startDriftingUpstream,
  withInferenceEndpoint,
} from '@mldeploy/mock-server/testing';
import { CASE_ENDPOINTS, type ContractCase, parseCaseFile } from '@mldeploy/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { jsonOf, runCli } from '../helpers/run-cli.js';

// `mldeploy verify --cases` on what the validating proxy recorded in front of a mock (every
// endpoint core knows), replayed by the real binary against a fresh mock; the deployment given up
// for it, stopped by a replayed `_stop`, is started again with its own settings.
const tmp = mkdtempSync(join(tmpdir(), 'mldeploy-verify-record-'));
const servers: MockServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function mockWith(seed: SeedDocument, manual = false): Promise<MockServer> {
  const server = await startMockServer({
    seed,
    quiet: true,
    ...(manual ? { clock: 'manual' as const } : {}),
  });
  servers.push(server);
  return server;
}

const OWNED = ENDPOINT_OWNED_ID;
/** The default seed, nothing converging, plus an inference endpoint owning its deployment. */
function seedOf(change: (d: SeedDocument['deployments'][number]) => void = () => {}): SeedDocument {
  const s = withInferenceEndpoint(defaultSeed(), OWNED);
  s.cluster = { ...s.cluster, converge_ms: 0 };
  for (const d of s.deployments) {
    if (d.deployment_id === SEEDED_ID) {
      change(d);
    }
  }
  return s;
}

const p = (key: EndpointKey, params: Record<string, string> = {}, query = '') =>
  `${pathFor(ENDPOINTS[key], params)}${query === '' ? '' : `?${query}`}`;
const D = { model_id: SEEDED_ID };
const NOPE = { model_id: 'no-such-model' };
const NUM2 = '{"service_settings":{"num_allocations":2}}';

/** One exchange per endpoint and outcome: 2xx and 4xx of each. */
const EXCHANGES: Array<[string, string, string?]> = [
  ['POST', p('update', D), '{"number_of_allocations":2}'],
  ['POST', p('update', D), '{"number_of_allocations":0}'],
  ['POST', p('update', NOPE), '{"number_of_allocations":2}'],
  ['GET', p('stats')],
  ['GET', p('stats', D)],
  ['GET', p('stats', NOPE)],
  ['GET', p('stats', {}, 'size=-1')],
  ['GET', p('models')],
  ['GET', p('models', D)],
  ['GET', p('models', NOPE)],
  ['GET', '/'],
  ['DELETE', '/'],
  ['POST', p('stop', D, 'nope=1')],
  ['POST', p('start', D, 'number_of_allocations=0')],
  ['POST', p('start', NOPE)],
  ['POST', p('start', D)],
  ['PUT', p('inferenceUpdate', { task_type: 'sparse_embedding', inference_id: OWNED }), NUM2],
  ['PUT', p('inferenceUpdate', { inference_id: 'no-such-endpoint' }), NUM2],
  ['PUT', p('inferenceUpdate', { inference_id: OWNED })],
  ['POST', p('stop', D)],
  ['POST', p('start', D, 'threads_per_allocation=2&number_of_allocations=2')],
  ['POST', p('stop', D)],
  ['POST', p('clearDeploymentCache', NOPE)],
  // A model's life: reads, and refusals core decides alone (nothing is created or removed).
  ['GET', p('mlInfo')],
  ['GET', p('catTrainedModels', {}, 'format=json')],
  ['PUT', p('putModel', { model_id: 'recorded-model' }), '{}'],
  ['DELETE', p('deleteModel', D, 'forced=1')],
  ['PUT', p('putVocabulary', D), '{"vocabulary":[]}'],
  [
    'PUT',
    p('putDefinitionPart', { ...D, part: '5' }),
    '{"definition":"AA==","total_definition_length":1,"total_parts":1}',
  ],
  ['PUT', p('putModelAlias', { ...D, model_alias: 'bad-1' })],
  ['DELETE', p('deleteModelAlias', { ...D, model_alias: 'x' }, 'nope=1')],
  ['POST', p('inferTrainedModel', NOPE), '{"docs":[{"text_field":"x"}]}'],
  ['POST', p('inferTrainedModelDeployment', D), '{"docs":[{"text_field":"a"},{"text_field":"b"}]}'],
  ['GET', p('inferenceGet', { inference_id: 'no-such-endpoint' })],
  [
    'PUT',
    p('inferencePut', { task_type: 'completion', inference_id: 'no-such-endpoint' }),
    '{"service":"elasticsearch","service_settings":{"model_id":"m","num_threads":1,"num_allocations":1}}',
  ],
  ['DELETE', p('inferenceDelete', { inference_id: 'no-such-endpoint' })],
  ['POST', p('inference', { inference_id: 'no-such-endpoint' }), '{"input":"x"}'],
  ['GET', p('nodesHttp', { node_id: '_all', metric: 'http' })],
];

/** Sends the exchanges through a recording proxy in front of `upstream`; the file it wrote. */
async function record(upstream: string, name: string, exchanges = EXCHANGES): Promise<string> {
  const file = join(tmp, name);
  const proxy = await startMockServer({
    quiet: true,
    proxy: { url: upstream, record: file, onViolation: () => {} },
  });
  for (const [method, path, body] of exchanges) {
    const response = await fetch(`${proxy.url}${path}`, {
      method,
      ...(body !== undefined ? { body, headers: { 'content-type': 'application/json' } } : {}),
    });
    await response.arrayBuffer();
  }
  await proxy.close();
  return file;
}

function deploymentOf(mock: MockServer) {
  return mock.state().deployments.find((d) => d.deployment_id === SEEDED_ID);
}

describe('mldeploy verify --cases of a recording', () => {
  it("names core's endpoints as core does: the testkit's table is core's", () => {
    const fromCore = Object.fromEntries(
      Object.entries(ENDPOINTS).map(([key, e]) => [key, { method: e.method, paths: [...e.paths] }]),
    );
    expect(CASE_ENDPOINTS).toEqual(fromCore);
    const shipped = JSON.parse(
      readFileSync(new URL(import.meta.resolve('@mldeploy/testkit/cases.json')), 'utf8'),
    );
    expect(shipped.endpoints).toEqual(fromCore);
  });

  it('replays every recorded endpoint green against a fresh mock, and restores the deployment', async () => {
    const upstream = await mockWith(seedOf(), true);
    const file = await record(upstream.url, 'all.jsonl');
    const cases = parseCaseFile(readFileSync(file, 'utf8'));
    expect(cases).toHaveLength(EXCHANGES.length);
    expect(new Set(cases.map((c) => c.endpoint))).toEqual(new Set(Object.keys(ENDPOINTS)));

    const fresh = await mockWith(seedOf());
    const before = fresh.state();
    const result = await runCli([
      'verify',
      '--url',
      fresh.url,
      '--cases',
      file,
      '--deployment',
      SEEDED_ID,
      '--json',
    ]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const doc = jsonOf(result);
    const results = doc.data.results as Array<{
      name: string;
      passed: boolean;
      skipped?: string;
      mismatches: string[];
    }>;
    expect(results.filter((r) => !r.passed && r.skipped === undefined)).toEqual([]);
    const inference = cases[16] as ContractCase;
    expect(results.filter((r) => r.skipped !== undefined).map((r) => [r.name, r.skipped])).toEqual([
      [
        inference.name,
        'changes an inference endpoint; verify changes nothing but the deployment given with --deployment',
      ],
    ]);
    expect(doc.data).toMatchObject({
      passed: cases.length - 1,
      failed: 0,
      skipped: 1,
      not_run: 0,
      restore: {
        ok: true,
        deploymentId: SEEDED_ID,
        startedAgain: { model_id: SEEDED_ID, threads_per_allocation: 1 },
      },
    });
    // The last case stopped it: it is running again as it was, and nothing else changed.
    const rows = (state: typeof before) =>
      state.deployments
        .map((d) => [
          d.deployment_id,
          d.state,
          d.threads_per_allocation,
          d.number_of_allocations,
          d.priority,
          d.queue_capacity,
        ])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(rows(fresh.state())).toEqual(rows(before));
    expect(fresh.state().inference_endpoints).toEqual(before.inference_endpoints);
  });

  it('runs only what changes nothing without --deployment', async () => {
    const upstream = await mockWith(seedOf(), true);
    const file = await record(upstream.url, 'safe.jsonl');
    const fresh = await mockWith(seedOf());
    const before = fresh.state();
    const result = await runCli(['verify', '--url', fresh.url, '--cases', file, '-o', 'human']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    // Reads of all, cluster info and the nodes, the 404s, the 405, and what core rejects alone (the six
    // inference exchanges and the eight of a model's life are all refusals or reads).
    expect(result.stdout).toBe('30 passed, 0 failed\n');
    expect(result.stderr).toContain(`${EXCHANGES.length - 30} stateful cases need a deployment`);
    expect(fresh.state()).toEqual(before);
  });

  for (const [label, change, description] of [
    [
      'two threads, a queue of its own and adaptive allocations',
      (d: SeedDocument['deployments'][number]) => {
        d.threads_per_allocation = 2;
        d.queue_capacity = 512;
        d.number_of_allocations = 3;
        d.adaptive_allocations = {
          enabled: true,
          min_number_of_allocations: 1,
          max_number_of_allocations: 5,
        };
      },
      '2 threads per allocation, normal priority, queue capacity 512',
    ],
    [
      'low priority',
      (d: SeedDocument['deployments'][number]) => {
        d.priority = 'low';
        d.threads_per_allocation = 1;
        d.number_of_allocations = 1;
      },
      '1 thread per allocation, low priority, queue capacity 10000',
    ],
  ] as const) {
    it(`starts a deployment a replayed _stop stopped again with its original settings: ${label}`, async () => {
      // Recorded in front of a cluster whose deployment is set up alike, so the case's `before` is its state.
      const upstream = await mockWith(seedOf(change), true);
      const file = await record(upstream.url, `stop-${label.length}.jsonl`, [['POST', p('stop', D)]]);
      const [stopCase] = parseCaseFile(readFileSync(file, 'utf8'));
      expect(stopCase?.before).toMatchObject({ assignment_state: 'started' });
      const mock = await mockWith(seedOf(change));
      const was = deploymentOf(mock);
      const result = await runCli([
        'verify',
        '--url',
        mock.url,
        '--cases',
        file,
        '--deployment',
        SEEDED_ID,
        '--json',
      ]);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      const doc = jsonOf(result);
      expect(doc.data).toMatchObject({ passed: 1, failed: 0, skipped: 0 });
      expect(doc.data.results[0].actual.after).toEqual({ assignment_state: 'stopped' });
      expect(doc.data.restore).toMatchObject({
        ok: true,
        startedAgain: {
          model_id: SEEDED_ID,
          threads_per_allocation: was?.threads_per_allocation,
          priority: was?.priority,
          queue_capacity: was?.queue_capacity,
        },
      });
      const now = deploymentOf(mock);
      const settings = (d: typeof now) =>
        d && [
          d.state,
          d.threads_per_allocation,
          d.priority,
          d.queue_capacity,
          d.number_of_allocations,
          d.adaptive_allocations ?? null,
        ];
      expect(settings(now)).toEqual(settings(was));
      expect(settings(now)?.[0]).toBe('started');

      const human = await runCli([
        'verify',
        '--url',
        mock.url,
        '--cases',
        file,
        '--deployment',
        SEEDED_ID,
        '-o',
        'human',
      ]);
      expect(human.code, human.stderr).toBe(0);
      expect(human.stdout).toBe('1 passed, 0 failed\n');
      expect(human.stderr).toContain(
        `(started it again first, with its own settings: model ${SEEDED_ID}, ${description}`,
      );
      expect(settings(deploymentOf(mock))).toEqual(settings(was));
    });
  }
});

describe('mldeploy verify --cases of a drifted recording', () => {
  it('fails, naming each case with expected and actual', async () => {
    const real = await mockWith(seedOf(), true);
    // A fake upstream: one `_start` message reworded, one stats status changed.
    const drift = await startDriftingUpstream(() => real.url, {
      text: (text) => text.split('with the same id').join('with the id'),
      status: (status, path) => (path.includes('_stats?size=-1') ? 422 : status),
    });
    let file: string;
    try {
      file = await record(drift.url, 'drifted.jsonl');
    } finally {
      await drift.close();
    }
    const cases = parseCaseFile(readFileSync(file, 'utf8'));
    const mock = await mockWith(seedOf());
    const result = await runCli([
      'verify',
      '--url',
      mock.url,
      '--cases',
      file,
      '--deployment',
      SEEDED_ID,
      '-o',
      'human',
    ]);
    expect(result.code).toBe(1);
    const lines = result.stdout.trimEnd().split('\n');
    const exists = (words: string) =>
      JSON.stringify(
        `Could not start model deployment because an existing deployment ${words} [${SEEDED_ID}] exist`,
      );
    expect(lines.filter((l) => l.startsWith('FAIL '))).toEqual([
      `FAIL ${cases[6]?.name}: status: expected 422, got 400`,
      `FAIL ${cases[15]?.name}: reason: expected ${exists('with the id')}, got ${exists('with the same id')}`,
    ]);
    expect(lines.at(-1)).toBe(`${cases.length - 3} passed, 2 failed, 1 skipped`);
  });
});
