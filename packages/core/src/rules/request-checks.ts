// Each endpoint's check of a request as the server receives it, by the endpoint's key: the rules of
// its own (check-update-request.ts, ...) or, for an endpoint without any, checkPlainRequest over its
// data. Tools that take any endpoint by key (the CLI's `mldeploy request`) check through this, so an
// endpoint added to the table is checked with no edit elsewhere. See docs/architecture.md.
import { ENDPOINTS, type EndpointKey } from '../endpoints.js';
import { checkCatTrainedModelsRequest } from './cat-trained-models.js';
import { checkInferRequest } from './check-infer-request.js';
import {
  checkInferenceEndpointDelete,
  checkInferenceEndpointGet,
  checkInferenceEndpointPut,
} from './check-inference-endpoint.js';
import { checkInferenceUpdateRequest } from './check-inference-update.js';
import {
  checkDefinitionPartRequest,
  checkDeleteModelRequest,
  checkMlInfoRequest,
  checkModelAliasRequest,
  checkVocabularyRequest,
} from './check-model-requests.js';
import { checkListRequest, checkStopRequest } from './check-other-requests.js';
import { checkPlainRequest, type RawEndpointRequest } from './check-plain-request.js';
import { checkPutModelRequest } from './check-put-model-request.js';
import { checkStartRequest } from './check-start-request.js';
import { type CheckResult, checkUpdateRequest } from './check-update-request.js';
import { checkInferenceApiRequest } from './plan-inference-endpoint.js';

type Check = (request: RawEndpointRequest) => CheckResult<unknown>;

const id = (request: RawEndpointRequest) => request.params.model_id ?? '';
const endpoint = (r: RawEndpointRequest) => ({
  taskType: r.params.task_type,
  inferenceId: r.params.inference_id ?? '',
  query: r.query,
});
const alias =
  (method: 'PUT' | 'DELETE'): Check =>
  (r) =>
    checkModelAliasRequest({
      modelId: id(r),
      alias: r.params.model_alias ?? '',
      method,
      query: r.query,
      body: r.body,
    });

/** The endpoints with rules of their own, and how each reads the request. */
const OWN_CHECKS: Partial<Record<EndpointKey, Check>> = {
  update: (r) => checkUpdateRequest({ modelId: id(r), query: r.query, body: r.body }),
  start: (r) => checkStartRequest({ modelId: id(r), query: r.query, body: r.body }),
  stop: (r) => checkStopRequest({ modelId: id(r), query: r.query, body: r.body }),
  stats: (r) => checkListRequest({ kind: 'stats', modelId: r.params.model_id, query: r.query }),
  models: (r) => checkListRequest({ kind: 'models', modelId: r.params.model_id, query: r.query }),
  putModel: (r) => checkPutModelRequest({ modelId: id(r), query: r.query, body: r.body }),
  putVocabulary: (r) => checkVocabularyRequest({ modelId: id(r), query: r.query, body: r.body }),
  putDefinitionPart: (r) =>
    checkDefinitionPartRequest({ modelId: id(r), part: r.params.part ?? '', query: r.query, body: r.body }),
  deleteModel: (r) => checkDeleteModelRequest({ modelId: id(r), query: r.query, body: r.body }),
  putModelAlias: alias('PUT'),
  deleteModelAlias: alias('DELETE'),
  mlInfo: (r) => checkMlInfoRequest({ query: r.query, body: r.body }),
  catTrainedModels: (r) => checkCatTrainedModelsRequest({ modelId: r.params.model_id, query: r.query }),
  inferTrainedModel: (r) => checkInferRequest({ modelId: id(r), query: r.query, body: r.body }),
  inferTrainedModelDeployment: (r) =>
    checkInferRequest({ modelId: id(r), query: r.query, body: r.body, deprecated: true }),
  inferencePut: (r) => checkInferenceEndpointPut({ ...endpoint(r), body: r.body }),
  inferenceGet: (r) =>
    checkInferenceEndpointGet({
      taskType: r.params.task_type,
      inferenceId: r.params.inference_id,
      query: r.query,
    }),
  inferenceDelete: (r) => checkInferenceEndpointDelete(endpoint(r)),
  inference: (r) => checkInferenceApiRequest({ ...endpoint(r), body: r.body }),
  inferenceUpdate: (r) =>
    checkInferenceUpdateRequest({
      taskType: r.params.task_type,
      inferenceId: r.params.inference_id ?? '',
      query: r.query,
      body: r.body,
    }),
};

/**
 * Core's check of a request to the endpoint `key`, as Elasticsearch's REST layer and the action's
 * `validate()` would answer it: the value read, or the error (400 and its message).
 */
export function checkEndpointRequest(key: EndpointKey, request: RawEndpointRequest): CheckResult<unknown> {
  const own = OWN_CHECKS[key];
  return own ? own(request) : checkPlainRequest(ENDPOINTS[key], request);
}
