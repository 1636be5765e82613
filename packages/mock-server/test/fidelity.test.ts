// The second audit of Elasticsearch's source against the mock (docs/rules.md, docs/versions.md,
// docs/differences.md), each finding over real HTTP.
import { validateErrorEnvelope } from '@mldeploy/core';
import { describe, expect, it } from 'vitest';
import type { SeedDocument } from '../src/index.js';
import { ENDPOINT_OWNED_ID, SEEDED_ID, useMockServer, withInferenceEndpoint } from '../src/testing.js';
import { call, instantSeed, UPDATE } from './helpers.js';

// Simulated time stands still unless a test steps it.
const mock = useMockServer({ clock: 'manual' });

const seed = instantSeed;
const json = (body: unknown) => ({ body: JSON.stringify(body) });
const path = (id: string, action: string) => `/_ml/trained_models/${id}/deployment/${action}`;

describe('errors are never shaped by filter_path or anything but error_trace', () => {
  it('keeps a 405 and a validation error whole under filter_path', async () => {
    await mock.server.reset(seed());
    const wrongMethod = await call(mock.url, 'GET', `${UPDATE}?filter_path=x`);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.json).toEqual({
      error: `Incorrect HTTP method for uri [${UPDATE}?filter_path=x] and method [GET], allowed: [POST]`,
      status: 405,
    });
    const invalid = await call(
      mock.url,
      'POST',
      `${UPDATE}?filter_path=error.type`,
      json({ number_of_allocations: 0 }),
    );
    expect(invalid.status).toBe(400);
    expect(invalid.json.error.reason).toBe(
      'Validation Failed: 1: [number_of_allocations] must be a positive integer;',
    );
    expect(invalid.json.error.root_cause).toHaveLength(1);
    expect(invalid.json.status).toBe(400);
    // Successful answers are still filtered.
    const ok = await call(mock.url, 'GET', '/?filter_path=tagline');
    expect(ok.json).toEqual({ tagline: 'You Know, for Search' });
  });

  it('adds stack_trace with error_trace=true, and only then', async () => {
    await mock.server.reset(seed());
    const plain = await call(mock.url, 'POST', `${UPDATE}`, json({ number_of_allocations: 0 }));
    expect(plain.json.error.stack_trace).toBeUndefined();
    const traced = await call(
      mock.url,
      'POST',
      `${UPDATE}?error_trace=true`,
      json({ number_of_allocations: 0 }),
    );
    expect(traced.status).toBe(400);
    expect(typeof traced.json.error.stack_trace).toBe('string');
    expect(traced.json.error.stack_trace).toContain('must be a positive integer');
    expect(validateErrorEnvelope(traced.json).ok).toBe(true);
  });
});

describe('_start and _stop', () => {
  it('starts min_number_of_allocations when adaptive settings come without a number', async () => {
    await mock.server.reset(seed());
    const reply = await call(
      mock.url,
      'POST',
      path('.elser_model_2', '_start'),
      json({
        adaptive_allocations: { enabled: false, min_number_of_allocations: 3, max_number_of_allocations: 4 },
      }),
    );
    expect(reply.status).toBe(200);
    expect(reply.json.assignment.task_parameters.number_of_allocations).toBe(3);
  });

  it('reads model_id from the _stop body and refuses a different one', async () => {
    await mock.server.reset(seed());
    const before = mock.server.state();
    const other = await call(mock.url, 'POST', path(SEEDED_ID, '_stop'), json({ model_id: 'other' }));
    expect(other.status).toBe(400);
    expect(other.json.error.type).toBe('illegal_argument_exception');
    expect(other.json.error.reason).toBe(
      `Inconsistent model_id; 'other' specified in the body differs from '${SEEDED_ID}' specified as a URL argument`,
    );
    expect(mock.server.state()).toEqual(before);
    const same = await call(
      mock.url,
      'POST',
      path(SEEDED_ID, '_stop'),
      json({ model_id: SEEDED_ID, force: true }),
    );
    expect(same.json).toEqual({ stopped: true });
    expect(mock.server.state().deployments).toEqual([]);
  });
});

describe('decreases (AllocationReducer)', () => {
  it('removes the route of a node a decrease empties at once, without waiting for convergence', async () => {
    await mock.server.reset(
      seed((s) => {
        s.cluster.converge_ms = 60_000;
        const d = s.deployments[0];
        if (d) {
          d.number_of_allocations = 9;
          d.routing_table = {
            'f_r7TSMFTZORrEA-7ccBdQ': {
              current_allocations: 8,
              target_allocations: 8,
              routing_state: 'started',
            },
            uckeG3R8TLe2MMNBQ6AGrw: {
              current_allocations: 1,
              target_allocations: 1,
              routing_state: 'started',
            },
          };
        }
      }),
    );
    const reply = await call(mock.url, 'POST', UPDATE, json({ number_of_allocations: 8 }));
    expect(reply.status).toBe(200);
    expect(Object.keys(reply.json.assignment.routing_table)).toEqual(['f_r7TSMFTZORrEA-7ccBdQ']);
    expect(reply.json.assignment.routing_table['f_r7TSMFTZORrEA-7ccBdQ'].target_allocations).toBe(8);
  });

  it('keeps reason when the new number is still above what is placed, clears it once it fits', async () => {
    await mock.server.reset(
      seed((s) => {
        s.cluster.scaling_possible = true;
      }),
    );
    const grown = await call(mock.url, 'POST', UPDATE, json({ number_of_allocations: 42 }));
    expect(grown.json.assignment.reason).toMatch(/insufficient allocated processors/);
    const stillShort = await call(mock.url, 'POST', UPDATE, json({ number_of_allocations: 20 }));
    expect(stillShort.status).toBe(200);
    expect(stillShort.json.assignment.reason).toBe(grown.json.assignment.reason);
    const fits = await call(mock.url, 'POST', UPDATE, json({ number_of_allocations: 10 }));
    expect(fits.json.assignment.reason).toBeUndefined();
  });

  it('never writes assignment_state failed in an assignment; stats still say failed', async () => {
    await mock.server.reset(
      seed((s) => {
        const d = s.deployments[0];
        if (d) {
          d.state = 'failed';
        }
      }),
    );
    const noop = await call(mock.url, 'POST', UPDATE, json({ number_of_allocations: 1 }));
    expect(noop.status).toBe(200);
    expect(noop.json.assignment.assignment_state).toBe('starting');
    const stats = await call(mock.url, 'GET', `/_ml/trained_models/${SEEDED_ID}/_stats`);
    expect(stats.json.trained_model_stats[0].deployment_stats.state).toBe('failed');
  });
});

describe('request media types', () => {
  it('accepts YAML and NDJSON bodies and answers YAML to a YAML request', async () => {
    await mock.server.reset(seed());
    const yaml = await call(mock.url, 'POST', UPDATE, {
      body: 'number_of_allocations: 2\n',
      headers: { 'content-type': 'application/yaml' },
    });
    expect(yaml.status).toBe(200);
    expect(yaml.headers.get('content-type')).toMatch(/^application\/yaml/);
    expect(yaml.text).toMatch(/^---\n/);
    expect(yaml.text).toContain('number_of_allocations: 2');
    const ndjson = await call(mock.url, 'POST', UPDATE, {
      body: '{"number_of_allocations":3}\n',
      headers: { 'content-type': 'application/x-ndjson' },
    });
    expect(ndjson.status).toBe(200);
    expect(ndjson.json.assignment.task_parameters.number_of_allocations).toBe(3);
    const asJson = await call(mock.url, 'POST', `${UPDATE}?format=json`, {
      body: 'number_of_allocations: 4',
      headers: { 'content-type': 'application/yaml' },
    });
    expect(asJson.json.assignment.task_parameters.number_of_allocations).toBe(4);
  });

  it('answers a YAML body core refuses with the same rule as JSON, and bad YAML with 400', async () => {
    await mock.server.reset(seed());
    const before = mock.server.state();
    const invalid = await call(mock.url, 'POST', `${UPDATE}?format=json`, {
      body: 'number_of_allocations: 0',
      headers: { 'content-type': 'application/yaml' },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.json.error.reason).toBe(
      'Validation Failed: 1: [number_of_allocations] must be a positive integer;',
    );
    const broken = await call(mock.url, 'POST', `${UPDATE}?format=json`, {
      body: 'a: [1, 2\nb: }',
      headers: { 'content-type': 'application/yaml' },
    });
    expect(broken.status).toBe(400);
    expect(validateErrorEnvelope(broken.json).ok).toBe(true);
    expect(mock.server.state()).toEqual(before);
  });

  it('still answers 406 to CBOR and Smile, which the mock cannot read', async () => {
    await mock.server.reset(seed());
    const reply = await call(mock.url, 'POST', UPDATE, {
      body: 'x',
      headers: { 'content-type': 'application/cbor' },
    });
    expect(reply.status).toBe(406);
  });
});

describe('model aliases and inference endpoints', () => {
  const aliased = () =>
    seed((s) => {
      const model = s.models.find((m) => m.model_id === SEEDED_ID);
      if (model) {
        model.aliases = ['ner'];
      }
    });

  it('resolves an alias for GET and _stats, but not for _update and _stop', async () => {
    await mock.server.reset(aliased());
    const models = await call(mock.url, 'GET', '/_ml/trained_models/ner');
    expect(models.status).toBe(200);
    expect(models.json.trained_model_configs.map((m: { model_id: string }) => m.model_id)).toEqual([
      SEEDED_ID,
    ]);
    const stats = await call(mock.url, 'GET', '/_ml/trained_models/ner/_stats');
    expect(stats.json.trained_model_stats[0].model_id).toBe(SEEDED_ID);
    const update = await call(mock.url, 'POST', path('ner', '_update'), json({ number_of_allocations: 2 }));
    expect(update.status).toBe(404);
    expect(update.json.error.reason).toBe('No known model deployment with id [ner]');
    const stop = await call(mock.url, 'POST', `${path('ner', '_stop')}?allow_no_match=false`);
    expect(stop.status).toBe(404);
    expect(mock.server.state().deployments).toHaveLength(1);
  });

  it('answers 409 for the id of a default inference endpoint even without a deployment', async () => {
    await mock.server.reset(seed());
    const reply = await call(
      mock.url,
      'POST',
      path('.elser-2-elasticsearch', '_update'),
      json({ number_of_allocations: 2 }),
    );
    expect(reply.status).toBe(409);
    expect(reply.json.error.reason).toBe(
      'Cannot update deployment [.elser-2-elasticsearch] as it was created by inference endpoint [.elser-2-elasticsearch]. This model deployment must be updated through the inference API.',
    );
  });
});

describe('PUT _inference/{task_type}/{inference_id}/_update', () => {
  const ID = ENDPOINT_OWNED_ID;
  /** An endpoint that created its deployment (same id), with two more endpoints of other kinds. */
  const withEndpoint = (change: (s: SeedDocument) => void = () => {}) =>
    seed((s) => {
      const added = withInferenceEndpoint(s, ID);
      s.deployments = added.deployments;
      s.inference_endpoints = [
        ...(added.inference_endpoints ?? []),
        {
          inference_id: 'uses-seeded',
          task_type: 'text_embedding',
          service: 'elasticsearch',
          service_settings: {
            model_id: SEEDED_ID,
            num_threads: 1,
            num_allocations: 1,
            deployment_id: SEEDED_ID,
          },
        },
        {
          inference_id: 'never-deployed',
          task_type: 'sparse_embedding',
          service: 'elasticsearch',
          service_settings: { model_id: '.elser_model_2', num_threads: 1, num_allocations: 1 },
        },
      ];
      change(s);
    });
  const put = (route: string, body: unknown) =>
    call(mock.url, 'PUT', route, typeof body === 'string' ? { body } : json(body));

  it('updates num_allocations of the deployment the endpoint owns, while _update answers 409', async () => {
    await mock.server.reset(withEndpoint());
    const owned = await call(mock.url, 'POST', path(ID, '_update'), json({ number_of_allocations: 2 }));
    expect(owned.status).toBe(409);
    const reply = await put(`/_inference/sparse_embedding/${ID}/_update`, {
      service_settings: { num_allocations: 3 },
    });
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({
      inference_id: ID,
      task_type: 'sparse_embedding',
      service: 'elasticsearch',
      service_settings: { num_allocations: 3, num_threads: 1, model_id: '.elser_model_2' },
    });
    const state = mock.server.state();
    expect(state.deployments.find((d) => d.deployment_id === ID)?.number_of_allocations).toBe(3);
    expect(
      state.inference_endpoints?.find((e) => e.inference_id === ID)?.service_settings.num_allocations,
    ).toBe(3);
  });

  it('switches to adaptive allocations, replacing num_allocations, without a task type in the path', async () => {
    await mock.server.reset(withEndpoint());
    const adaptive = { enabled: true, min_number_of_allocations: 1, max_number_of_allocations: 4 };
    const reply = await put(`/_inference/${ID}/_update`, {
      service_settings: { adaptive_allocations: adaptive },
    });
    expect(reply.status).toBe(200);
    expect(reply.json.service_settings).toEqual({
      num_threads: 1,
      model_id: '.elser_model_2',
      adaptive_allocations: adaptive,
    });
    expect(mock.server.state().deployments.find((d) => d.deployment_id === ID)?.adaptive_allocations).toEqual(
      adaptive,
    );
  });

  it('refuses what the service settings update refuses, changing nothing', async () => {
    await mock.server.reset(withEndpoint());
    const before = mock.server.state();
    const both = await put(`/_inference/sparse_embedding/${ID}/_update`, {
      service_settings: { num_allocations: 2, adaptive_allocations: { enabled: true } },
    });
    expect(both.status).toBe(400);
    expect(both.json.error.type).toBe('validation_exception');
    expect(both.json.error.reason).toBe(
      'Validation Failed: 1: [num_allocations] cannot be set if [adaptive_allocations] is set;',
    );
    const threads = await put(`/_inference/sparse_embedding/${ID}/_update`, {
      service_settings: { num_threads: 2 },
    });
    expect(threads.status).toBe(400);
    expect(threads.json.error.caused_by.reason).toBe('[num_threads] cannot be updated');
    const empty = await put(`/_inference/sparse_embedding/${ID}/_update`, {});
    expect(empty.status).toBe(400);
    expect(empty.json.error.reason).toBe('Request body is empty');
    const extra = await put(`/_inference/sparse_embedding/${ID}/_update`, { service: 'openai' });
    expect(extra.json.error.reason).toBe(
      'Request contained fields which cannot be updated, remove these fields and try again [{service=openai}]',
    );
    const wrongType = await put(`/_inference/text_embedding/${ID}/_update`, {
      service_settings: { num_allocations: 2 },
    });
    expect(wrongType.status).toBe(400);
    expect(wrongType.json.error.reason).toBe('Task type must match the task type of the existing endpoint');
    const missing = await put('/_inference/sparse_embedding/nope/_update', {
      service_settings: { num_allocations: 2 },
    });
    expect(missing.status).toBe(404);
    expect(missing.json.error.reason).toBe(
      'The inference endpoint [nope] does not exist and cannot be updated',
    );
    const tooMany = await put(`/_inference/sparse_embedding/${ID}/_update`, {
      service_settings: { num_allocations: 257 },
    });
    expect(tooMany.status).toBe(429);
    expect(mock.server.state()).toEqual(before);
  });

  it('sends users of a trained-models deployment to that API, and answers a no-op at once', async () => {
    await mock.server.reset(withEndpoint());
    const other = await put('/_inference/text_embedding/uses-seeded/_update', {
      service_settings: { num_allocations: 2 },
    });
    expect(other.status).toBe(409);
    expect(other.json.error.reason).toBe(
      `Cannot update inference endpoint [uses-seeded] using model deployment [${SEEDED_ID}]. The model deployment must be updated through the trained models API.`,
    );
    const none = await put('/_inference/sparse_embedding/never-deployed/_update', {
      service_settings: { num_allocations: 2 },
    });
    expect(none.status).toBe(404);
    const same = await put('/_inference/sparse_embedding/never-deployed/_update', {
      service_settings: { num_allocations: 1 },
    });
    expect(same.status).toBe(200);
    expect(same.json.service_settings.num_allocations).toBe(1);
  });

  it('is a PUT: other methods answer 405', async () => {
    await mock.server.reset(withEndpoint());
    const reply = await call(mock.url, 'POST', `/_inference/sparse_embedding/${ID}/_update`, json({}));
    expect(reply.status).toBe(405);
    expect(reply.headers.get('allow')).toBe('PUT');
  });
});

describe('versions (docs/versions.md)', () => {
  const at = (version: string) =>
    seed((s) => {
      s.cluster.version = version;
    });
  const compat = (n: number) => `application/vnd.elasticsearch+json; compatible-with=${n}`;

  it('reports 9.4.0 by default with 9.x compatibility fields', async () => {
    await mock.server.reset(seed());
    const info = await call(mock.url, 'GET', '/');
    expect(info.json.version).toMatchObject({
      number: '9.4.0',
      minimum_wire_compatibility_version: '8.19.0',
      minimum_index_compatibility_version: '8.0.0',
    });
  });

  it('accepts this major and the one before in Accept and Content-Type, and refuses others', async () => {
    await mock.server.reset(at('8.19.0'));
    const nine = await call(mock.url, 'GET', '/', { headers: { accept: compat(9) } });
    expect(nine.status).toBe(400);
    expect(nine.json.error.type).toBe('media_type_header_exception');
    expect(nine.json.error.caused_by.reason).toBe(
      `Accept version must be either version 8 or 7, but found 9. Accept=${compat(9)}`,
    );
    await mock.server.reset(seed());
    const seven = await call(mock.url, 'POST', UPDATE, {
      body: '{"number_of_allocations":2}',
      headers: { 'content-type': compat(7), accept: compat(7) },
    });
    expect(seven.status).toBe(400);
    expect(seven.json.error.caused_by.reason).toBe(
      `Accept version must be either version 9 or 8, but found 7. Accept=${compat(7)}`,
    );
    const eight = await call(mock.url, 'POST', UPDATE, {
      body: '{"number_of_allocations":2}',
      headers: { 'content-type': compat(8), accept: compat(8) },
    });
    expect(eight.status).toBe(200);
    const mixed = await call(mock.url, 'POST', UPDATE, {
      body: '{"number_of_allocations":3}',
      headers: { 'content-type': compat(9), accept: compat(8) },
    });
    expect(mixed.status).toBe(400);
    expect(mixed.json.error.caused_by.reason).toMatch(
      /^A compatible version is required on both Content-Type and Accept/,
    );
  });

  it('refuses adaptive allocations and the query number before 8.15', async () => {
    await mock.server.reset(at('8.14.0'));
    const adaptive = await call(mock.url, 'POST', UPDATE, json({ adaptive_allocations: { enabled: true } }));
    expect(adaptive.status).toBe(400);
    expect(adaptive.json.error.type).toBe('x_content_parse_exception');
    expect(adaptive.json.error.reason).toBe(
      '[1:2] [cluster:admin/xpack/ml/trained_models/deployment/update] unknown field [adaptive_allocations]',
    );
    const query = await call(mock.url, 'POST', `${UPDATE}?number_of_allocations=2`);
    expect(query.status).toBe(400);
    expect(query.json.error.reason).toBe(
      `request [${UPDATE}] contains unrecognized parameter: [number_of_allocations]`,
    );
    expect((await call(mock.url, 'POST', UPDATE, json({ number_of_allocations: 2 }))).status).toBe(200);
  });

  it('refuses a minimum of 0 before 8.16 and knows no inference endpoint check before 8.19', async () => {
    await mock.server.reset(at('8.15.0'));
    const zero = await call(
      mock.url,
      'POST',
      UPDATE,
      json({
        adaptive_allocations: { enabled: true, min_number_of_allocations: 0, max_number_of_allocations: 2 },
      }),
    );
    expect(zero.status).toBe(400);
    await mock.server.reset(at('8.18.0'));
    const noCheck = await call(
      mock.url,
      'POST',
      path('.elser-2-elasticsearch', '_update'),
      json({ number_of_allocations: 2 }),
    );
    expect(noCheck.status).toBe(404);
  });
});
