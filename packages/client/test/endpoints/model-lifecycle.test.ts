// The client's methods of a model's life over real HTTP against the mock (clean seed): create,
// vocabulary, upload in parts, alias, deploy, delete, `_ml/info` and the cat table.
import { ApiError } from '@mldeploy/core';
import { useMockServer } from '@mldeploy/mock-server/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';

const mock = useMockServer({ clock: 'manual' });
const CLEAN = new URL('../../../mock-server/seeds/clean.json', import.meta.url).pathname;

beforeEach(async () => {
  await mock.server.reset(CLEAN);
});

describe("a model's life through the client", () => {
  it('creates, uploads in parts, aliases, deploys and deletes a model', async () => {
    const client = createClient({ node: mock.server.url });
    const created = await client.putModel('my-model', {
      model_type: 'pytorch',
      inference_config: { text_embedding: {} },
    });
    expect(created.model_id).toBe('my-model');
    expect(await client.putVocabulary('my-model', { vocabulary: ['[PAD]', '[UNK]', 'a'] })).toEqual({
      acknowledged: true,
    });
    const seen: Array<[number, number]> = [];
    await client.uploadDefinition('my-model', new Uint8Array(10), {
      chunkSize: 4,
      onPart: (p, t) => seen.push([p, t]),
    });
    expect(seen).toEqual([
      [0, 3],
      [1, 3],
      [2, 3],
    ]);
    expect(await client.putModelAlias('my-model', 'embedder')).toEqual({ acknowledged: true });
    const got = await client.getModels('embedder');
    expect(got.trained_model_configs[0]?.model_id).toBe('my-model');
    expect(got.trained_model_configs[0]?.metadata).toEqual({ model_aliases: ['embedder'] });
    const started = await client.startDeployment('my-model', { wait_for: 'starting' });
    expect(started.assignment.task_parameters.model_id).toBe('my-model');
    const refused = await client.deleteModel('my-model').catch((e: unknown) => e);
    expect((refused as ApiError).status).toBe(409);
    expect((refused as ApiError).message).toContain(
      'as it is currently deployed; use force to delete the model',
    );
    expect(await client.deleteModel('my-model', { force: true })).toEqual({ acknowledged: true });
    await client.close();
  });

  it('refuses a config Elasticsearch would refuse, before sending it', async () => {
    const client = createClient({ node: mock.server.url });
    const before = mock.server.requests().length;
    const error = await client.putModel('m', { model_type: 'pytorch' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toContain('[inference_config] must not be null.');
    expect(mock.server.requests().length).toBe(before);
    await client.close();
  });

  it('reads _ml/info and the cat table as JSON', async () => {
    const client = createClient({ node: mock.server.url });
    const info = await client.mlInfo();
    expect(info.limits.total_ml_memory).toMatch(/^\d+mb$/);
    const table = await client.catTrainedModels(undefined, { h: 'id,type' });
    expect(table).toEqual([{ id: 'lang_ident_model_1', type: 'lang_ident' }]);
    await client.close();
  });
});
