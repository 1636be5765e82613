// A model's life against the mock over HTTP, porting Elasticsearch's YAML REST tests
// (elastic/elasticsearch, x-pack/plugin/src/yamlRestTest/resources/rest-api-spec/test/ml/): each
// `describe` names the file, each `it` the test it ports. Tests that need a real PyTorch result or
// an API the mock does not have are listed in docs/differences.md instead.
import { ENDPOINTS, type EndpointKey, pathFor } from '@mldeploy/core';
import { modelLifecycleCases, runCases } from '@mldeploy/testkit';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadSeed } from '../src/seed.js';
import { useMockServer } from '../src/testing.js';
import { call } from './helpers.js';

const mock = useMockServer({ clock: 'manual' });
const CLEAN = new URL('../seeds/clean.json', import.meta.url).pathname;

async function clean(change: (s: ReturnType<typeof loadSeed>) => void = () => {}): Promise<void> {
  const seed = loadSeed(CLEAN);
  seed.cluster.converge_ms = 0;
  change(seed);
  await mock.server.reset(seed);
}

const req = (method: string, path: string, body?: unknown) =>
  call(mock.url, method, path, body === undefined ? {} : { body: JSON.stringify(body) });
const put = (id: string, body: unknown, query = '') => req('PUT', `/_ml/trained_models/${id}${query}`, body);
const get = (id: string, query = '') => req('GET', `/_ml/trained_models/${id}${query}`);
const start = (id: string, query = '') => req('POST', `/_ml/trained_models/${id}/deployment/_start${query}`);
const stop = (id: string, query = '') => req('POST', `/_ml/trained_models/${id}/deployment/_stop${query}`);
const stats = (id: string, query = '') => req('GET', `/_ml/trained_models/${id}/_stats${query}`);
const alias = (id: string, a: string, query = '', method = 'PUT') =>
  req(method, `/_ml/trained_models/${id}/model_aliases/${a}${query}`);

// The 1630-byte TorchScript file of the YAML tests is not needed: the mock stores lengths, not bytes.
const PART = {
  definition: 'UEsDBAAACAgAAAAAAAAAAAAAAAAAAAAAAAAUAA4Ac2ltcGxlbW9kZWwvZGF0YS5wa2w=',
  total_definition_length: 1630,
  total_parts: 1,
};
const PASS_THROUGH = {
  description: 'simple model for testing',
  model_type: 'pytorch',
  inference_config: { pass_through: { tokenization: { bert: { with_special_tokens: false } } } },
};

/** The setup of 3rd_party_deployment.yml: two small PyTorch models, each with vocabulary and definition. */
async function thirdPartySetup(): Promise<void> {
  await clean();
  for (const id of ['test_model', 'another_test_model']) {
    expect((await put(id, PASS_THROUGH)).status).toBe(200);
    expect(
      (
        await req('PUT', `/_ml/trained_models/${id}/vocabulary`, {
          vocabulary: ['[PAD]', '[UNK]', 'these', 'are', 'my', 'words'],
        })
      ).status,
    ).toBe(200);
    expect((await req('PUT', `/_ml/trained_models/${id}/definition/0`, PART)).status).toBe(200);
  }
}

const tree = (config: 'regression' | 'classification', tags: string[] = []) => ({
  description: 'empty model for tests',
  tags,
  input: { field_names: ['field1', 'field2'] },
  inference_config: { [config]: {} },
  definition: {
    preprocessors: [],
    trained_model: {
      tree: {
        feature_names: ['field1', 'field2'],
        tree_structure: [{ node_index: 0, leaf_value: 1 }],
        target_type: config,
        ...(config === 'classification' ? { classification_labels: ['no', 'yes'] } : {}),
      },
    },
  },
});

describe('3rd_party_deployment.yml', () => {
  beforeEach(thirdPartySetup);

  it('Test getting and putting Fill Mask with two mask tokens, as well as exceptions caused by requests with the wrong token', async () => {
    const fill = (tokenizer: string, mask?: string) => ({
      description: 'simple model for testing',
      model_type: 'pytorch',
      inference_config: {
        fill_mask: {
          tokenization: { [tokenizer]: { with_special_tokens: false } },
          ...(mask ? { mask_token: mask } : {}),
        },
      },
    });
    expect((await put('bert_fill_mask_model', fill('bert'))).status).toBe(200);
    expect((await put('roberta_fill_mask_model', fill('roberta'))).status).toBe(200);
    expect((await put('with_correct_mask_token', fill('bert', '[MASK]'))).status).toBe(200);
    expect((await put('with_other_correct_mask_token', fill('roberta', '<mask>'))).status).toBe(200);
    expect(
      (await get('bert_fill_mask_model')).json.trained_model_configs[0].inference_config.fill_mask.mask_token,
    ).toBe('[MASK]');
    expect(
      (await get('roberta_fill_mask_model')).json.trained_model_configs[0].inference_config.fill_mask
        .mask_token,
    ).toBe('<mask>');
    const wrongBert = await put('incorrect_mask_token', fill('bert', '<mask>'));
    expect(wrongBert.status).toBe(400);
    expect(JSON.stringify(wrongBert.json.error)).toMatch(
      /IllegalArgumentException. Mask token requested was \[<mask>\] but must be \[\[MASK\]\] for this model/,
    );
    const wrongRoberta = await put('incorrect_mask_token', fill('roberta', '[MASK]'));
    expect(JSON.stringify(wrongRoberta.json.error)).toMatch(
      /IllegalArgumentException. Mask token requested was \[\[MASK\]\] but must be \[<mask>\] for this model/,
    );
    expect((await get('incorrect_mask_token')).status).toBe(404);
  });

  it('Test start deployment fails with missing model definition', async () => {
    expect(
      (
        await put('distilbert-finetuned-sst', {
          description: 'x',
          model_type: 'pytorch',
          inference_config: { ner: {} },
        })
      ).status,
    ).toBe(200);
    const r = await start('distilbert-finetuned-sst');
    expect(r.json.error.reason).toMatch(
      /Could not find trained model definition \[distilbert-finetuned-sst\]/,
    );
  });

  it('Test start deployment fails while model download in progress', async () => {
    expect((await put('.elser_model_2', { input: { field_names: ['text_field'] } })).status).toBe(200);
    const r = await start('.elser_model_2');
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.json.error.reason).toMatch(
      /Model download task is currently running\. Wait for trained model \[.elser_model_2\] download task to complete then try again/,
    );
  });

  it('Test start and stop deployment with no cache', async () => {
    const r = await start('test_model', '?cache_size=0&wait_for=started');
    expect(r.json.assignment).toMatchObject({
      assignment_state: 'started',
      task_parameters: { model_id: 'test_model', cache_size: '0' },
    });
    expect((await stop('test_model')).json).toEqual({ stopped: true });
  });

  it('Test start and stop deployment with low priority', async () => {
    const r = await start('test_model', '?priority=low&wait_for=started');
    expect(r.json.assignment).toMatchObject({
      assignment_state: 'started',
      task_parameters: {
        model_id: 'test_model',
        priority: 'low',
        number_of_allocations: 1,
        threads_per_allocation: 1,
      },
    });
    expect((await stop('test_model')).json).toEqual({ stopped: true });
  });

  it('Test start deployment with low priority and multiple allocations', async () => {
    expect((await start('test_model', '?priority=low&number_of_allocations=3')).json.error.reason).toMatch(
      /\[number_of_allocations\] must be 1 when \[priority\] is low/,
    );
  });

  it('Test start deployment with low priority and multiple threads per allocation', async () => {
    expect((await start('test_model', '?priority=low&threads_per_allocation=4')).json.error.reason).toMatch(
      /\[threads_per_allocation\] must be 1 when \[priority\] is low/,
    );
  });

  it('Test update deployment', async () => {
    const update = (id: string) =>
      req('POST', `/_ml/trained_models/${id}/deployment/_update`, { number_of_allocations: 1 });
    expect(
      (await start('test_model', '?wait_for=started')).json.assignment.task_parameters.number_of_allocations,
    ).toBe(1);
    expect((await update('test_model')).json.assignment.task_parameters).toMatchObject({
      model_id: 'test_model',
      number_of_allocations: 1,
    });
    expect((await stop('test_model')).json).toEqual({ stopped: true });
    const second = await start('test_model', '?deployment_id=test_model_deployment&wait_for=started');
    expect(second.json.assignment).toMatchObject({
      assignment_state: 'started',
      task_parameters: { model_id: 'test_model', number_of_allocations: 1 },
    });
    expect((await update('test_model_deployment')).json.assignment.task_parameters).toMatchObject({
      model_id: 'test_model',
      number_of_allocations: 1,
    });
  });

  it('Test put model alias on pytorch model', async () => {
    expect((await alias('test_model', 'pytorch')).json).toEqual({ acknowledged: true });
    let r = await get('pytorch');
    expect(r.json.count).toBe(1);
    expect(r.json.trained_model_configs.map((c: { model_id: string }) => c.model_id)).toEqual(['test_model']);
    expect((await alias('another_test_model', 'pytorch', '?reassign=true')).status).toBe(200);
    r = await get('pytorch');
    expect(r.json.trained_model_configs.map((c: { model_id: string }) => c.model_id)).toEqual([
      'another_test_model',
    ]);
  });

  it('Test include model definition status', async () => {
    expect(
      (await get('test_model', '?include=definition_status')).json.trained_model_configs[0].fully_defined,
    ).toBe(true);
  });

  it('Test stop deployments with allow_no_match', async () => {
    expect(
      (await start('test_model', '?deployment_id=test_model_for_search&wait_for=started')).json.assignment
        .assignment_state,
    ).toBe('started');
    expect((await stop('test_model_for_search')).json).toEqual({ stopped: true });
    const missing = await stop('test_model_for_search', '?allow_no_match=false');
    expect(missing.status).toBe(404);
    expect(missing.json.error.reason).toBe('No known model deployment with id [test_model_for_search]');
    expect((await stop('test_model_for_search', '?allow_no_match=true')).json).toEqual({ stopped: true });
  });

  it('Test cannot start 2 deployments with the same Id', async () => {
    expect(
      (await start('test_model', '?deployment_id=test_model_deployment&wait_for=started')).json.assignment
        .assignment_state,
    ).toBe('started');
    expect(
      (await start('test_model', '?deployment_id=test_model_deployment&wait_for=started')).json.error.reason,
    ).toMatch(
      /Could not start model deployment because an existing deployment with the same id \[test_model_deployment\] exist/,
    );
  });

  it('Test cannot start when deployment Id matches a different model', async () => {
    expect((await start('test_model', '?deployment_id=another_test_model')).json.error.reason).toMatch(
      /Deployment id \[another_test_model\] is the same as an another model which is not the model being deployed\. Deployment id can be the same as the model being deployed but cannot match a different model/,
    );
  });

  it('Test start deployment with default Id', async () => {
    expect((await start('test_model', '?wait_for=started')).json.assignment).toMatchObject({
      assignment_state: 'started',
      task_parameters: { model_id: 'test_model', deployment_id: 'test_model' },
    });
  });

  it('Test cannot create model with a deployment Id', async () => {
    expect(
      (await start('test_model', '?wait_for=started&deployment_id=test_model_deployment')).json.assignment
        .assignment_state,
    ).toBe('started');
    const r = await put('test_model_deployment', { model_type: 'pytorch', inference_config: { ner: {} } });
    expect(r.json.error.reason).toMatch(
      /Cannot create model \[test_model_deployment\] the id is the same as an current model deployment/,
    );
  });

  it('Test put model config with Japanese tokenizer', async () => {
    const body = {
      description: 'model config with Japanese tokenizer',
      model_type: 'pytorch',
      inference_config: {
        pass_through: {
          tokenization: {
            bert_ja: { with_special_tokens: false, max_sequence_length: 512, truncate: 'first', span: -1 },
          },
        },
      },
    };
    expect((await put('j_bert', body)).status).toBe(200);
  });

  it('Test put model config with prefix strings', async () => {
    const embedding = (prefix: Record<string, string>) => ({
      model_type: 'pytorch',
      inference_config: { text_embedding: {} },
      prefix_strings: prefix,
    });
    let r = await put(
      'model_with_prefixes',
      embedding({ search: 'this is a query', ingest: 'this is a passage' }),
    );
    expect(r.json.prefix_strings).toEqual({ search: 'this is a query', ingest: 'this is a passage' });
    expect((await get('model_with_prefixes')).json.trained_model_configs[0].prefix_strings).toEqual({
      search: 'this is a query',
      ingest: 'this is a passage',
    });
    r = await put('model_with_search_prefix', embedding({ search: 'this is a query' }));
    expect(r.json.prefix_strings.search).toBe('this is a query');
    expect(r.json.prefix_strings.ingest).toBeUndefined();
    r = await put('model_with_ingest_prefix', embedding({ ingest: 'this is a passage' }));
    expect(r.json.prefix_strings.search).toBeUndefined();
    expect(r.json.prefix_strings.ingest).toBe('this is a passage');
  });
});

describe('update_trained_model_deployment.yml', () => {
  it('Test with unknown model id', async () => {
    await clean();
    expect(
      (
        await req('POST', '/_ml/trained_models/missing-model/deployment/_update', {
          number_of_allocations: 4,
        })
      ).status,
    ).toBe(404);
  });
});

describe('get_trained_model_stats.yml', () => {
  beforeEach(async () => {
    await clean();
    for (const id of [
      'a-unused-regression-model1',
      'a-unused-regression-model',
      'another-regression-model',
    ]) {
      expect((await put(id, tree('regression', ['regression', 'tag1']))).status).toBe(200);
    }
    expect((await alias('a-unused-regression-model1', 'my-regression')).status).toBe(200);
  });

  it('Test get stats given missing trained model', async () => {
    expect((await stats('missing-trained-model')).status).toBe(404);
  });

  it('Test get stats given expression without matches and allow_no_match is false', async () => {
    expect((await stats('missing-trained-model*', '?allow_no_match=false')).status).toBe(404);
  });

  it('Test get stats given expression without matches and allow_no_match is true', async () => {
    expect((await stats('missing-trained-model*', '?allow_no_match=true')).json).toEqual({
      count: 0,
      trained_model_stats: [],
    });
  });

  it('Test get stats given trained models', async () => {
    const ids = (r: { json: { trained_model_stats: Array<{ model_id: string }> } }) =>
      r.json.trained_model_stats.map((s) => s.model_id);
    expect((await stats('a-unused-regression-model')).json.count).toBe(1);
    for (const all of ['_all', '*']) {
      const r = await stats(all);
      expect(r.json.count).toBe(4);
      expect(ids(r).slice(0, 2)).toEqual(['a-unused-regression-model', 'a-unused-regression-model1']);
      for (const s of r.json.trained_model_stats.slice(0, 3)) {
        expect(s.pipeline_count).toBe(0);
        expect(s.ingest).toBeUndefined();
      }
    }
    expect(ids(await stats('a-unused-regression-model*'))).toEqual([
      'a-unused-regression-model',
      'a-unused-regression-model1',
    ]);
    let r = await stats('a-unused-regression-model*', '?size=1');
    expect(r.json.count).toBe(2);
    expect(ids(r)).toEqual(['a-unused-regression-model']);
    r = await stats('a-unused-regression-model*', '?from=1&size=1');
    expect(ids(r)).toEqual(['a-unused-regression-model1']);
    expect(ids(await stats('another-regression-model'))).toEqual(['another-regression-model']);
    expect(ids(await stats('my-regression'))).toEqual(['a-unused-regression-model1']);
    r = await stats('my-regression,another-regression-model');
    expect(r.json.count).toBe(2);
    expect(ids(r)).toEqual(['a-unused-regression-model1', 'another-regression-model']);
  });
});

describe('inference_crud.yml (the PyTorch tests)', () => {
  beforeEach(async () => {
    await clean();
    expect((await put('a-regression-model-0', tree('regression', ['regression', 'tag1']))).status).toBe(200);
  });

  it('Test put nlp model config with vocabulary set', async () => {
    const r = await put('distilbert-finetuned-sst', {
      description: 'distilbert-base-uncased-finetuned-sst-2-english.pt',
      model_type: 'pytorch',
      inference_config: { ner: { vocabulary: { index: '.ml-inference-native' } } },
    });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.json.error)).toMatch(
      /illegal setting \[vocabulary\] on inference model creation/,
    );
  });

  it('Test include model definition status', async () => {
    expect(
      (await put('model-without-definition', { model_type: 'pytorch', inference_config: { ner: {} } }))
        .status,
    ).toBe(200);
    let r = await get('model-without-definition', '?include=definition_status');
    expect(r.json.count).toBe(1);
    expect(r.json.trained_model_configs[0].fully_defined).toBe(false);
    r = await get('model-without-definition');
    expect(r.json.trained_model_configs[0].fully_defined).toBeUndefined();
    expect((await get('_all', '?include=definition_status')).json.error.reason).toMatch(
      /Getting the model download status is not supported when getting more than one model/,
    );
    expect((await get('a-regression-model-0', '?include=definition_status')).json.error.reason).toMatch(
      /Definition status is only relevant to PyTorch model types/,
    );
  });

  it('Test include model platform architecture', async () => {
    const body = {
      model_type: 'pytorch',
      inference_config: { ner: {} },
      platform_architecture: 'windows-x86_64',
    };
    expect((await put('model-without-definition', body)).status).toBe(200);
    expect(
      (await get('model-without-definition', '?include=definition_status')).json.trained_model_configs[0]
        .fully_defined,
    ).toBe(false);
    expect((await get('model-without-definition')).json.trained_model_configs[0].platform_architecture).toBe(
      'windows-x86_64',
    );
  });
});

describe('trained_model_cat_apis.yml (without the data frame analytics job)', () => {
  it('Test cat trained models: the default columns, with and without v, and h', async () => {
    await clean();
    await put('a-regression-model-0', tree('regression', ['regression', 'tag1']));
    await put('a-regression-model-1', { ...tree('regression'), model_type: 'tree_ensemble' });
    let r = await req('GET', '/_cat/ml/trained_models/a-regression-model-0');
    expect(r.text).toMatch(/^(a-regression-model-0\s+\w+\s+\d+\s+.*?\s+\d+.*?\n)+$/);
    r = await req('GET', '/_cat/ml/trained_models/a-regression-model-0?v=true');
    expect(r.text).toMatch(
      /^id\s+heap_size\s+operations\s+create_time\s+type\s+ingest\.pipelines\s+data_frame\.id\s*\n(a-regression-model-0\s+\w+\s+\d+\s+\S+\s+tree_ensemble\s+\d+\s+\w+\n)+$/,
    );
    r = await req('GET', '/_cat/ml/trained_models/a-regression-model-1?h=id,license,dfid,ip&v=true');
    expect(r.text).toMatch(
      /^id\s+license\s+dfid\s+ip\s*\n(a-regression-model-1\s+\w+\s+__none__\s+\d+\s*\n)+$/,
    );
  });
});

describe('ml_info.yml (without cluster settings)', () => {
  it('Test ml info: defaults and limits of an unconfigured cluster', async () => {
    await clean();
    const r = await req('GET', '/_ml/info');
    expect(r.json.defaults.anomaly_detectors).toMatchObject({
      categorization_analyzer: { tokenizer: 'ml_standard' },
      model_memory_limit: '1gb',
      categorization_examples_limit: 4,
      model_snapshot_retention_days: 10,
      daily_model_snapshot_retention_after_days: 1,
    });
    expect(r.json.defaults.datafeeds.scroll_size).toBe(1000);
    expect(r.json.limits.max_model_memory_limit).toBeUndefined();
    expect(r.json.limits.effective_max_model_memory_limit).toMatch(/\d+[kmg]?b/);
    expect(r.json.limits.total_ml_memory).toMatch(/\d+mb/);
    expect(r.json.upgrade_mode).toBe(false);
  });
});

describe("the testkit's contract cases of a model's life", () => {
  it('pass against the mock, each safe to send anywhere', async () => {
    await clean();
    const results = await runCases(modelLifecycleCases, {
      baseUrl: mock.url,
      pathFor: (endpoint: EndpointKey, params: Record<string, string>) =>
        pathFor(ENDPOINTS[endpoint], params),
      validateResponse: () => undefined,
    });
    expect(results.filter((r) => !r.passed).map((r) => [r.name, r.mismatches, r.skipped])).toEqual([]);
    expect(results.every((r) => r.kind === 'safe')).toBe(true);
  });
});

describe('3rd_party_deployment.yml (the tests that infer, with the simulated inference of docs/inference.md)', () => {
  // One change from the YAML tests: each doc names the model's input field (`text_field`, the
  // default of a PyTorch model created without `input`), where they send `input`, which the mock's
  // `_infer` refuses (docs/differences.md, "Elasticsearch's YAML tests").
  beforeEach(thirdPartySetup);
  const infer = (id: string, input: string) =>
    req('POST', `/_ml/trained_models/${id}/deployment/_infer`, { docs: [{ text_field: input }] });
  const nodeStats = async (id: string) =>
    (await stats(id)).json.trained_model_stats[0].deployment_stats.nodes[0];

  it('Test start and stop deployment with cache', async () => {
    const r = await start('test_model', '?cache_size=10kb&wait_for=started');
    expect(r.json.assignment).toMatchObject({
      assignment_state: 'started',
      task_parameters: { model_id: 'test_model', cache_size: '10kb' },
    });
    for (const input of ['words', 'are', 'words']) {
      expect((await infer('test_model', input)).status).toBe(200);
    }
    const s = await stats('test_model');
    expect(s.json.count).toBe(1);
    expect(await nodeStats('test_model')).toMatchObject({ inference_count: 3, inference_cache_hit_count: 1 });
    expect((await stop('test_model')).json).toEqual({ stopped: true });
  });

  it('Test clear deployment cache', async () => {
    const r = await start(
      'test_model',
      '?deployment_id=test_model_deployment_cache_test&cache_size=10kb&wait_for=started',
    );
    expect(r.json.assignment.task_parameters.cache_size).toBe('10kb');
    for (const input of ['words', 'are', 'words']) {
      await infer('test_model', input);
    }
    expect(await nodeStats('test_model')).toMatchObject({ inference_count: 3, inference_cache_hit_count: 1 });
    expect(
      (await req('POST', '/_ml/trained_models/test_model_deployment_cache_test/deployment/cache/_clear'))
        .json,
    ).toEqual({ cleared: true });
    await infer('test_model', 'words');
    expect(await nodeStats('test_model')).toMatchObject({ inference_count: 4, inference_cache_hit_count: 1 });
    expect((await stop('test_model')).json).toEqual({ stopped: true });
  });

  it('Test update model alias on pytorch model to undeployed model', async () => {
    expect((await start('test_model', '?wait_for=started')).json.assignment.assignment_state).toBe('started');
    expect((await alias('test_model', 'pytorch')).status).toBe(200);
    expect((await infer('pytorch', 'words')).status).toBe(200);
    expect((await nodeStats('test_model')).inference_count).toBe(1);
    const r = await alias('another_test_model', 'pytorch', '?reassign=true');
    expect(r.json.error.reason).toMatch(
      /cannot reassign model_alias \[pytorch\] to model \[another_test_model\] from model \[test_model\] as it is not yet deployed/,
    );
  });

  it('Test start and stop multiple deployments', async () => {
    const search = await start(
      'test_model',
      '?deployment_id=test_model_for_search&priority=low&wait_for=started',
    );
    expect(search.json.assignment.task_parameters).toMatchObject({
      model_id: 'test_model',
      deployment_id: 'test_model_for_search',
    });
    expect((await infer('test_model_for_search', 'words')).status).toBe(200);
    const ingest = await start(
      'test_model',
      '?deployment_id=test_model_for_ingest&priority=low&wait_for=started',
    );
    expect(ingest.json.assignment.task_parameters.deployment_id).toBe('test_model_for_ingest');
    expect((await infer('test_model_for_ingest', 'words')).status).toBe(200);
    const s = await stats('test_model');
    expect(s.json.count).toBe(1);
    expect(
      s.json.trained_model_stats.map(
        (x: { model_id: string; deployment_stats: { deployment_id: string } }) => [
          x.model_id,
          x.deployment_stats.deployment_id,
        ],
      ),
    ).toEqual([
      ['test_model', 'test_model_for_ingest'],
      ['test_model', 'test_model_for_search'],
    ]);
    expect((await stop('test_model_for_search')).json).toEqual({ stopped: true });
    expect((await stop('test_model_for_ingest')).json).toEqual({ stopped: true });
  });
});
