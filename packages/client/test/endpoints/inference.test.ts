// The client's inference methods over real HTTP against the mock: `infer`, the inference endpoint
// methods and inference through an endpoint, each checked with core before sending and answered
// with the definition's response type. `converge_ms: 0`: deployments start as they are placed.
import { ApiError } from '@mldeploy/core';
import { SEEDED_ID, useMockServer } from '@mldeploy/mock-server/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { TRANSPORTS } from '../helpers/transports.js';

const mock = useMockServer({ clock: 'manual' });
let seed: { cluster: object };

beforeEach(async () => {
  seed ??= mock.server.state() as unknown as { cluster: object };
  await mock.server.reset({ ...seed, cluster: { ...seed.cluster, converge_ms: 0 } });
});

describe.each(TRANSPORTS)('inference over %s', (kind) => {
  it('infers on a deployment: one result per document, the same for the same text', async () => {
    const client = createClient({ transport: kind, node: mock.server.url });
    const docs = [{ text_field: 'Ada Lovelace met Charles Babbage' }];
    const first = await client.infer(SEEDED_ID, docs);
    expect(first.inference_results).toHaveLength(1);
    expect(await client.infer(SEEDED_ID, docs)).toEqual(first);
    await client.close();
  });

  it('refuses locally what Elasticsearch would refuse for its shape, before sending', async () => {
    const client = createClient({ transport: kind, node: mock.server.url });
    const before = mock.server.requests().length;
    const error = await client
      .infer(SEEDED_ID, [], { inferenceConfig: { nope: {} } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    expect(mock.server.requests().length).toBe(before);
    await client.close();
  });

  it('creates, lists, uses and deletes an inference endpoint', async () => {
    const client = createClient({ transport: kind, node: mock.server.url });
    const created = await client.createInferenceEndpoint('sparse_embedding', 'my-elser', {
      service: 'elasticsearch',
      service_settings: { model_id: '.elser_model_2', num_allocations: 1, num_threads: 1 },
    });
    expect(created.inference_id).toBe('my-elser');
    const listed = await client.getInferenceEndpoints();
    expect(listed.endpoints.map((e) => e.inference_id)).toContain('my-elser');
    const one = await client.getInferenceEndpoints('my-elser', { taskType: 'sparse_embedding' });
    expect(one.endpoints).toEqual([created]);
    const answer = await client.inferWithEndpoint('sparse_embedding', 'my-elser', ['hello world']);
    expect('sparse_embedding' in answer && answer.sparse_embedding[0]?.embedding).toHaveProperty('hello');
    const dry = await client.deleteInferenceEndpoint(undefined, 'my-elser', { dryRun: true });
    expect(dry.acknowledged).toBe(false);
    expect(await client.deleteInferenceEndpoint('sparse_embedding', 'my-elser')).toEqual({
      acknowledged: true,
      pipelines: [],
      indexes: [],
    });
    const gone = await client.getInferenceEndpoints('my-elser').catch((e: unknown) => e);
    expect((gone as ApiError).status).toBe(404);
    expect((gone as ApiError).code).toBe('INFERENCE_ENDPOINT_NOT_FOUND');
    await client.close();
  });
});
