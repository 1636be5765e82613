import { validateStatsResponse, validateUpdateResponse } from '@mldeploy/core';
import { describe, expect, it, vi } from 'vitest';
import { defaultSeed, SCALE_UP_COOLDOWN_MS, type SeedDocument } from '../src/index.js';
import { SEEDED_ID, useMockServer } from '../src/testing.js';
import { call, UPDATE } from './helpers.js';

// Simulated time stands still unless a test steps it.
const mock = useMockServer({ convergeMs: 0, clock: 'manual' });

function seed(change: (s: SeedDocument) => void = () => {}): SeedDocument {
  const s = defaultSeed();
  s.cluster.converge_ms = 0;
  change(s);
  return s;
}
const update = (body: unknown, id = SEEDED_ID) =>
  call(mock.url, 'POST', `/_ml/trained_models/${id}/deployment/_update`, { body: JSON.stringify(body) });
const stats = async (id = SEEDED_ID) =>
  (await call(mock.url, 'GET', `/_ml/trained_models/${id}/_stats`)).json;

describe('placement and allocations', () => {
  it('spreads an increase over nodes within their processors', async () => {
    await mock.server.reset(seed());
    const reply = await update({ number_of_allocations: 16 });
    expect(reply.status).toBe(200);
    const table = reply.json.assignment.routing_table;
    expect(Object.values(table).map((r) => (r as { target_allocations: number }).target_allocations)).toEqual(
      [8, 8],
    );
    expect((await update({ number_of_allocations: 17 })).status).toBe(429);
  });

  it('keeps threads_per_allocation in the arithmetic', async () => {
    await mock.server.reset(
      seed((s) => {
        const d = s.deployments[0];
        if (d) {
          d.threads_per_allocation = 4;
        }
      }),
    );
    expect((await update({ number_of_allocations: 4 })).status).toBe(200);
    const rejected = await update({ number_of_allocations: 5 });
    expect(rejected.status).toBe(429);
    expect(rejected.json.error.reason).toBe(
      'Could not update deployment because there are not enough resources to provide all requested allocations',
    );
    expect(mock.server.state().deployments[0]?.number_of_allocations).toBe(4);
  });

  it('accepts an increase that does not fit when scaling is possible, with a reason', async () => {
    await mock.server.reset(
      seed((s) => {
        s.cluster.scaling_possible = true;
      }),
    );
    const reply = await update({ number_of_allocations: 42 });
    expect(reply.status).toBe(200);
    expect(reply.json.assignment.task_parameters.number_of_allocations).toBe(42);
    expect(reply.json.assignment.reason).toMatch(/insufficient allocated processors/);
    const s = await stats();
    expect(s.trained_model_stats[0].deployment_stats.allocation_status).toEqual({
      allocation_count: 16,
      target_allocation_count: 42,
      state: 'started',
    });
  });

  it('reduces allocations, dropping whole routes first', async () => {
    await mock.server.reset(seed());
    await update({ number_of_allocations: 5 });
    const reply = await update({ number_of_allocations: 3 });
    const targets = Object.values(reply.json.assignment.routing_table).map(
      (r) => (r as { target_allocations: number }).target_allocations,
    );
    expect(targets.reduce((a, b) => a + b, 0)).toBe(3);
    expect(reply.json.assignment.reason).toBeUndefined();
  });

  it('converges over converge_ms from starting to fully allocated', async () => {
    await mock.server.reset(
      seed((s) => {
        s.cluster.converge_ms = 400;
      }),
    );
    const reply = await update({ number_of_allocations: 4 });
    expect(validateUpdateResponse(reply.json).ok).toBe(true);
    const status = async () => (await stats()).trained_model_stats[0].deployment_stats.allocation_status;
    expect(await status()).toEqual({ allocation_count: 1, target_allocation_count: 4, state: 'started' });
    mock.server.advance(200);
    const half = await status();
    expect(half.allocation_count).toBeGreaterThan(1);
    expect(half.allocation_count).toBeLessThan(4);
    mock.server.advance(199);
    expect((await status()).state).toBe('started');
    mock.server.advance(1);
    expect(await status()).toEqual({
      allocation_count: 4,
      target_allocation_count: 4,
      state: 'fully_allocated',
    });
    const after = await update({});
    expect(after.json.assignment.max_assigned_allocations).toBe(4);
  });
});

describe('the rules that need state', () => {
  it('answers the no-op path with 200 even for a starting deployment', async () => {
    await mock.server.reset(
      seed((s) => {
        const d = s.deployments[0];
        if (d) {
          d.state = 'starting';
        }
      }),
    );
    const same = await update({ number_of_allocations: 1 });
    expect(same.status).toBe(200);
    expect(same.json.assignment.assignment_state).toBe('starting');
    const change = await update({ number_of_allocations: 2 });
    expect(change.status).toBe(409);
    expect(change.json.error.reason).toBe('cannot update deployment that is not in [started] state');
  });

  it('merges adaptive settings per field and validates the merge', async () => {
    await mock.server.reset(seed());
    await update({
      adaptive_allocations: { enabled: true, min_number_of_allocations: 2, max_number_of_allocations: 4 },
    });
    const merged = await update({ adaptive_allocations: { max_number_of_allocations: 6 } });
    expect(merged.json.assignment.adaptive_allocations).toEqual({
      enabled: true,
      min_number_of_allocations: 2,
      max_number_of_allocations: 6,
    });
    const invalid = await update({ adaptive_allocations: { max_number_of_allocations: 1 } });
    expect(invalid.status).toBe(400);
    expect(invalid.json.error.reason).toBe(
      'Validation Failed: 1: [min_number_of_allocations] must not be larger than [max_number_of_allocations];',
    );
    const number = await update({ number_of_allocations: 3 });
    expect(number.json.error.type).toBe('validation_exception');
    const cleared = await update({ adaptive_allocations: { min_number_of_allocations: null } });
    expect(cleared.json.assignment.adaptive_allocations).toEqual({
      enabled: true,
      max_number_of_allocations: 6,
    });
    const removed = await update({ adaptive_allocations: null, number_of_allocations: 3 });
    expect(removed.status).toBe(200);
    expect(removed.json.assignment.adaptive_allocations).toBeNull();
    expect(removed.json.assignment.task_parameters.number_of_allocations).toBe(3);
  });

  it('refuses updates to a deployment owned by an inference endpoint before anything else', async () => {
    await mock.server.reset(
      seed((s) => {
        const d = s.deployments[0];
        if (d) {
          d.owned_by_inference_endpoint = true;
        }
      }),
    );
    const reply = await update({});
    expect(reply.status).toBe(409);
    expect(reply.json.error.reason).toBe(
      `Cannot update deployment [${SEEDED_ID}] as it was created by inference endpoint [${SEEDED_ID}]. This model deployment must be updated through the inference API.`,
    );
  });

  it('answers 404 for a model that exists but is not deployed', async () => {
    await mock.server.reset(seed());
    const reply = await update({ number_of_allocations: 2 }, '.elser_model_2');
    expect(reply.status).toBe(404);
    expect(reply.json.error.reason).toBe('No known model deployment with id [.elser_model_2]');
  });
});

describe('start, stop and stats', () => {
  const start = (id: string, query = '', body?: unknown) =>
    call(
      mock.url,
      'POST',
      `/_ml/trained_models/${id}/deployment/_start${query ? `?${query}` : ''}`,
      body === undefined ? {} : { body: JSON.stringify(body) },
    );

  it('starts with defaults, refuses a second start, and removes on stop', async () => {
    await mock.server.reset(seed());
    const started = await start('.elser_model_2');
    expect(started.status).toBe(200);
    expect(started.json.assignment.task_parameters).toMatchObject({
      number_of_allocations: 1,
      threads_per_allocation: 1,
      queue_capacity: 10000,
      cache_size: '438123914b',
    });
    const again = await start('.elser_model_2');
    expect(again.status).toBe(400);
    expect(again.json.error.type).toBe('status_exception');
    expect(again.json.error.reason).toBe(
      'Could not start model deployment because an existing deployment with the same id [.elser_model_2] exist',
    );
    const stopped = await call(mock.url, 'POST', '/_ml/trained_models/.elser_model_2/deployment/_stop');
    expect(stopped.json).toEqual({ stopped: true });
    expect((await update({ number_of_allocations: 2 }, '.elser_model_2')).status).toBe(404);
  });

  it('answers start errors as Elasticsearch does', async () => {
    await mock.server.reset(seed());
    expect((await start('nope')).json.error.reason).toBe('Could not find trained model [nope]');
    const tooMany = await start('.elser_model_2', 'number_of_allocations=100');
    expect(tooMany.status).toBe(429);
    expect(tooMany.json.error.reason).toBe(
      'Could not start deployment because there are not enough resources to provide all requested allocations',
    );
    // The seeded deployment id exists: that check comes before the model's (and the other model's).
    const existing = await start('.elser_model_2', `deployment_id=${SEEDED_ID}`);
    expect(existing.status).toBe(400);
    expect(existing.json.error.reason).toBe(
      `Could not start model deployment because an existing deployment with the same id [${SEEDED_ID}] exist`,
    );
    const missingModel = await start('nope', `deployment_id=${SEEDED_ID}`);
    expect(missingModel.status).toBe(400);
    expect(missingModel.json.error.type).toBe('status_exception');
    await mock.server.reset(seed((s) => (s.deployments = [])));
    const other = await start('.elser_model_2', `deployment_id=${SEEDED_ID}`);
    expect(other.status).toBe(400);
    expect(other.json.error.reason).toMatch(
      new RegExp(
        `^Deployment id \\[${SEEDED_ID}\\] is the same as an another model which is not the model being deployed`,
      ),
    );
    expect((await start('.elser_model_2', 'deployment_id=for_search')).status).toBe(200);
    const taken = await start('.elser_model_2', 'deployment_id=for_search');
    expect(taken.status).toBe(400);
    expect(taken.json.error.reason).toBe(
      'Could not start model deployment because an existing deployment with the same id [for_search] exist',
    );
    const invalid = await start('.elser_model_2', 'threads_per_allocation=3');
    expect(invalid.json.error.reason).toBe(
      'Validation Failed: 1: [threads_per_allocation] must be a power of 2 less than or equal to 32;',
    );
    expect(mock.server.state().deployments.map((d) => d.deployment_id)).toEqual(['for_search']);
  });

  it('times out waiting for a start that cannot converge in time', async () => {
    await mock.server.reset(
      seed((s) => {
        s.cluster.converge_ms = 60_000;
      }),
    );
    const pending = start('.elser_model_2', 'wait_for=fully_allocated&timeout=200ms');
    // The start is placed and waits on the simulated clock; 200 simulated ms later it gives up.
    await vi.waitFor(() => expect(mock.server.clock.pending()).toBe(1));
    mock.server.advance(200);
    const reply = await pending;
    expect(reply.status).toBe(408);
    expect(reply.json.error.reason).toMatch(
      /^Timed out after \[200ms\] waiting for trained model deployment/,
    );
  });

  it('stops with allow_no_match and refuses a deployment used by ingest unless forced', async () => {
    await mock.server.reset(
      seed((s) => {
        const d = s.deployments[0];
        if (d) {
          d.referenced_by_ingest = true;
        }
      }),
    );
    expect((await call(mock.url, 'POST', '/_ml/trained_models/nope/deployment/_stop')).json).toEqual({
      stopped: true,
    });
    const strict = await call(
      mock.url,
      'POST',
      '/_ml/trained_models/nope/deployment/_stop?allow_no_match=false',
    );
    expect(strict.status).toBe(404);
    const busy = await call(mock.url, 'POST', `/_ml/trained_models/${SEEDED_ID}/deployment/_stop`);
    expect(busy.status).toBe(409);
    expect(busy.json.error.reason).toBe(
      `Cannot stop deployment [${SEEDED_ID}] as it is referenced by ingest processors; use force to stop the deployment`,
    );
    expect(mock.server.state().deployments).toHaveLength(1);
    const forced = await call(mock.url, 'POST', `/_ml/trained_models/${SEEDED_ID}/deployment/_stop`, {
      body: '{"force":true}',
    });
    expect(forced.json).toEqual({ stopped: true });
    expect(mock.server.state().deployments).toHaveLength(0);
  });

  it('computes stats from the same state, one entry per deployment', async () => {
    await mock.server.reset(seed());
    await start('.elser_model_2', 'deployment_id=for_search');
    await start('.elser_model_2', 'deployment_id=for_ingest');
    const all = await call(mock.url, 'GET', '/_ml/trained_models/_stats');
    expect(validateStatsResponse(all.json).ok).toBe(true);
    // The seeded models and the built-in lang_ident_model_1 every cluster has (not deployed).
    expect(all.json.count).toBe(3);
    expect(
      all.json.trained_model_stats.map(
        (s: { deployment_stats?: { deployment_id: string } }) => s.deployment_stats?.deployment_id,
      ),
    ).toEqual(['for_ingest', 'for_search', SEEDED_ID, undefined]);
    const one = await call(mock.url, 'GET', '/_ml/trained_models/for_search/_stats');
    expect(one.json.trained_model_stats).toHaveLength(1);
    expect((await call(mock.url, 'GET', '/_ml/trained_models/nothing*/_stats')).json.count).toBe(0);
    expect(
      (await call(mock.url, 'GET', '/_ml/trained_models/nothing*/_stats?allow_no_match=false')).status,
    ).toBe(404);
    const human = await call(mock.url, 'GET', `/_ml/trained_models/${SEEDED_ID}/_stats?human`);
    expect(human.json.trained_model_stats[0].deployment_stats.start_time_string).toBe(
      '2026-11-01T09:30:00.000Z',
    );
  });
});

describe('HTTP details', () => {
  it('sends x-elastic-product and JSON on every answer, errors included', async () => {
    for (const [method, path] of [
      ['GET', '/'],
      ['GET', '/nope'],
      ['GET', UPDATE],
      ['POST', UPDATE],
    ] as const) {
      const reply = await call(mock.url, method, path);
      expect(reply.headers.get('x-elastic-product')).toBe('Elasticsearch');
      expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
    }
  });

  it('answers 405 with an Allow header', async () => {
    const reply = await call(mock.url, 'PUT', `${UPDATE}?pretty`);
    expect(reply.status).toBe(405);
    expect(reply.headers.get('allow')).toBe('POST');
    expect(reply.json.error).toBe(
      `Incorrect HTTP method for uri [${UPDATE}?pretty] and method [PUT], allowed: [POST]`,
    );
  });

  it('accepts the compatible-with media type and answers in kind', async () => {
    await mock.server.reset(seed());
    const type = 'application/vnd.elasticsearch+json; compatible-with=8';
    const reply = await call(mock.url, 'POST', UPDATE, {
      body: '{"number_of_allocations":2}',
      headers: { 'content-type': type, accept: type },
    });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toMatch(
      /^application\/vnd\.elasticsearch\+json;compatible-with=8/,
    );
  });

  it('refuses unsupported and missing content types without changing state', async () => {
    await mock.server.reset(seed());
    const before = mock.server.state();
    const text = await call(mock.url, 'POST', UPDATE, {
      body: '{"number_of_allocations":2}',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(406);
    expect(text.json).toEqual({ error: 'Content-Type header [text/plain] is not supported', status: 406 });
    expect(mock.server.state()).toEqual(before);
  });

  it('answers an oversized body with 413 and the envelope', async () => {
    const small = await import('../src/index.js').then((m) =>
      m.startMockServer({ port: 0, maxBodyBytes: 64 }),
    );
    try {
      const reply = await call(small.url, 'POST', UPDATE, {
        body: JSON.stringify({ number_of_allocations: 2, pad: 'x'.repeat(200) }),
      });
      expect(reply.status).toBe(413);
      expect(reply.json.error.type).toBe('content_too_long_exception');
      expect(small.state().deployments[0]?.number_of_allocations).toBe(1);
      expect((await call(small.url, 'GET', '/')).status).toBe(200);
    } finally {
      await small.close();
    }
  });

  it('honours pretty and filter_path', async () => {
    const reply = await call(mock.url, 'GET', '/?pretty&filter_path=version.number,tagline');
    expect(reply.text).toBe(
      '{\n  "version": {\n    "number": "9.4.0"\n  },\n  "tagline": "You Know, for Search"\n}\n',
    );
  });

  it('answers an undecodable path with an envelope, not a crash', async () => {
    const reply = await call(mock.url, 'POST', '/_ml/trained_models/%E0%A4%A/deployment/_update', {
      body: '{}',
    });
    expect(reply.status).toBe(400);
    expect(reply.json.error.type).toBe('illegal_argument_exception');
    expect((await call(mock.url, 'GET', '/')).status).toBe(200);
  });
});

describe('the adaptive allocations scaler', () => {
  const adaptive = (interval: number) =>
    seed((s) => {
      s.cluster.scaler_interval_ms = interval;
      const d = s.deployments[0];
      if (d) {
        d.adaptive_allocations = {
          enabled: true,
          min_number_of_allocations: 3,
          max_number_of_allocations: 6,
        };
      }
    });
  const numberOf = async () => (await stats()).trained_model_stats[0].deployment_stats.number_of_allocations;

  it('brings an enabled deployment inside its range, scaling down only after the cooldown', async () => {
    await mock.server.reset(adaptive(10_000));
    expect(await numberOf()).toBe(1);
    // The first trigger only reads the stats; the second one measures and scales up to min.
    mock.server.advance(19_999);
    expect(await numberOf()).toBe(1);
    mock.server.advance(1);
    expect(await numberOf()).toBe(3);
    // Above the new range: without load it goes down to max(1, min), once the scale-up's
    // cooldown has passed.
    await update({ adaptive_allocations: { min_number_of_allocations: 1, max_number_of_allocations: 2 } });
    expect(await numberOf()).toBe(3);
    mock.server.advance(SCALE_UP_COOLDOWN_MS - 10_000);
    expect(await numberOf()).toBe(3);
    mock.server.advance(10_000);
    expect(await numberOf()).toBe(1);
  });

  it('leaves deployments alone when turned off or not enabled', async () => {
    await mock.server.reset(adaptive(0));
    mock.server.advance(60_000);
    expect(await numberOf()).toBe(1);
    await mock.server.reset(
      seed((s) => {
        s.cluster.scaler_interval_ms = 50;
        const d = s.deployments[0];
        if (d) {
          d.adaptive_allocations = { enabled: false, min_number_of_allocations: 3 };
        }
      }),
    );
    mock.server.advance(60_000);
    expect(await numberOf()).toBe(1);
  });
});
