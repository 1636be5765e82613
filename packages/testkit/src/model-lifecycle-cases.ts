// Contract cases of a model's life (docs/model-lifecycle.md): requests Elasticsearch refuses before
// it reads any state, so each is safe to send to a real cluster (nothing is created or changed).
import type { ContractCase } from './contract-case.js';

const MODEL = 'mldeploy-verify-model';

/** The cases of PUT model, vocabulary, definition parts, aliases, delete, `_ml/info` and `_cat`. */
export const modelLifecycleCases: ContractCase[] = [
  {
    name: 'PUT model: a model without a definition needs model_type, and every model an inference_config',
    endpoint: 'putModel',
    given: { modelId: MODEL, body: '{}', keepIds: true },
    want: {
      status: 400,
      code: 'VALIDATION_FAILED',
      type: 'action_request_validation_exception',
      reason:
        'Validation Failed: 1: [model_type] must be set if [definition] is not defined.;2: [inference_config] must not be null.;',
    },
    stateless: true,
  },
  {
    name: 'PUT model: fields only the server sets are refused at creation',
    endpoint: 'putModel',
    given: {
      modelId: MODEL,
      body: '{"model_type":"pytorch","inference_config":{"ner":{}},"created_by":"me"}',
      keepIds: true,
    },
    want: {
      status: 400,
      code: 'VALIDATION_FAILED',
      reason: 'Validation Failed: 1: illegal to set [created_by] at inference model creation;',
    },
    stateless: true,
  },
  {
    name: 'PUT model: a vocabulary in the inference config is refused',
    endpoint: 'putModel',
    given: {
      modelId: MODEL,
      body: '{"model_type":"pytorch","inference_config":{"ner":{"vocabulary":{"index":"x"}}}}',
      keepIds: true,
    },
    want: { status: 400, code: 'BODY_PARSE_FAILED', type: 'x_content_parse_exception' },
    stateless: true,
  },
  {
    name: 'PUT model: an unknown query parameter is refused',
    endpoint: 'putModel',
    given: { modelId: MODEL, query: 'wait=true', body: '{}', keepIds: true },
    want: {
      status: 400,
      code: 'UNRECOGNIZED_PARAMETER',
      reason: `request [/_ml/trained_models/${MODEL}] contains unrecognized parameter: [wait]`,
    },
    stateless: true,
  },
  {
    name: 'PUT vocabulary: an empty vocabulary is refused',
    endpoint: 'putVocabulary',
    given: { modelId: MODEL, body: '{"vocabulary":[]}', keepIds: true },
    want: {
      status: 400,
      code: 'VALIDATION_FAILED',
      reason: 'Validation Failed: 1: [vocabulary] must not be empty;',
    },
    stateless: true,
  },
  {
    name: 'PUT definition part: the part must be below total_parts',
    endpoint: 'putDefinitionPart',
    given: {
      modelId: MODEL,
      params: { part: '2' },
      body: '{"definition":"AAAA","total_definition_length":3,"total_parts":2}',
      keepIds: true,
    },
    want: {
      status: 400,
      code: 'VALIDATION_FAILED',
      reason: 'Validation Failed: 1: [part] must be less than total_parts;',
    },
    stateless: true,
  },
  {
    name: 'PUT model alias: an alias cannot end with a digit',
    endpoint: 'putModelAlias',
    given: { modelId: MODEL, params: { model_alias: 'alias-1' }, keepIds: true },
    want: {
      status: 400,
      code: 'VALIDATION_FAILED',
      reason:
        "Validation Failed: 1: Invalid model_alias; 'alias-1' can contain lowercase alphanumeric (a-z and 0-9), hyphens or underscores; must start with alphanumeric and cannot end with numbers;",
    },
    stateless: true,
  },
  {
    name: 'PUT model alias: an alias cannot equal the model id',
    endpoint: 'putModelAlias',
    given: { modelId: 'same-model', params: { model_alias: 'same-model' }, keepIds: true },
    want: {
      status: 400,
      code: 'VALIDATION_FAILED',
      reason: 'Validation Failed: 1: model_alias [same-model] cannot equal model_id [same-model];',
    },
    stateless: true,
  },
  {
    name: 'DELETE model: an unknown query parameter is refused',
    endpoint: 'deleteModel',
    given: { modelId: MODEL, query: 'forced=true', keepIds: true },
    want: {
      status: 400,
      code: 'UNRECOGNIZED_PARAMETER',
      reason: `request [/_ml/trained_models/${MODEL}] contains unrecognized parameter: [forced] -> did you mean [force]?`,
    },
    stateless: true,
  },
  {
    name: '_ml/info: an unknown query parameter is refused',
    endpoint: 'mlInfo',
    given: { query: 'verbose=true' },
    want: {
      status: 400,
      code: 'UNRECOGNIZED_PARAMETER',
      reason: 'request [/_ml/info] contains unrecognized parameter: [verbose]',
    },
    stateless: true,
  },
];
