import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENDPOINTS, type EndpointKey, pathFor } from '@mldeploy/core/rules';
import { formatIssues, RESPONSE_VALIDATORS } from '@mldeploy/core/validators';
import { type CaseResult, type ContractCase, classifyCase, parseCaseFile, runCases } from '@mldeploy/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSeed, type MockServer, type SeedDocument, startMockServer } from '../src/index.js';
import {
  ENDPOINT_OWNED_ID,
  SEEDED_ID,
  startDriftingUpstream,
  withInferenceEndpoint,
} from '../src/testing.js';
import { call } from './helpers.js';

// `--record` of every endpoint core knows, with the mock itself as the upstream: one case per
// exchange, and the runner of `mldeploy verify --cases` (with core's paths and response schemas,
// as the CLI gives them) replays them green against a fresh mock. A drifted upstream recorded the
// same way is caught on replay, field by field.
const OWNED = ENDPOINT_OWNED_ID;
const seed: SeedDocument = (() => {
  const s = withInferenceEndpoint(defaultSeed(), OWNED);
  s.cluster = { ...s.cluster, converge_ms: 0 };
  return s;
})();

/** The runner's options as `mldeploy verify` sets them: core's paths and response schemas. */
const withCore = {
  pathFor: (endpoint: EndpointKey, params: Record<string, string>) => pathFor(ENDPOINTS[endpoint], params),
  validateResponse: (endpoint: EndpointKey, body: unknown) => {
    const result = RESPONSE_VALIDATORS[endpoint](body);
    return result.ok ? undefined : formatIssues(result.issues.slice(0, 1));
  },
};

const p = (key: EndpointKey, params: Record<string, string> = {}, query = '') =>
  `${pathFor(ENDPOINTS[key], params)}${query === '' ? '' : `?${query}`}`;
const D = { model_id: SEEDED_ID };
const NOPE = { model_id: 'no-such-model' };

/** Method, path, body; then the endpoint and status each is recorded with. */
const EXCHANGES: Array<[string, string, string | undefined, EndpointKey, number]> = [
  ['POST', p('update', D), '{"number_of_allocations":2}', 'update', 200],
  ['POST', p('update', D), '{"number_of_allocations":0}', 'update', 400],
  ['POST', p('update', NOPE), '{"number_of_allocations":2}', 'update', 404],
  ['GET', p('stats'), undefined, 'stats', 200],
  ['GET', p('stats', D), undefined, 'stats', 200],
  ['GET', p('stats', NOPE), undefined, 'stats', 404],
  ['GET', p('stats', {}, 'size=-1'), undefined, 'stats', 400],
  ['GET', p('models'), undefined, 'models', 200],
  ['GET', p('models', D), undefined, 'models', 200],
  ['GET', p('models', NOPE), undefined, 'models', 404],
  ['GET', p('models', {}, 'from=abc'), undefined, 'models', 400],
  ['GET', '/', undefined, 'info', 200],
  ['POST', '/', undefined, 'info', 405],
  ['POST', p('stop', D, 'nope=1'), undefined, 'stop', 400],
  ['POST', p('stop', D), undefined, 'stop', 200],
  ['POST', p('stop', D), undefined, 'stop', 200],
  ['POST', p('stop', NOPE), undefined, 'stop', 200],
  ['POST', p('start', D, 'number_of_allocations=0'), undefined, 'start', 400],
  ['POST', p('start', NOPE), undefined, 'start', 404],
  ['POST', p('start', D, 'threads_per_allocation=2&number_of_allocations=2'), undefined, 'start', 200],
  ['POST', p('start', D), undefined, 'start', 400],
  [
    'PUT',
    p('inferenceUpdate', { task_type: 'sparse_embedding', inference_id: OWNED }),
    '{"service_settings":{"num_allocations":2}}',
    'inferenceUpdate',
    200,
  ],
  [
    'PUT',
    p('inferenceUpdate', { inference_id: 'no-such-endpoint' }),
    '{"service_settings":{"num_allocations":2}}',
    'inferenceUpdate',
    404,
  ],
  [
    'PUT',
    p('inferenceUpdate', { inference_id: 'Not_Allowed' }),
    '{"service_settings":{"num_allocations":2}}',
    'inferenceUpdate',
    400,
  ],
  ['PUT', p('inferenceUpdate', { inference_id: OWNED }), undefined, 'inferenceUpdate', 400],
];

const dir = mkdtempSync(join(tmpdir(), 'mldeploy-record-all-'));
const servers: MockServer[] = [];

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

async function start(options: Parameters<typeof startMockServer>[0]): Promise<MockServer> {
  const server = await startMockServer(options);
  servers.push(server);
  return server;
}

/** Sends the exchanges through a recording proxy in front of `upstream`; the cases it wrote. */
async function record(upstream: string, file: string): Promise<{ cases: ContractCase[]; text: string }> {
  const proxy = await start({ proxy: { url: upstream, record: file, onViolation: () => {} } });
  for (const [method, path, body] of EXCHANGES) {
    await call(proxy.url, method, path, body !== undefined ? { body } : {});
  }
  await proxy.close();
  const text = readFileSync(file, 'utf8');
  return { cases: parseCaseFile(text), text };
}

describe('--record of every endpoint, in front of the mock', () => {
  let cases: ContractCase[];
  let text: string;

  beforeAll(async () => {
    const upstream = await start({ clock: 'manual', seed });
    ({ cases, text } = await record(upstream.url, join(dir, 'all.jsonl')));
  });

  it('writes one case per exchange, naming its endpoint, method and status', () => {
    expect(text.trimEnd().split('\n')).toHaveLength(EXCHANGES.length);
    expect(cases.map((c) => [c.endpoint, c.given.method, c.want.status])).toEqual(
      EXCHANGES.map(([method, , , endpoint, status]) => [endpoint, method, status]),
    );
    expect(cases.map((c) => c.name.slice(0, c.name.indexOf(' answered')))).toEqual([
      'recorded: POST _update {"number_of_allocations":2}',
      'recorded: POST _update {"number_of_allocations":0}',
      'recorded: POST _update {"number_of_allocations":2}',
      'recorded: GET _stats',
      `recorded: GET _stats [${SEEDED_ID}]`,
      'recorded: GET _stats [no-such-model]',
      'recorded: GET _stats?size=-1',
      'recorded: GET trained_models',
      `recorded: GET trained_models [${SEEDED_ID}]`,
      'recorded: GET trained_models [no-such-model]',
      'recorded: GET trained_models?from=abc',
      'recorded: GET /',
      'recorded: POST /',
      `recorded: POST _stop [${SEEDED_ID}]?nope=1`,
      `recorded: POST _stop [${SEEDED_ID}]`,
      `recorded: POST _stop [${SEEDED_ID}]`,
      'recorded: POST _stop [no-such-model]',
      `recorded: POST _start [${SEEDED_ID}]?number_of_allocations=0`,
      'recorded: POST _start [no-such-model]',
      `recorded: POST _start [${SEEDED_ID}]?threads_per_allocation=2&number_of_allocations=2`,
      `recorded: POST _start [${SEEDED_ID}]`,
      `recorded: PUT _inference _update [sparse_embedding/${OWNED}] {"service_settings":{"num_allocations":2}}`,
      'recorded: PUT _inference _update [no-such-endpoint] {"service_settings":{"num_allocations":2}}',
      'recorded: PUT _inference _update [Not_Allowed] {"service_settings":{"num_allocations":2}}',
      `recorded: PUT _inference _update [${OWNED}]`,
    ]);
  });

  it('reads the state each replay needs: before, after, missing ids, path parameters', () => {
    const at = (i: number) => cases[i] as ContractCase;
    const started = (n: number) => ({
      number_of_allocations: n,
      adaptive_allocations: null,
      assignment_state: 'started',
    });
    // Only the updates, starts and stops carry a deployment state; 404s of unknown ids are `missing`.
    expect(cases.map((c) => c.before ?? null)).toEqual([
      started(1),
      null,
      'missing',
      null,
      null,
      'missing',
      null,
      null,
      null,
      'missing',
      null,
      null,
      null,
      null,
      started(2),
      'stopped', // stopped again: the model is there, the deployment is not
      'missing', // a stop of nothing answers 200
      null,
      'missing',
      'stopped', // a start that succeeded had no deployment of that id before it
      started(2),
      null,
      'missing',
      null,
      null,
    ]);
    expect(cases.map((c) => c.stateless)).toEqual(
      EXCHANGES.map((_, i) => [1, 6, 10, 12, 13, 17, 23, 24].includes(i)),
    );
    expect(at(3).given).toEqual({ method: 'GET' });
    expect(at(4).given).toEqual({ method: 'GET', modelId: SEEDED_ID });
    expect(at(5).want).toMatchObject({
      code: 'MODEL_NOT_FOUND',
      reason: 'Could not find trained model [no-such-model]',
    });
    expect(at(14).want.after).toEqual({ assignment_state: 'stopped' });
    expect(at(19).want.after).toEqual({
      number_of_allocations: 2,
      adaptive_allocations: null,
      assignment_state: 'started',
    });
    expect(at(20).want).toMatchObject({ status: 400, code: 'DEPLOYMENT_ID_EXISTS' });
    expect(at(21).given).toEqual({
      method: 'PUT',
      params: { task_type: 'sparse_embedding', inference_id: OWNED },
      body: '{"service_settings":{"num_allocations":2}}',
    });
    expect(at(21).given.modelId).toBeUndefined();
    expect(at(22).want.code).toBe('INFERENCE_ENDPOINT_NOT_FOUND');
    // An inference id refused as such keeps it on replay; a body refused does not.
    expect(at(23).given.keepIds).toBe(true);
    expect(at(24).given.keepIds).toBeUndefined();
    expect(at(24).want).toMatchObject({ status: 400, code: 'BODY_REQUIRED' });
  });

  it('replays green against a fresh mock, the inference endpoint change skipped with its reason', async () => {
    const fresh = await start({ seed });
    const before = fresh.state();
    const restores: unknown[] = [];
    const results = await runCases(cases, {
      baseUrl: fresh.url,
      deploymentId: SEEDED_ID,
      ...withCore,
      onRestore: (r) => restores.push(r),
    });
    expect(results).toHaveLength(cases.length);
    const failed = results.filter((r) => !r.passed && r.skipped === undefined);
    expect(failed.map((r) => [r.name, r.mismatches])).toEqual([]);
    expect(
      results.filter((r) => r.skipped !== undefined).map((r) => [r.name, r.skipped, r.request.path]),
    ).toEqual([
      [
        cases[21]?.name,
        'changes an inference endpoint; verify changes nothing but the deployment given with --deployment',
        p('inferenceUpdate', { task_type: 'sparse_embedding', inference_id: OWNED }),
      ],
    ]);
    // Reads of all, cluster info, the 404s, 405 and what core rejects alone run without a deployment.
    expect(results.filter((r) => r.kind === 'safe').map((r) => r.name)).toEqual(
      cases.filter((c) => classifyCase(c) === 'safe').map((c) => c.name),
    );
    expect(results.filter((r) => r.kind === 'safe')).toHaveLength(17);
    // Each 2xx body was checked against core's schema for its endpoint.
    const ok = results.filter((r) => r.expected.status === 200 && r.skipped === undefined);
    expect(ok.map((r) => [r.expected.schema, r.actual?.schema])).toEqual(ok.map(() => ['valid', 'valid']));
    expect(ok).toHaveLength(10);
    // The refused inference id went out as recorded; every other safe case to the generated id.
    const kept = results.find((r) => r.name === cases[23]?.name) as CaseResult;
    expect(kept.request.path).toBe(p('inferenceUpdate', { inference_id: 'Not_Allowed' }));
    const stopped = results.find((r) => r.name === cases[14]?.name) as CaseResult;
    expect(stopped.actual?.after).toEqual({ assignment_state: 'stopped' });
    // The deployment was started again with its own settings (the replayed start used two threads).
    expect(restores).toMatchObject([
      { ok: true, original: { number_of_allocations: 1, adaptive_allocations: null } },
    ]);
    const after = fresh.state().deployments.find((d) => d.deployment_id === SEEDED_ID);
    const was = before.deployments.find((d) => d.deployment_id === SEEDED_ID);
    expect(
      after && [
        after.threads_per_allocation,
        after.priority,
        after.queue_capacity,
        after.number_of_allocations,
      ],
    ).toEqual(
      was && [was.threads_per_allocation, was.priority, was.queue_capacity, was.number_of_allocations],
    );
    expect(fresh.state().inference_endpoints).toEqual(before.inference_endpoints);
  });
});

describe('a recording of a drifted upstream, replayed against the mock', () => {
  it('names each case that differs, with expected and actual', async () => {
    const real = await start({ clock: 'manual', seed });
    // An upstream that drifted from the mock behind it: one start message reworded, one stats status changed.
    const drift = await startDriftingUpstream(() => real.url, {
      text: (text) => text.split('with the same id').join('with the id'),
      status: (status, path) => (path.includes('_stats?size=-1') ? 422 : status),
    });
    try {
      const { cases } = await record(drift.url, join(dir, 'drifted.jsonl'));
      const mock = await start({ seed });
      const results = await runCases(cases, { baseUrl: mock.url, deploymentId: SEEDED_ID, ...withCore });
      const failed = results.filter((r) => !r.passed && r.skipped === undefined);
      const exists = (id: string, words: string) =>
        `Could not start model deployment because an existing deployment ${words} [${id}] exist`;
      expect(failed.map((r) => [r.name, r.mismatches])).toEqual([
        [cases[6]?.name, ['status: expected 422, got 400']],
        [
          cases[20]?.name,
          [
            `reason: expected ${JSON.stringify(exists(SEEDED_ID, 'with the id'))}, got ${JSON.stringify(exists(SEEDED_ID, 'with the same id'))}`,
          ],
        ],
      ]);
      expect(failed.map((r) => [r.expected.status, r.actual?.status])).toEqual([
        [422, 400],
        [400, 400],
      ]);
    } finally {
      await drift.close();
    }
  });
});
