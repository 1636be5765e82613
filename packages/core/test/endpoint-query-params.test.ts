// Core's endpoint data and its rules must list the same query parameters: a parameter the data
// declares and the check does not read, one the check reads and the data omits, or one the query
// schema documents and the data lacks, fails here. The data is generated from each definition's
// query schema, and the checks read through RestParams, which refuses a name the data omits (so
// the client can type its query options from the data: docs/architecture.md).
import { describe, expect, it } from 'vitest';
import { ENDPOINTS, type EndpointKey } from '../src/endpoints.js';
import { ROUTES } from '../src/routes.js';
import { checkCatTrainedModelsRequest } from '../src/rules/cat-trained-models.js';
import { checkInferRequest } from '../src/rules/check-infer-request.js';
import {
  checkInferenceEndpointDelete,
  checkInferenceEndpointGet,
  checkInferenceEndpointPut,
} from '../src/rules/check-inference-endpoint.js';
import { checkInferenceUpdateRequest } from '../src/rules/check-inference-update.js';
import {
  checkDefinitionPartRequest,
  checkDeleteModelRequest,
  checkMlInfoRequest,
  checkModelAliasRequest,
  checkVocabularyRequest,
} from '../src/rules/check-model-requests.js';
import { checkListRequest, checkStopRequest } from '../src/rules/check-other-requests.js';
import { checkPlainRequest } from '../src/rules/check-plain-request.js';
import { checkPutModelRequest } from '../src/rules/check-put-model-request.js';
import { checkStartRequest } from '../src/rules/check-start-request.js';
import { checkUpdateRequest } from '../src/rules/check-update-request.js';
import { checkInferenceApiRequest } from '../src/rules/plan-inference-endpoint.js';
import { ALWAYS_SUPPORTED_PARAMS, parseQuery, RestParams } from '../src/rules/rest-params.js';

type Check = (query: string) => { ok: boolean; error?: { body: { error: unknown } } };

/** Each endpoint's check, as the mock's handlers run it (a missing endpoint is a compile error). */
const CHECKS: { readonly [K in EndpointKey]: Check } = {
  update: (query) => checkUpdateRequest({ modelId: 'm', query, body: '{"number_of_allocations":1}' }),
  start: (query) => checkStartRequest({ modelId: 'm', query }),
  stop: (query) => checkStopRequest({ modelId: 'm', query }),
  stats: (query) => checkListRequest({ kind: 'stats', modelId: 'm', query }),
  models: (query) => checkListRequest({ kind: 'models', modelId: 'm', query }),
  info: (query) => checkPlainRequest(ENDPOINTS.info, { params: {}, query }),
  inferenceUpdate: (query) =>
    checkInferenceUpdateRequest({
      inferenceId: 'e',
      query,
      body: '{"service_settings":{"num_allocations":1}}',
    }),
  clearDeploymentCache: (query) =>
    checkPlainRequest(ENDPOINTS.clearDeploymentCache, { params: { model_id: 'm' }, query }),
  inferTrainedModel: (query) => checkInferRequest({ modelId: 'm', query, body: '{"docs":[]}' }),
  inferTrainedModelDeployment: (query) =>
    checkInferRequest({ modelId: 'm', query, body: '{"docs":[]}', deprecated: true }),
  inferencePut: (query) =>
    checkInferenceEndpointPut({
      taskType: 'sparse_embedding',
      inferenceId: 'e',
      query,
      body: '{"service":"elser","service_settings":{"num_allocations":1,"num_threads":1}}',
    }),
  inferenceGet: (query) => checkInferenceEndpointGet({ inferenceId: 'e', query }),
  inferenceDelete: (query) => checkInferenceEndpointDelete({ inferenceId: 'e', query }),
  inference: (query) => checkInferenceApiRequest({ inferenceId: 'e', query, body: '{"input":"x"}' }),
  putModel: (query) => checkPutModelRequest({ modelId: 'm', query, body: '{}' }),
  deleteModel: (query) => checkDeleteModelRequest({ modelId: 'm', query }),
  putVocabulary: (query) => checkVocabularyRequest({ modelId: 'm', query, body: '{"vocabulary":["a"]}' }),
  putDefinitionPart: (query) =>
    checkDefinitionPartRequest({ modelId: 'm', part: '0', query, body: '{"definition":"AA=="}' }),
  putModelAlias: (query) => checkModelAliasRequest({ modelId: 'm', alias: 'a', method: 'PUT', query }),
  deleteModelAlias: (query) => checkModelAliasRequest({ modelId: 'm', alias: 'a', method: 'DELETE', query }),
  mlInfo: (query) => checkMlInfoRequest({ query }),
  catTrainedModels: (query) => checkCatTrainedModelsRequest({ query }),
  nodesHttp: (query) =>
    checkPlainRequest(ENDPOINTS.nodesHttp, { params: { node_id: '_all', metric: 'http' }, query }),
};

function unrecognized(check: Check, query: string): boolean {
  const result = check(query);
  return !result.ok && JSON.stringify(result.error?.body.error).includes('unrecognized parameter');
}

describe("each endpoint's query data is the parameters its check reads", () => {
  for (const key of Object.keys(ENDPOINTS) as EndpointKey[]) {
    const endpoint = ENDPOINTS[key];
    const check = CHECKS[key];
    it(`${endpoint.name}: every declared parameter is read`, () => {
      for (const name of endpoint.queryParams) {
        // A value that may be invalid: only "unrecognized" would mean the check does not read it.
        expect(unrecognized(check, `${name}=x`), name).toBe(false);
      }
    });
    it(`${endpoint.name}: a parameter not declared is refused`, () => {
      expect(unrecognized(check, 'not_listed_anywhere=1')).toBe(true);
    });
    it(`${endpoint.name}: the check reads no parameter the data omits`, () => {
      // RestParams throws on a read of an undeclared name, whether or not the request has it.
      expect(() => check('')).not.toThrow();
      expect(() => check(endpoint.queryParams.map((name) => `${name}=1`).join('&'))).not.toThrow();
    });
  }

  it('a read of a parameter the data omits is a bug, thrown as one', () => {
    const params = new RestParams(parseQuery('wait_for=started'), ENDPOINTS.update);
    expect(() => params.string('wait_for')).toThrow(
      /reads query parameter \[wait_for\], which its definition omits/,
    );
  });
});

describe("each route's query schema documents exactly the endpoint's query data", () => {
  for (const route of ROUTES) {
    it(route.name, () => {
      const documented = Object.keys(route.query.properties ?? {}).filter(
        (name) => !(ALWAYS_SUPPORTED_PARAMS as readonly string[]).includes(name),
      );
      expect(documented).toEqual([...ENDPOINTS[route.key].queryParams]);
    });
  }
});
