// `POST _ml/trained_models/{model_id}/deployment/cache/_clear` over HTTP: Elasticsearch's answers
// as TransportClearDeploymentCacheAction gives them (docs/rules.md, "Clearing a deployment's
// cache"), through the pipeline every endpoint shares (400 before 403, 405, state untouched on a
// reject).
import {
  ENDPOINTS,
  type EndpointKey,
  pathFor,
  START_ENDPOINT,
  STATS_ENDPOINT,
} from '@mldeploy/core/endpoints';
import { formatIssues, RESPONSE_VALIDATORS } from '@mldeploy/core/validators';
import { clearDeploymentCacheCases, runCases } from '@mldeploy/testkit';
import { beforeEach, describe, expect, it } from 'vitest';
import { defaultSeed } from '../src/index.js';
import { SEEDED_ID, useMockServer } from '../src/testing.js';
import { call } from './helpers.js';

const mock = useMockServer({ clock: 'manual' });
const clear = (id: string) => pathFor(ENDPOINTS.clearDeploymentCache, { model_id: id });
const ELSER = '.elser_model_2';

beforeEach(async () => {
  await mock.server.reset(defaultSeed());
});

describe('clearing a deployment cache', () => {
  it('answers {"cleared": true} for a started deployment, in the shape core validates', async () => {
    const reply = await call(mock.url, 'POST', clear(SEEDED_ID));
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({ cleared: true });
    expect(RESPONSE_VALIDATORS.clearDeploymentCache(reply.json).ok).toBe(true);
  });

  it('leaves the cache-hit counters at 0 and the deployment as it was', async () => {
    const before = mock.server.state();
    await call(mock.url, 'POST', clear(SEEDED_ID));
    expect(mock.server.state()).toEqual(before);
    const stats = await call(mock.url, 'GET', pathFor(STATS_ENDPOINT, { model_id: SEEDED_ID }));
    for (const node of stats.json.trained_model_stats[0].deployment_stats.nodes) {
      expect(node.inference_cache_hit_count).toBe(0);
    }
  });

  it('answers 404 for a deployment id with no assignment, with Elasticsearch message', async () => {
    const reply = await call(mock.url, 'POST', clear('no-such-deployment'));
    expect(reply.status).toBe(404);
    expect(reply.json.error.type).toBe('resource_not_found_exception');
    expect(reply.json.error.reason).toBe('assignment for model with id [no-such-deployment] not found');
  });

  it('a model id that has no deployment of that id is not found either (the id names an assignment)', async () => {
    const reply = await call(mock.url, 'POST', clear(ELSER));
    expect(reply.status).toBe(404);
    expect(reply.json.error.reason).toBe(`assignment for model with id [${ELSER}] not found`);
  });

  it('answers cleared for a deployment routed to no node yet (starting): no node is asked', async () => {
    const started = await call(
      mock.url,
      'POST',
      `${pathFor(START_ENDPOINT, { model_id: ELSER })}?wait_for=starting`,
    );
    expect(started.status).toBe(200);
    expect(started.json.assignment.assignment_state).toBe('starting');
    const reply = await call(mock.url, 'POST', clear(ELSER));
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({ cleared: true });
  });

  it('refuses an unknown query parameter (400, did-you-mean from the always-supported ones)', async () => {
    const before = mock.server.state();
    const reply = await call(mock.url, 'POST', `${clear(SEEDED_ID)}?prety=true`);
    expect(reply.status).toBe(400);
    expect(reply.json.error.type).toBe('illegal_argument_exception');
    expect(reply.json.error.reason).toContain('unrecognized parameter: [prety] -> did you mean [pretty]?');
    expect(mock.server.state()).toEqual(before);
  });

  it('refuses a body (400: the handler does not read one)', async () => {
    const reply = await call(mock.url, 'POST', clear(SEEDED_ID), { body: '{}' });
    expect(reply.status).toBe(400);
    expect(reply.json.error.reason).toBe(`request [POST ${clear(SEEDED_ID)}] does not support having a body`);
  });

  it('answers 405 with Allow: POST for another method', async () => {
    const reply = await call(mock.url, 'GET', clear(SEEDED_ID));
    expect(reply.status).toBe(405);
    expect(reply.headers.get('allow')).toBe('POST');
  });
});

describe('clearing a deployment cache with security on', () => {
  const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;

  beforeEach(async () => {
    const seed = defaultSeed();
    seed.security = {
      enabled: true,
      users: [],
      api_keys: [
        { id: 'ml', api_key: 'ml-secret', username: 'svc', privileges: ['manage_ml'] },
        { id: 'ro', api_key: 'ro-secret', username: 'svc', privileges: ['monitor_ml'] },
      ],
    };
    await mock.server.reset(seed);
  });

  const apiKey = (id: string) => `ApiKey ${Buffer.from(`${id}:${id}-secret`).toString('base64')}`;

  it('answers 403 naming the action to a principal without manage_ml', async () => {
    const reply = await call(mock.url, 'POST', clear(SEEDED_ID), {
      headers: { authorization: apiKey('ro') },
    });
    expect(reply.status).toBe(403);
    expect(reply.json.error.type).toBe('security_exception');
    expect(reply.json.error.reason).toContain(
      'action [cluster:admin/xpack/ml/trained_models/deployment/clear_cache] is unauthorized',
    );
  });

  it('checks the request before the privileges: 400, not 403', async () => {
    const reply = await call(mock.url, 'POST', `${clear(SEEDED_ID)}?bogus=1`, {
      headers: { authorization: apiKey('ro') },
    });
    expect(reply.status).toBe(400);
  });

  it('answers 200 to manage_ml, and 401 without credentials', async () => {
    const ok = await call(mock.url, 'POST', clear(SEEDED_ID), { headers: { authorization: apiKey('ml') } });
    expect(ok.status).toBe(200);
    const anonymous = await call(mock.url, 'POST', clear(SEEDED_ID), {
      headers: { authorization: basic('nobody', 'x') },
    });
    expect(anonymous.status).toBe(401);
  });
});

describe("the cache clear's contract cases (testkit), replayed by the runner", () => {
  const withCore = {
    pathFor: (endpoint: EndpointKey, params: Record<string, string>) => pathFor(ENDPOINTS[endpoint], params),
    validateResponse: (endpoint: EndpointKey, body: unknown) => {
      const result = RESPONSE_VALIDATORS[endpoint](body);
      return result.ok ? undefined : formatIssues(result.issues.slice(0, 1));
    },
  };

  it('passes every safe case, and never replays a stateful one on the deployment given', async () => {
    const before = mock.server.state();
    const results = await runCases(clearDeploymentCacheCases, {
      baseUrl: mock.url,
      deploymentId: SEEDED_ID,
      ...withCore,
    });
    expect(
      results.filter((r) => !r.passed && r.skipped === undefined).map((r) => [r.name, r.mismatches]),
    ).toEqual([]);
    // Deny by default: the table says the cache clear is not replayed on a user's deployment.
    expect(results.filter((r) => r.skipped !== undefined).map((r) => [r.name, r.skipped])).toEqual([
      [
        'clears the cache of a started deployment',
        "empties the deployment's inference cache, which no restore refills; verify changes nothing but the deployment given with --deployment",
      ],
    ]);
    expect(mock.server.state().deployments).toEqual(before.deployments);
  });

  it('runs and passes the four safe cases without any deployment given', async () => {
    const results = await runCases(clearDeploymentCacheCases, { baseUrl: mock.url, ...withCore });
    const safe = results.filter((r) => r.kind === 'safe');
    expect(safe.map((r) => [r.name, r.passed])).toEqual(
      clearDeploymentCacheCases.slice(1).map((c) => [c.name, true]),
    );
  });
});
