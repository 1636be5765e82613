// The requests and state rules of a model's life besides PUT. Facts ported from the YAML REST tests
// named in each case (elastic/elasticsearch, x-pack/plugin/src/yamlRestTest/.../ml/).
import { describe, expect, it } from 'vitest';
import { CAT_TRAINED_MODELS_COLUMNS, checkCatTrainedModelsRequest } from '../src/rules/cat-trained-models.js';
import {
  base64Length,
  checkDefinitionPartRequest,
  checkDeleteModelRequest,
  checkModelAliasRequest,
  checkVocabularyRequest,
} from '../src/rules/check-model-requests.js';
import { mlInfo } from '../src/rules/ml-info.js';
import {
  checkAliasDelete,
  checkAliasPut,
  checkDefinitionStatus,
  checkModelDelete,
  checkStartDefinition,
  type LifecycleView,
  type ModelFacts,
} from '../src/rules/model-lifecycle.js';
import { treeDefinitionFacts } from '../src/rules/tree-definition.js';

const reason = (r: { ok: boolean; error?: { status: number; body: unknown } }) =>
  r.ok ? undefined : (r.error?.body as { error: { reason: string } } | undefined)?.error.reason;
const status = (r: { ok: boolean; error?: { status: number } }) => (r.ok ? 200 : r.error?.status);

describe('vocabulary and definition parts', () => {
  it('reads a vocabulary with merges and scores', () => {
    const r = checkVocabularyRequest({ modelId: 'm', body: '{"vocabulary":["a","b"],"scores":[1,2]}' });
    expect(r.ok && r.value).toEqual({ model_id: 'm', vocabulary: ['a', 'b'], merges: [], scores: [1, 2] });
  });

  it('refuses an empty vocabulary and scores of another length', () => {
    expect(reason(checkVocabularyRequest({ modelId: 'm', body: '{"vocabulary":[]}' }))).toBe(
      'Validation Failed: 1: [vocabulary] must not be empty;',
    );
    expect(
      reason(checkVocabularyRequest({ modelId: 'm', body: '{"vocabulary":["a"],"scores":[1,2]}' })),
    ).toBe('Validation Failed: 1: [scores] must have same length as [vocabulary];');
    expect(reason(checkVocabularyRequest({ modelId: 'm', body: '{"merges":[]}' }))).toBe(
      '[vocabulary] must not be null.',
    );
  });

  // 3rd_party_deployment.yml setup: part 0 of 1 with total_definition_length 1630
  it('reads a part and the decoded length of its base64', () => {
    const r = checkDefinitionPartRequest({
      modelId: 'm',
      part: '0',
      body: JSON.stringify({ definition: 'AAAA', total_definition_length: 1630, total_parts: 1 }),
    });
    expect(r.ok && r.value).toEqual({
      model_id: 'm',
      part: 0,
      length: 3,
      total_definition_length: 1630,
      total_parts: 1,
    });
    expect(base64Length('AA==')).toBe(1);
  });

  it('refuses parts outside the total, in the request order of messages', () => {
    const r = checkDefinitionPartRequest({
      modelId: 'm',
      part: '3',
      body: JSON.stringify({ definition: 'AA==', total_definition_length: 0, total_parts: 2 }),
    });
    expect(reason(r)).toBe(
      'Validation Failed: 1: [total_definition_length] must be greater than 0;2: [part] must be less than total_parts;',
    );
    expect(reason(checkDefinitionPartRequest({ modelId: 'm', part: 'x', body: '{}' }))).toBe(
      'Failed to parse int parameter [part] with value [x]',
    );
  });
});

describe('delete and aliases: requests', () => {
  it('reads force and timeout', () => {
    const r = checkDeleteModelRequest({ modelId: 'm', query: 'force=true' });
    expect(r.ok && r.value).toEqual({ model_id: 'm', force: true, timeout: '30s' });
  });

  // inference_crud.yml "Test update model alias with bad alias"
  it('refuses an alias ending in digits, and an alias equal to the model id', () => {
    expect(
      reason(
        checkModelAliasRequest({ modelId: 'a-123123', alias: 'regression-model-123123', method: 'PUT' }),
      ),
    ).toMatch(/must start with alphanumeric and cannot end with numbers/);
    const same = checkModelAliasRequest({ modelId: 'z-model', alias: 'z-model', method: 'PUT' });
    expect(status(same)).toBe(400);
    expect(reason(same)).toBe('Validation Failed: 1: model_alias [z-model] cannot equal model_id [z-model];');
  });
});

function view(
  models: ModelFacts[],
  aliases: Record<string, string> = {},
  deployed: Record<string, boolean[]> = {},
  ingest: string[] = [],
): LifecycleView {
  return {
    model: (id) => models.find((m) => m.model_id === id),
    aliasTarget: (a) => aliases[a],
    aliasesOf: (id) =>
      Object.keys(aliases)
        .filter((a) => aliases[a] === id)
        .sort(),
    hasDeployment: () => false,
    deploymentsOf: (id) => (deployed[id] ?? []).map((allocated) => ({ allocated })),
    referencedByIngest: (x) => ingest.includes(x),
    modelList: () => models,
  };
}
const tree = (id: string, config: string): ModelFacts => ({
  model_id: id,
  model_type: 'tree_ensemble',
  inference_config: { [config]: {} },
  input: { field_names: ['field1', 'field2'] },
  tags: [],
});
const torch = (id: string): ModelFacts => ({
  model_id: id,
  model_type: 'pytorch',
  inference_config: { pass_through: {} },
  input: { field_names: ['text_field'] },
  tags: [],
});

describe('aliases: state', () => {
  const v = view([tree('r0', 'regression'), tree('r1', 'regression'), tree('c', 'classification')], {
    'regression-model': 'r0',
  });

  // inference_crud.yml "Test update model alias where alias exists but reassign is false"
  it('refuses to move an alias without reassign', () => {
    expect(
      reason(checkAliasPut({ model_alias: 'regression-model', model_id: 'r1', reassign: false }, v)),
    ).toMatch(/as model_alias already refers to \[r0\]. Set parameter \[reassign\] to \[true\]/);
  });

  // inference_crud.yml "Test update model alias where alias exists but old model id is different inference type"
  it('refuses to move an alias to another inference type', () => {
    const r = checkAliasPut({ model_alias: 'regression-model', model_id: 'c', reassign: true }, v);
    expect(status(r)).toBe(400);
    expect(reason(r)).toContain(
      'with inference config type [classification] from model [r0] with type [regression]',
    );
  });

  // inference_crud.yml "Test update model alias with model id referring to missing model"
  it('answers 404 for a missing model', () => {
    expect(status(checkAliasPut({ model_alias: 'x', model_id: 'missing', reassign: false }, v))).toBe(404);
  });

  // 3rd_party_deployment.yml "Test update model alias on pytorch model to undeployed model"
  it('refuses to move an alias from a deployed model to an undeployed one', () => {
    const p = view(
      [torch('test_model'), torch('another_test_model')],
      { pytorch: 'test_model' },
      { test_model: [true] },
    );
    expect(
      reason(checkAliasPut({ model_alias: 'pytorch', model_id: 'another_test_model', reassign: true }, p)),
    ).toBe(
      'cannot reassign model_alias [pytorch] to model [another_test_model] from model [test_model] as it is not yet deployed',
    );
  });

  it('warns when the inputs differ', () => {
    const w = view([tree('a', 'regression'), { ...tree('b', 'regression'), input: { field_names: ['x'] } }], {
      al: 'a',
    });
    const r = checkAliasPut({ model_alias: 'al', model_id: 'b', reassign: true }, w);
    expect(r.ok && r.value.warnings).toEqual([
      'The input fields for new model [b] and for old model [a] differ significantly, model results may change drastically.',
    ]);
  });

  // inference_crud.yml "Test delete model alias with missing alias", "... where alias points to different model"
  it('deletes only an alias that names the model', () => {
    expect(status(checkAliasDelete({ model_alias: 'nope', model_id: 'r0' }, v))).toBe(404);
    expect(status(checkAliasDelete({ model_alias: 'regression-model', model_id: 'r1' }, v))).toBe(409);
    expect(status(checkAliasDelete({ model_alias: 'regression-model', model_id: 'r0' }, v))).toBe(200);
  });
});

describe('delete: state', () => {
  const builtIn = (id: string) => id === 'lang_ident_model_1';
  // inference_crud.yml "Test delete given model referenced by pipeline", "... with alias referenced by pipeline"
  it('refuses a model referenced by ingest, directly or by alias, unless forced', () => {
    const v = view([tree('c', 'classification')], { 'alias-to-c': 'c' }, {}, ['alias-to-c']);
    expect(reason(checkModelDelete({ model_id: 'c', force: false }, v, builtIn))).toBe(
      'Cannot delete model [c] as it has a model_alias [alias-to-c] that is still referenced by ingest processors; use force to delete the model',
    );
    expect(checkModelDelete({ model_id: 'c', force: true }, v, builtIn)).toEqual({
      ok: true,
      value: { stopDeployments: false, aliases: ['alias-to-c'] },
    });
  });

  // inference_crud.yml "Test delete with missing model", "Test delete already-deleted model returns 404 not 409"
  it('answers 404 for a missing model even when forced', () => {
    expect(status(checkModelDelete({ model_id: 'gone', force: true }, view([]), builtIn))).toBe(404);
  });

  it('refuses a deployed model unless forced, and the built-in model', () => {
    const v = view([torch('t')], {}, { t: [true] });
    expect(status(checkModelDelete({ model_id: 't', force: false }, v, builtIn))).toBe(409);
    expect(checkModelDelete({ model_id: 't', force: true }, v, builtIn).ok).toBe(true);
  });
});

describe('definition status, start and tree definitions', () => {
  // inference_crud.yml "Test include model definition status"
  it('answers definition status for one PyTorch model only', () => {
    expect(reason(checkDefinitionStatus([torch('a'), torch('b')], 1, true))).toBe(
      'Getting the model download status is not supported when getting more than one model',
    );
    expect(reason(checkDefinitionStatus([tree('r', 'regression')], 1, false))).toBe(
      'Definition status is only relevant to PyTorch model types',
    );
  });

  // 3rd_party_deployment.yml "Test start deployment fails while model download in progress",
  // "Test start deployment fails with missing model definition"
  it('refuses to start while downloading or without a definition', () => {
    expect(
      reason(checkStartDefinition('.elser_model_2', { downloading: true, fullyDefined: false })),
    ).toMatch(
      /Model download task is currently running\. Wait for trained model \[.elser_model_2\] download task to complete then try again/,
    );
    expect(reason(checkStartDefinition('d', { downloading: false, fullyDefined: false }))).toBe(
      'Could not find trained model definition [d]',
    );
  });

  // inference_crud.yml "Test put model", "Test PUT model where target type and inference config mismatch"
  it('estimates operations of an ensemble and checks its target type', () => {
    const node3 = {
      tree: { feature_names: ['f1', 'f2'], tree_structure: [{}, {}, {}], target_type: 'regression' },
    };
    const def = {
      trained_model: { ensemble: { target_type: 'regression', trained_models: [node3, node3] } },
    };
    const r = treeDefinitionFacts('m', def, 'regression', undefined);
    expect(r.ok && r.value.estimated_operations).toBe(6);
    expect(reason(treeDefinitionFacts('my-regression-model', def, 'classification', undefined))).toBe(
      'Model [my-regression-model] inference config type [classification] does not support definition target type [regression]',
    );
  });
});

describe('_ml/info and _cat', () => {
  // ml_info.yml "Test ml info" (the part without cluster settings)
  it('answers defaults and limits', () => {
    const info = mlInfo({
      nodes: [{ memory_bytes: 2 ** 34, processors: 8 }],
      version: '9.4.0',
      upgrade_mode: false,
    });
    expect(info).toMatchObject({
      defaults: {
        anomaly_detectors: {
          categorization_analyzer: { tokenizer: 'ml_standard' },
          model_memory_limit: '1gb',
          categorization_examples_limit: 4,
        },
        datafeeds: { scroll_size: 1000 },
      },
      upgrade_mode: false,
    });
    const limits = info.limits as Record<string, string>;
    expect(limits.max_model_memory_limit).toBeUndefined();
    expect(limits.effective_max_model_memory_limit).toMatch(/^\d+[kmg]?b$/);
    expect(limits.total_ml_memory).toMatch(/^\d+mb$/);
    expect(
      mlInfo({ nodes: [], version: 'x', upgrade_mode: false, max_model_memory_limit_bytes: 2 ** 20 }).limits,
    ).toMatchObject({
      max_model_memory_limit: '1mb',
      effective_max_model_memory_limit: '0mb',
    });
  });

  it('reads the cat display options and refuses unknown ones', () => {
    const r = checkCatTrainedModelsRequest({ query: 'v=true&h=id,license&s=id:desc&bytes=b' });
    expect(r.ok && r.value).toMatchObject({
      verbose: true,
      headers: ['id', 'license'],
      sort: ['id:desc'],
      bytes: 'b',
      format: 'text',
    });
    expect(reason(checkCatTrainedModelsRequest({ query: 'vv=true' }))).toContain(
      'unrecognized parameter: [vv]',
    );
    expect(CAT_TRAINED_MODELS_COLUMNS.filter((c) => c.default).map((c) => c.name)).toEqual([
      'id',
      'heap_size',
      'operations',
      'create_time',
      'type',
      'ingest.pipelines',
      'data_frame.id',
    ]);
  });
});
