import { type ContractCase, EXAMPLE_DEPLOYMENT_ID } from './contract-case.js';
import { casePath } from './endpoints.js';

// Inference's answers, written out once as the truth: `_infer` (RestInferTrainedModelAction,
// InferModelAction, TransportInternalInferModelAction), the deprecated `deployment/_infer`, and the
// inference API's endpoints (inference_crud.yml, InferenceAction, the delete action). Sources and
// what is inferred: docs/inference.md. All but the first are safe: refused before any state change,
// or about an id no cluster holds.
const ID = EXAMPLE_DEPLOYMENT_ID;
const INFER = casePath('inferTrainedModel', { model_id: ID });
const PARSER = 'cluster:internal/xpack/ml/inference/infer';
const ENDPOINT_ID = 'mldeploy-example-endpoint';
const DOCS = '{"docs":[{"text_field":"Elastic is in Mountain View"}]}';

/** Raw inference requests and what Elasticsearch answers. */
export const inferenceCases: ContractCase[] = [
  {
    name: 'infers on a started deployment: one result per document',
    endpoint: 'inferTrainedModel',
    given: { modelId: ID, body: DOCS },
    want: { status: 200 },
    stateless: false,
  },
  {
    name: '_infer without a body answers "requires body"',
    endpoint: 'inferTrainedModel',
    given: { modelId: ID },
    want: { status: 400, code: 'INFERENCE_INVALID', type: 'status_exception', reason: 'requires body' },
    stateless: true,
  },
  {
    name: "_infer refuses an unknown body field with InferModelAction's parser name",
    endpoint: 'inferTrainedModel',
    given: { modelId: ID, body: '{"doc":[]}' },
    want: {
      status: 400,
      code: 'BODY_PARSE_FAILED',
      type: 'x_content_parse_exception',
      reason: `[1:2] [${PARSER}] unknown field [doc] did you mean [docs]?`,
    },
    stateless: true,
  },
  {
    name: '_infer without docs answers [docs] must not be null.',
    endpoint: 'inferTrainedModel',
    given: { modelId: ID, body: '{"timeout":"1s"}' },
    want: {
      status: 400,
      code: 'BAD_PARAMETER',
      type: 'illegal_argument_exception',
      reason: '[docs] must not be null.',
    },
    stateless: true,
  },
  {
    name: '_infer refuses an unrecognized query parameter',
    endpoint: 'inferTrainedModel',
    given: { modelId: ID, query: 'timout=1s', body: DOCS },
    want: {
      status: 400,
      code: 'UNRECOGNIZED_PARAMETER',
      type: 'illegal_argument_exception',
      reason: `request [${INFER}] contains unrecognized parameter: [timout] -> did you mean [timeout]?`,
    },
    stateless: true,
  },
  {
    name: '_infer of an id no model or deployment has answers 404',
    endpoint: 'inferTrainedModel',
    given: { modelId: ID, body: DOCS },
    before: 'missing',
    want: {
      status: 404,
      code: 'MODEL_NOT_FOUND',
      type: 'resource_not_found_exception',
      reason: `Could not find trained model [${ID}]`,
    },
    stateless: false,
  },
  {
    name: '_infer answers 405 to GET, allowing POST',
    endpoint: 'inferTrainedModel',
    given: { modelId: ID, method: 'GET' },
    want: {
      status: 405,
      code: 'METHOD_NOT_ALLOWED',
      reason: `Incorrect HTTP method for uri [${INFER}] and method [GET], allowed: [POST]`,
    },
    stateless: true,
  },
  {
    name: 'the deprecated deployment/_infer takes one document',
    endpoint: 'inferTrainedModelDeployment',
    given: { modelId: ID, body: '{"docs":[{"text_field":"a"},{"text_field":"b"}]}' },
    want: {
      status: 400,
      code: 'INFERENCE_SETTINGS_INVALID',
      type: 'validation_exception',
      reason: 'Validation Failed: 1: multiple documents are not supported;',
    },
    stateless: true,
  },
  {
    name: 'PUT _inference refuses an unknown task type in the body (inference_crud.yml)',
    endpoint: 'inferencePut',
    given: {
      params: { inference_id: ENDPOINT_ID },
      body: '{"task_type":"bad","service":"elser","service_settings":{"num_allocations":1,"num_threads":1},"task_settings":{}}',
    },
    want: { status: 400, type: 'status_exception', reason: 'Unknown task_type [bad]' },
    stateless: true,
  },
  {
    name: "PUT _inference collects the service settings' errors in one validation exception",
    endpoint: 'inferencePut',
    given: {
      params: { task_type: 'sparse_embedding', inference_id: ENDPOINT_ID },
      body: '{"service":"elasticsearch","service_settings":{"model_id":".elser_model_2","num_allocations":0}}',
    },
    want: {
      status: 400,
      code: 'INFERENCE_SETTINGS_INVALID',
      type: 'validation_exception',
      reason:
        'Validation Failed: 1: [service_settings] Invalid value [0]. [num_allocations] must be a positive integer;2: [service_settings] does not contain the required setting [num_threads];',
    },
    stateless: true,
  },
  {
    name: 'GET _inference of an id no endpoint has answers 404 (inference_crud.yml)',
    endpoint: 'inferenceGet',
    given: { params: { inference_id: ENDPOINT_ID } },
    before: 'missing',
    want: {
      status: 404,
      code: 'INFERENCE_ENDPOINT_NOT_FOUND',
      type: 'resource_not_found_exception',
      reason: `Inference endpoint not found [${ENDPOINT_ID}]`,
    },
    stateless: false,
  },
  {
    name: 'DELETE _inference of an id no endpoint has answers 404',
    endpoint: 'inferenceDelete',
    given: { params: { inference_id: ENDPOINT_ID } },
    before: 'missing',
    want: {
      status: 404,
      code: 'INFERENCE_ENDPOINT_NOT_FOUND',
      type: 'resource_not_found_exception',
      reason: `Inference endpoint not found [${ENDPOINT_ID}]`,
    },
    stateless: false,
  },
  {
    name: 'POST _inference without input answers a validation failure',
    endpoint: 'inference',
    given: { params: { inference_id: ENDPOINT_ID }, body: '{}' },
    want: {
      status: 400,
      code: 'VALIDATION_FAILED',
      type: 'action_request_validation_exception',
      reason: 'Validation Failed: 1: Field [input] cannot be null;',
    },
    stateless: true,
  },
  {
    name: 'POST _inference for rerank needs a query',
    endpoint: 'inference',
    given: { params: { task_type: 'rerank', inference_id: ENDPOINT_ID }, body: '{"input":["a","b"]}' },
    want: {
      status: 400,
      code: 'VALIDATION_FAILED',
      type: 'action_request_validation_exception',
      reason: 'Validation Failed: 1: Field [query] cannot be null for task type [rerank];',
    },
    stateless: true,
  },
  {
    name: 'POST _inference refuses an unknown task type in the path (inference_crud.yml)',
    endpoint: 'inference',
    given: { params: { task_type: 'bad', inference_id: ENDPOINT_ID }, body: '{"input":"important text"}' },
    want: { status: 400, type: 'status_exception', reason: 'Unknown task_type [bad]' },
    stateless: true,
  },
  {
    name: 'POST _inference of an id no endpoint has answers 404',
    endpoint: 'inference',
    given: { params: { inference_id: ENDPOINT_ID }, body: '{"input":"x"}' },
    before: 'missing',
    want: {
      status: 404,
      code: 'INFERENCE_ENDPOINT_NOT_FOUND',
      type: 'resource_not_found_exception',
      reason: `Inference endpoint not found [${ENDPOINT_ID}]`,
    },
    stateless: false,
  },
];
