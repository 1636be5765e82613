// The requests of inference, built with core's `buildRequest` and checked with core's rules before
// they are sent: a request Elasticsearch would refuse for its own shape throws that error here.
import {
  buildRequest,
  checkInferenceApiRequest,
  checkInferenceEndpointDelete,
  checkInferenceEndpointGet,
  checkInferenceEndpointPut,
  checkInferRequest,
  ENDPOINTS,
  type EndpointKey,
  type QueryValue,
} from '@mldeploy/core/rules';
import { localError } from './read-error.js';
import type { RequestParts } from './serialise.js';

function parts(
  key: EndpointKey,
  params: Record<string, string | undefined>,
  query: Record<string, QueryValue | undefined>,
  body: unknown,
): RequestParts {
  const defined = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)) as Record<
    string,
    QueryValue
  >;
  const text = body === undefined ? undefined : JSON.stringify(body);
  const built = buildRequest(ENDPOINTS[key], { params, query: defined, body: text });
  return { method: built.method, path: built.path, query: built.query, body: text, route: built.route };
}

function orThrow(result: { ok: true } | { ok: false; error: Parameters<typeof localError>[0] }): void {
  if (!result.ok) {
    throw localError(result.error);
  }
}

/** `POST _ml/trained_models/{model_id}/_infer`. */
export function inferParts(
  modelId: string,
  docs: ReadonlyArray<Record<string, unknown>>,
  options: { inferenceConfig?: Record<string, Record<string, unknown>>; timeout?: string },
): RequestParts {
  const body = { docs, ...(options.inferenceConfig ? { inference_config: options.inferenceConfig } : {}) };
  const request = parts('inferTrainedModel', { model_id: modelId }, { timeout: options.timeout }, body);
  orThrow(checkInferRequest({ modelId, query: request.query, body: request.body }));
  return request;
}

/** `PUT _inference/{task_type}/{inference_id}`. */
export function createEndpointParts(
  taskType: string | undefined,
  inferenceId: string,
  config: Record<string, unknown>,
  timeout: string | undefined,
): RequestParts {
  const request = parts(
    'inferencePut',
    { task_type: taskType, inference_id: inferenceId },
    { timeout },
    config,
  );
  orThrow(checkInferenceEndpointPut({ taskType, inferenceId, query: request.query, body: request.body }));
  return request;
}

/** `GET _inference[/{task_type}][/{inference_id}]`. */
export function getEndpointsParts(
  inferenceId: string | undefined,
  taskType: string | undefined,
): RequestParts {
  const request = parts('inferenceGet', { task_type: taskType, inference_id: inferenceId }, {}, undefined);
  orThrow(checkInferenceEndpointGet({ taskType, inferenceId, query: request.query }));
  return request;
}

/** `DELETE _inference[/{task_type}]/{inference_id}`. */
export function deleteEndpointParts(
  taskType: string | undefined,
  inferenceId: string,
  options: { dryRun?: boolean; force?: boolean },
): RequestParts {
  const query = {
    dry_run: options.dryRun === undefined ? undefined : String(options.dryRun),
    force: options.force === undefined ? undefined : String(options.force),
  };
  const request = parts(
    'inferenceDelete',
    { task_type: taskType, inference_id: inferenceId },
    query,
    undefined,
  );
  orThrow(checkInferenceEndpointDelete({ taskType, inferenceId, query: request.query }));
  return request;
}

/** `POST _inference[/{task_type}]/{inference_id}`. */
export function endpointInferParts(
  taskType: string | undefined,
  inferenceId: string,
  input: string | readonly string[],
  options: { query?: string; taskSettings?: Record<string, unknown>; timeout?: string },
): RequestParts {
  const body = {
    input,
    ...(options.query !== undefined ? { query: options.query } : {}),
    ...(options.taskSettings ? { task_settings: options.taskSettings } : {}),
  };
  const request = parts(
    'inference',
    { task_type: taskType, inference_id: inferenceId },
    { timeout: options.timeout },
    body,
  );
  orThrow(checkInferenceApiRequest({ taskType, inferenceId, query: request.query, body: request.body }));
  return request;
}
