import { DEPLOYMENT_INFER_DEPRECATION } from '@mldeploy/core/rules';
import { describe, expect, it } from 'vitest';
import { defaultSeed, type SeedDocument } from '../src/index.js';
import { useMockServer } from '../src/testing.js';
import { call } from './helpers.js';

// `_infer` over HTTP, and the facts of Elasticsearch's `ml/3rd_party_deployment.yml` that count
// inferences and cache hits, in our words. The models of that file's setup (`test_model`,
// `another_test_model`: pass_through models put without `input`) are seed models here.
const NOW = Date.parse('2026-12-01T00:00:00.000Z');
const mock = useMockServer({ clock: 'manual', now: NOW });

function seed(): SeedDocument {
  const s = defaultSeed();
  for (const id of ['test_model', 'another_test_model']) {
    s.models.push({
      model_id: id,
      model_size_bytes: 1630,
      model_type: 'pytorch',
      description: 'simple model for testing',
      inference_config: { pass_through: { tokenization: { bert: { with_special_tokens: false } } } },
    });
  }
  return s;
}

const json = (value: unknown) => ({ body: JSON.stringify(value) });

async function start(query: string): Promise<void> {
  const pending = call(mock.url, 'POST', `/_ml/trained_models/test_model/deployment/_start?${query}`);
  // `wait_for=started` waits for the allocations to converge on the simulated clock.
  for (let i = 0; i < 10; i += 1) {
    mock.server.advance(1000);
    await new Promise((r) => setTimeout(r, 0));
  }
  const reply = await pending;
  expect(reply.status, reply.text).toBe(200);
}

const inferOld = async (id: string, input: string) => {
  const reply = await call(
    mock.url,
    'POST',
    `/_ml/trained_models/${id}/deployment/_infer`,
    json({ docs: [{ input }] }),
  );
  expect(reply.status, reply.text).toBe(200);
  expect(reply.headers.get('warning')).toContain(DEPLOYMENT_INFER_DEPRECATION);
  return reply.json;
};

const nodeStats = async (id = 'test_model') => {
  const reply = await call(mock.url, 'GET', `/_ml/trained_models/${id}/_stats`);
  expect(reply.status).toBe(200);
  return reply.json;
};

describe('3rd_party_deployment.yml, over HTTP', () => {
  it('"Test start and stop deployment with cache": a repeated input is a cache hit', async () => {
    await mock.server.reset(seed());
    await start('cache_size=10kb&wait_for=started');
    const first = await inferOld('test_model', 'words');
    // The old API answers the one result at the top level (a pass_through tensor here).
    expect(Object.keys(first)).toEqual(['predicted_value']);
    await inferOld('test_model', 'are');
    expect(await inferOld('test_model', 'words')).toEqual(first);
    const stats = await nodeStats();
    expect(stats.count).toBe(1);
    expect(stats.trained_model_stats[0].deployment_stats.nodes[0]).toMatchObject({
      inference_count: 3,
      inference_cache_hit_count: 1,
    });
    const stop = await call(mock.url, 'POST', '/_ml/trained_models/test_model/deployment/_stop');
    expect(stop.json).toEqual({ stopped: true });
  });

  it('"Test clear deployment cache": after clearing, the same input misses', async () => {
    await mock.server.reset(seed());
    await start('deployment_id=test_model_deployment_cache_test&cache_size=10kb&wait_for=started');
    for (const input of ['words', 'are', 'words']) {
      await inferOld('test_model', input);
    }
    let stats = await nodeStats();
    expect(stats.trained_model_stats[0].deployment_stats.nodes[0]).toMatchObject({
      inference_count: 3,
      inference_cache_hit_count: 1,
    });
    const cleared = await call(
      mock.url,
      'POST',
      '/_ml/trained_models/test_model_deployment_cache_test/deployment/cache/_clear',
    );
    expect(cleared.status).toBe(200);
    expect(cleared.json).toEqual({ cleared: true });
    await inferOld('test_model', 'words');
    stats = await nodeStats();
    expect(stats.trained_model_stats[0].deployment_stats.nodes[0]).toMatchObject({
      inference_count: 4,
      inference_cache_hit_count: 1,
    });
  });

  it('"Test start and stop multiple deployments": each deployment counts its own inference', async () => {
    await mock.server.reset(seed());
    await start('deployment_id=test_model_for_search&priority=low&wait_for=started');
    await inferOld('test_model_for_search', 'words');
    await start('deployment_id=test_model_for_ingest&priority=low&wait_for=started');
    await inferOld('test_model_for_ingest', 'words');
    const stats = await nodeStats();
    expect(stats.count).toBe(1);
    expect(
      stats.trained_model_stats.map(
        (s: { deployment_stats: { deployment_id: string } }) => s.deployment_stats.deployment_id,
      ),
    ).toEqual(['test_model_for_ingest', 'test_model_for_search']);
    for (const s of stats.trained_model_stats) {
      expect(s.deployment_stats.nodes[0].inference_count).toBe(1);
      expect(s.deployment_stats.inference_count).toBe(1);
    }
  });

  it('"Test start and stop deployment with no cache": no hits when cache_size is 0', async () => {
    await mock.server.reset(seed());
    await start('cache_size=0&wait_for=started');
    await inferOld('test_model', 'words');
    await inferOld('test_model', 'words');
    const node = (await nodeStats()).trained_model_stats[0].deployment_stats.nodes[0];
    expect(node).toMatchObject({ inference_count: 2, inference_cache_hit_count: 0 });
    expect(node.average_inference_time_ms_excluding_cache_hits).toBe(node.average_inference_time_ms);
  });
});

describe('POST _ml/trained_models/{model_id}/_infer', () => {
  it('answers one result per document, the same each time', async () => {
    await mock.server.reset(seed());
    const body = json({ docs: [{ input: 'Ada Lovelace lived in London' }] });
    const id = 'elastic__distilbert-base-uncased-finetuned-conll03-english';
    const one = await call(mock.url, 'POST', `/_ml/trained_models/${id}/_infer`, body);
    expect(one.status, one.text).toBe(400);
    expect(one.json.error.reason).toBe('Input field [text_field] does not exist in the source document');
    const ok = await call(
      mock.url,
      'POST',
      `/_ml/trained_models/${id}/_infer`,
      json({ docs: [{ text_field: 'Ada Lovelace lived in London' }, { text_field: 'no names here' }] }),
    );
    expect(ok.status, ok.text).toBe(200);
    expect(ok.headers.get('warning')).toBeNull();
    expect(ok.json.inference_results).toHaveLength(2);
    expect(ok.json.inference_results[0].entities.map((e: { entity: string }) => e.entity)).toEqual([
      'Ada Lovelace',
      'London',
    ]);
    expect(ok.json.inference_results[1]).toEqual({ predicted_value: 'no names here', entities: [] });
    const again = await call(
      mock.url,
      'POST',
      `/_ml/trained_models/${id}/_infer`,
      json({ docs: [{ text_field: 'Ada Lovelace lived in London' }] }),
    );
    expect(again.json.inference_results[0]).toEqual(ok.json.inference_results[0]);
  });

  it('refuses as Elasticsearch does, leaving the counters unchanged', async () => {
    await mock.server.reset(seed());
    const unknown = await call(
      mock.url,
      'POST',
      '/_ml/trained_models/nope/_infer',
      json({ docs: [{ input: 'x' }] }),
    );
    expect([unknown.status, unknown.json.error.reason]).toEqual([404, 'Could not find trained model [nope]']);
    const undeployed = await call(
      mock.url,
      'POST',
      '/_ml/trained_models/test_model/_infer',
      json({ docs: [{ input: 'x' }] }),
    );
    expect(undeployed.status).toBe(409);
    expect(undeployed.json.error.reason).toBe(
      'Model [test_model] must be deployed to use. Please deploy with the start trained model deployment API.',
    );
    const noBody = await call(mock.url, 'POST', '/_ml/trained_models/test_model/_infer');
    expect([noBody.status, noBody.json.error.reason]).toEqual([400, 'requires body']);
    const many = await call(
      mock.url,
      'POST',
      '/_ml/trained_models/test_model/deployment/_infer',
      json({ docs: [{ input: 'a' }, { input: 'b' }] }),
    );
    expect([many.status, many.json.error.reason]).toEqual([
      400,
      'Validation Failed: 1: multiple documents are not supported;',
    ]);
  });

  it('answers 429 when the queue is full and 408 when the wait passes the timeout, and counts both', async () => {
    await mock.server.reset(seed());
    await start('queue_capacity=100&wait_for=started');
    // A load far above one allocation's capacity fills the node's queue.
    const load = await call(
      mock.url,
      'POST',
      '/_mock/load',
      json({ deployment_id: 'test_model', rate: 1000, inference_time_ms: 10 }),
    );
    expect(load.status).toBe(200);
    mock.server.advance(5000);
    const rejected = await call(
      mock.url,
      'POST',
      '/_ml/trained_models/test_model/_infer',
      json({ docs: [{ input: 'x' }] }),
    );
    expect(rejected.status).toBe(429);
    expect(rejected.json.error.type).toBe('es_rejected_execution_exception');
    const node = (await nodeStats()).trained_model_stats[0].deployment_stats.nodes[0];
    expect(node.rejected_execution_count).toBeGreaterThan(0);

    await mock.server.reset(seed());
    await start('wait_for=started');
    await call(
      mock.url,
      'POST',
      '/_mock/load',
      json({ deployment_id: 'test_model', rate: 1000, inference_time_ms: 10 }),
    );
    mock.server.advance(10_000);
    const late = await call(
      mock.url,
      'POST',
      '/_ml/trained_models/test_model/_infer?timeout=1s',
      json({ docs: [{ input: 'x' }] }),
    );
    expect([late.status, late.json.error.reason]).toEqual([408, 'timeout [1s] waiting for inference result']);
    expect((await nodeStats()).trained_model_stats[0].deployment_stats.nodes[0].timeout_count).toBe(1);
  });
});
