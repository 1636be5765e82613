// The requests of a model's life, built with core's table and checked with core's rules before
// anything is sent: a request Elasticsearch would refuse throws that same error here.
import {
  buildRequest,
  type CheckResult,
  checkDefinitionPartRequest,
  checkDeleteModelRequest,
  checkModelAliasRequest,
  checkPutModelRequest,
  checkVocabularyRequest,
  ENDPOINTS,
  type EndpointKey,
  type QueryValue,
} from '@mldeploy/core/rules';
import { localError } from './read-error.js';
import type { RequestParts } from './serialise.js';

function checked<T>(result: CheckResult<T>): void {
  if (!result.ok) {
    throw localError(result.error);
  }
}

function parts(
  key: EndpointKey,
  params: Record<string, string | undefined>,
  query: Record<string, QueryValue>,
  body: string | undefined,
): RequestParts {
  const built = buildRequest(ENDPOINTS[key], { params, query, body });
  return { method: built.method, path: built.path, query: built.query, body, route: built.route };
}

const queryText = (query: Record<string, QueryValue>) =>
  Object.entries(query)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');

/** PUT model: the config checked as Elasticsearch parses and validates it. */
export function putModelParts(
  modelId: string,
  config: unknown,
  query: Record<string, QueryValue> = {},
): RequestParts {
  const body = JSON.stringify(config);
  checked(checkPutModelRequest({ modelId, query: queryText(query), body }));
  return parts('putModel', { model_id: modelId }, query, body);
}

/** PUT vocabulary. */
export function vocabularyParts(modelId: string, vocabulary: unknown): RequestParts {
  const body = JSON.stringify(vocabulary);
  checked(checkVocabularyRequest({ modelId, body }));
  return parts('putVocabulary', { model_id: modelId }, {}, body);
}

/** PUT definition part. */
export function definitionPartParts(modelId: string, part: number, input: unknown): RequestParts {
  const body = JSON.stringify(input);
  checked(checkDefinitionPartRequest({ modelId, part: String(part), body }));
  return parts('putDefinitionPart', { model_id: modelId, part: String(part) }, {}, body);
}

/** DELETE model. */
export function deleteModelParts(modelId: string, query: Record<string, QueryValue> = {}): RequestParts {
  checked(checkDeleteModelRequest({ modelId, query: queryText(query) }));
  return parts('deleteModel', { model_id: modelId }, query, undefined);
}

/** PUT or DELETE a model alias. */
export function aliasParts(
  method: 'PUT' | 'DELETE',
  modelId: string,
  alias: string,
  query: Record<string, QueryValue> = {},
): RequestParts {
  checked(checkModelAliasRequest({ modelId, alias, method, query: queryText(query) }));
  return parts(
    method === 'PUT' ? 'putModelAlias' : 'deleteModelAlias',
    { model_id: modelId, model_alias: alias },
    query,
    undefined,
  );
}
