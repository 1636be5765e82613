// The third audit of Elasticsearch's source against the mock (issue 22; docs/rules.md and
// docs/differences.md): ordering, cache_size parsing, model memory, and GET trained models'
// query options, each over real HTTP.
import { describe, expect, it } from 'vitest';
import type { SeedModel } from '../src/index.js';
import { ENDPOINT_OWNED_ID, SEEDED_ID, useMockServer, withInferenceEndpoint } from '../src/testing.js';
import { call, instantSeed } from './helpers.js';

const mock = useMockServer({ clock: 'manual' });

const MB = 1024 * 1024;
const GB = 1024 * MB;

const seed = instantSeed;
const json = (body: unknown) => ({ body: JSON.stringify(body) });
const start = (id: string, query = '') => `/_ml/trained_models/${id}/deployment/_start${query}`;
const model = (model_id: string, extra: Partial<SeedModel> = {}): SeedModel => ({
  model_id,
  model_size_bytes: 10 * MB,
  model_type: 'pytorch',
  tags: [],
  ...extra,
});

describe('ordering: ids sort as Java strings (UTF-16 code units)', () => {
  const ids = ['m_b', 'm-b', 'mb', 'm0', 'm.b'];
  const sorted = ['m-b', 'm.b', 'm0', 'm_b', 'mb'];

  it('sorts GET trained models and pages through that order', async () => {
    await mock.server.reset(seed((s) => s.models.push(...ids.map((id) => model(id)))));
    const all = await call(mock.url, 'GET', '/_ml/trained_models/m*');
    expect(all.json.trained_model_configs.map((c: { model_id: string }) => c.model_id)).toEqual(sorted);
    const page = await call(mock.url, 'GET', '/_ml/trained_models/m*?from=1&size=2');
    expect(page.json.count).toBe(5);
    expect(page.json.trained_model_configs.map((c: { model_id: string }) => c.model_id)).toEqual([
      'm.b',
      'm0',
    ]);
  });

  it('sorts _stats by model, then deployment, then node id', async () => {
    await mock.server.reset(
      seed((s) => {
        s.models.push(...ids.map((id) => model(id)));
        s.nodes = [
          { id: 'node_2', name: 'c', processors: 8, memory_bytes: 16 * GB },
          { id: 'node-1', name: 'a', processors: 8, memory_bytes: 16 * GB },
          { id: 'node0', name: 'b', processors: 8, memory_bytes: 16 * GB },
        ];
        const routes = {
          node_2: { current_allocations: 1, target_allocations: 1, routing_state: 'started' as const },
          'node-1': { current_allocations: 1, target_allocations: 1, routing_state: 'started' as const },
          node0: { current_allocations: 1, target_allocations: 1, routing_state: 'started' as const },
        };
        s.deployments = ['d_x', 'd-x', 'd0'].map((deployment_id) => ({
          deployment_id,
          model_id: 'm0',
          number_of_allocations: 3,
          threads_per_allocation: 1,
          priority: 'normal' as const,
          queue_capacity: 10000,
          adaptive_allocations: null,
          state: 'started' as const,
          start_time: '2026-11-01T09:30:00.000Z',
          routing_table: routes,
        }));
      }),
    );
    const stats = await call(mock.url, 'GET', '/_ml/trained_models/m*/_stats');
    expect(stats.status).toBe(200);
    const entries = stats.json.trained_model_stats as Array<{
      model_id: string;
      deployment_stats?: { deployment_id: string; nodes: Array<{ node: Record<string, unknown> }> };
    }>;
    expect(entries.map((e) => `${e.model_id}/${e.deployment_stats?.deployment_id ?? ''}`)).toEqual([
      'm-b/',
      'm.b/',
      'm0/d-x',
      'm0/d0',
      'm0/d_x',
      'm_b/',
      'mb/',
    ]);
    const nodes = entries[2]?.deployment_stats?.nodes.map((n) => Object.keys(n.node)[0]);
    expect(nodes).toEqual(['node-1', 'node0', 'node_2']);
  });
});

describe('_start cache_size (ByteSizeValue.parseBytesSizeValue)', () => {
  it('refuses a query value without a unit with parse_exception, changing nothing', async () => {
    await mock.server.reset(seed());
    const before = mock.server.state();
    const reply = await call(mock.url, 'POST', start('.elser_model_2', '?cache_size=100'));
    expect(reply.status).toBe(400);
    expect(reply.json.error).toMatchObject({
      type: 'parse_exception',
      reason:
        'failed to parse setting [cache_size] with value [100] as a size in bytes: unit is missing or unrecognized',
    });
    expect(mock.server.state()).toEqual(before);
  });

  it('wraps a bad body value in failed to parse field [cache_size]', async () => {
    await mock.server.reset(seed());
    const reply = await call(mock.url, 'POST', start('.elser_model_2'), json({ cache_size: '1.125mb' }));
    expect(reply.status).toBe(400);
    expect(reply.json.error).toMatchObject({
      type: 'x_content_parse_exception',
      reason:
        '[1:15] [cluster:admin/xpack/ml/trained_models/deployment/start] failed to parse field [cache_size]',
      caused_by: {
        type: 'parse_exception',
        reason: 'more than two decimal places in setting [cache_size] with value [1.125mb]',
      },
    });
  });

  it('names the deployment from the query or the model id, ignoring a body deployment_id', async () => {
    await mock.server.reset(seed());
    const reply = await call(
      mock.url,
      'POST',
      start('.elser_model_2'),
      json({ deployment_id: 'elser-search' }),
    );
    expect(reply.status).toBe(200);
    expect(reply.json.assignment.task_parameters.deployment_id).toBe('.elser_model_2');
    const named = await call(mock.url, 'POST', start('.elser_model_2', '?deployment_id=elser-ingest'));
    expect(named.json.assignment.task_parameters.deployment_id).toBe('elser-ingest');
  });

  it('stores the value as getStringRep writes it, and the stats as toString does', async () => {
    await mock.server.reset(seed());
    const reply = await call(mock.url, 'POST', start('.elser_model_2'), json({ cache_size: '1GB' }));
    expect(reply.status).toBe(200);
    expect(reply.json.assignment.task_parameters.cache_size).toBe('1gb');
    const stats = await call(mock.url, 'GET', '/_ml/trained_models/.elser_model_2/_stats');
    expect(stats.json.trained_model_stats[0].deployment_stats.cache_size).toBe('1gb');
  });
});

describe("memory of Elastic's own models (estimateMemoryUsageBytes)", () => {
  it('places ELSER v2 as 2004mb: a node that fits 240mb + 2 × its size does not take it', async () => {
    // 240mb + 2 × 438123914 bytes is about 1.05gb; ELSER's flat estimate is 2004mb.
    await mock.server.reset(
      seed((s) => {
        s.nodes = [{ id: 'small', name: 'small', processors: 8, memory_bytes: 1536 * MB }];
        s.deployments = [];
      }),
    );
    const before = mock.server.state();
    const elser = await call(mock.url, 'POST', start('.elser_model_2'));
    expect(elser.status).toBe(429);
    expect(mock.server.state()).toEqual(before);
    const other = await call(mock.url, 'POST', start(SEEDED_ID));
    expect(other.status).toBe(200);
  });

  it('reports ELSER required_native_memory_bytes as 2004mb, readable with human', async () => {
    await mock.server.reset(seed());
    expect((await call(mock.url, 'POST', start('.elser_model_2', '?number_of_allocations=2'))).status).toBe(
      200,
    );
    const stats = await call(mock.url, 'GET', '/_ml/trained_models/.elser_model_2/_stats?human');
    expect(stats.json.trained_model_stats[0].model_size_stats).toEqual({
      model_size: '417.8mb',
      model_size_bytes: 438123914,
      required_native_memory: '1.9gb',
      required_native_memory_bytes: 2004 * MB,
    });
  });

  it('never estimates below 240mb + 2 × size, and 0 for a model without a deployment', async () => {
    await mock.server.reset(
      seed((s) => {
        s.models.push(
          model('e5-like', {
            model_size_bytes: 100 * MB,
            per_deployment_memory_bytes: 10 * MB,
            per_allocation_memory_bytes: 5 * MB,
          }),
        );
      }),
    );
    const undeployed = await call(mock.url, 'GET', '/_ml/trained_models/e5-like/_stats');
    expect(undeployed.json.trained_model_stats[0].model_size_stats.required_native_memory_bytes).toBe(0);
    expect((await call(mock.url, 'POST', start('e5-like'))).status).toBe(200);
    const deployed = await call(mock.url, 'GET', '/_ml/trained_models/e5-like/_stats');
    expect(deployed.json.trained_model_stats[0].model_size_stats.required_native_memory_bytes).toBe(440 * MB);
  });
});

describe('GET trained models query options', () => {
  it('refuses an unknown include with a 400 status_exception listing the valid ones', async () => {
    await mock.server.reset(seed());
    const reply = await call(mock.url, 'GET', '/_ml/trained_models?include=definitions');
    expect(reply.status).toBe(400);
    expect(reply.json.error).toMatchObject({
      type: 'status_exception',
      reason:
        'unknown [include] parameters [definitions]. Valid options are [hyperparameters, definition, feature_importance_baseline, definition_status, total_feature_importance]',
    });
  });

  it('adds fully_defined with include=definition_status, last', async () => {
    await mock.server.reset(seed());
    const reply = await call(mock.url, 'GET', '/_ml/trained_models/.elser_model_2?include=definition_status');
    const config = reply.json.trained_model_configs[0];
    expect(config.fully_defined).toBe(true);
    expect(Object.keys(config).at(-1)).toBe('fully_defined');
    const plain = await call(mock.url, 'GET', '/_ml/trained_models/.elser_model_2');
    expect(plain.json.trained_model_configs[0].fully_defined).toBeUndefined();
  });

  it('keeps only models with every tag; an explicit id without them is not found', async () => {
    await mock.server.reset(seed());
    const tagged = await call(mock.url, 'GET', '/_ml/trained_models?tags=elastic');
    expect(tagged.json.trained_model_configs.map((c: { model_id: string }) => c.model_id)).toEqual([
      '.elser_model_2',
    ]);
    const both = await call(mock.url, 'GET', '/_ml/trained_models?tags=elastic,other');
    expect(both.json).toEqual({ count: 0, trained_model_configs: [] });
    const explicit = await call(mock.url, 'GET', `/_ml/trained_models/${SEEDED_ID}?tags=elastic`);
    expect(explicit.status).toBe(404);
    expect(explicit.json.error.reason).toBe(`Could not find trained model [${SEEDED_ID}]`);
  });

  it('drops the generated fields with exclude_generated, and adds readable ones with human', async () => {
    await mock.server.reset(seed());
    const excluded = await call(mock.url, 'GET', '/_ml/trained_models/.elser_model_2?exclude_generated=true');
    const config = excluded.json.trained_model_configs[0];
    for (const field of [
      'created_by',
      'version',
      'create_time',
      'model_size_bytes',
      'estimated_operations',
      'license_level',
    ]) {
      expect(config[field], field).toBeUndefined();
    }
    expect(Object.keys(config).slice(0, 3)).toEqual(['model_id', 'model_type', 'description']);
    const human = await call(mock.url, 'GET', '/_ml/trained_models/.elser_model_2?human=true');
    const readable = human.json.trained_model_configs[0];
    expect(Object.keys(readable).slice(2, 8)).toEqual([
      'created_by',
      'version',
      'create_time_string',
      'create_time',
      'model_size',
      'model_size_bytes',
    ]);
    expect(readable.create_time_string).toBe('2023-10-24T14:37:20.111Z');
    expect(readable.model_size).toBe('417.8mb');
  });

  it('refuses include_model_definition from 9.0 and reads it, with a warning, before', async () => {
    await mock.server.reset(seed());
    const current = await call(mock.url, 'GET', '/_ml/trained_models?include_model_definition=true');
    expect(current.status).toBe(400);
    expect(current.json.error.reason).toContain('unrecognized parameter: [include_model_definition]');
    await mock.server.reset(seed((s) => (s.cluster.version = '8.19.0')));
    const old = await call(mock.url, 'GET', '/_ml/trained_models?include_model_definition=true');
    expect(old.status).toBe(200);
    expect(old.headers.get('warning')).toBe(
      '299 Elasticsearch-8.19.0-mldeploy "[include_model_definition] parameter is deprecated! Use [include=definition] instead."',
    );
  });
});

describe('model aliases match wildcards (TrainedModelProvider.expandIds)', () => {
  it('finds a model by a wildcard over its alias, in GET and _stats', async () => {
    await mock.server.reset(
      seed((s) => {
        const first = s.models[0];
        if (first) {
          first.aliases = ['ner-current'];
        }
      }),
    );
    const get = await call(mock.url, 'GET', '/_ml/trained_models/ner-cur*');
    expect(get.json.trained_model_configs.map((c: { model_id: string }) => c.model_id)).toEqual([SEEDED_ID]);
    const stats = await call(mock.url, 'GET', '/_ml/trained_models/ner-*/_stats');
    expect(stats.json.trained_model_stats[0].model_id).toBe(SEEDED_ID);
  });
});

describe('inference _update with num_allocations (TrainedModelAssignmentClusterService.updateDeployment)', () => {
  const endpointUpdate = (num: number) =>
    call(
      mock.url,
      'PUT',
      `/_inference/sparse_embedding/${ENDPOINT_OWNED_ID}/_update`,
      json({ service_settings: { num_allocations: num } }),
    );
  const withAdaptive = (enabled: boolean) => {
    const s = withInferenceEndpoint(seed((x) => (x.cluster.scaler_interval_ms = 0)));
    const d = s.deployments.find((x) => x.deployment_id === ENDPOINT_OWNED_ID);
    if (d) {
      d.adaptive_allocations = { enabled, min_number_of_allocations: 1, max_number_of_allocations: 4 };
    }
    return s;
  };

  it('keeps the deployment adaptive settings that are disabled, and sets the number', async () => {
    await mock.server.reset(withAdaptive(false));
    const reply = await endpointUpdate(2);
    expect(reply.status).toBe(200);
    const stats = await call(mock.url, 'GET', `/_ml/trained_models/${ENDPOINT_OWNED_ID}/_stats`);
    const deployment = stats.json.trained_model_stats[0].deployment_stats;
    expect(deployment.number_of_allocations).toBe(2);
    expect(deployment.adaptive_allocations).toEqual({
      enabled: false,
      min_number_of_allocations: 1,
      max_number_of_allocations: 4,
    });
  });

  it('refuses the number when the deployment has adaptive allocations enabled (not an internal request)', async () => {
    await mock.server.reset(withAdaptive(true));
    const before = mock.server.state();
    const reply = await endpointUpdate(2);
    expect(reply.status).toBe(400);
    expect(reply.json.error).toMatchObject({
      type: 'validation_exception',
      reason:
        'Validation Failed: 1: [number_of_allocations] cannot be set if adaptive allocations is enabled;',
    });
    expect(mock.server.state()).toEqual(before);
  });
});
