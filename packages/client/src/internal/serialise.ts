import {
  buildRequest,
  checkInferenceUpdateRequest,
  checkListRequest,
  checkStartRequest,
  checkStopRequest,
  ENDPOINTS,
  type HttpMethod,
  type QueryValue,
} from '@mldeploy/core/rules';
import { prepareUpdate } from '../prepare-update.js';
import type { StartDeploymentInput, StopDeploymentInput } from '../start-deployment-input.js';
import type { UpdateDeploymentInput, UpdateDeploymentOptions } from '../update-deployment-input.js';
import type { InferenceEndpointAllocations } from '../update-inference-endpoint-input.js';
import { localError } from './read-error.js';

/** The wire parts of one request: core's `buildRequest` answer, less the headers the transport sets. */
export interface RequestParts {
  method: HttpMethod;
  path: string;
  query: string;
  body: string | undefined;
  /** The route template, for reports. */
  route: string;
  /** The endpoint's name in core's table (`ml.update_trained_model_deployment`): events, spans, retries. */
  name?: string;
  /** The path parameters given, for tracing. */
  pathParts?: Record<string, string>;
}

/** Core's request for an endpoint, in the shape the transport sends. */
function parts(
  key: keyof typeof ENDPOINTS,
  params: Record<string, string | undefined>,
  query: Record<string, QueryValue>,
  body: string | undefined,
): RequestParts {
  const endpoint = ENDPOINTS[key];
  const built = buildRequest(endpoint, { params, query, body });
  const pathParts: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) {
      pathParts[name] = value;
    }
  }
  return {
    method: built.method,
    path: built.path,
    query: built.query,
    body,
    route: built.route,
    name: endpoint.name,
    pathParts,
  };
}

/**
 * The `_update` request for a typed input, checked with core exactly as Elasticsearch would check it;
 * a request it would reject throws that same error here, before anything is sent.
 */
export function updateParts(
  deploymentId: string,
  input: UpdateDeploymentInput,
  options: UpdateDeploymentOptions = {},
): RequestParts {
  const { request, check } = prepareUpdate(deploymentId, input, options);
  if (!check.ok) {
    throw localError(check.error);
  }
  return { ...request, pathParts: { model_id: deploymentId } };
}

/**
 * The `_start` request: scalar settings in the query and adaptive settings in the body, as the
 * official client sends them; checked with core first.
 */
export function startParts(modelId: string, input: StartDeploymentInput = {}): RequestParts {
  const params: Record<string, QueryValue> = {};
  let body: string | undefined;
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) {
      continue;
    }
    if (key === 'adaptive_allocations') {
      body = JSON.stringify({ adaptive_allocations: value });
    } else {
      params[key] = String(value);
    }
  }
  const request = parts('start', { model_id: modelId }, params, body);
  const checked = checkStartRequest({ modelId, query: request.query, body });
  if (!checked.ok) {
    throw localError(checked.error);
  }
  return request;
}

/** The `_stop` request: `force` and `allow_no_match` in the body, as the official client sends them. */
export function stopParts(deploymentId: string, input: StopDeploymentInput = {}): RequestParts {
  const fields = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  const body = Object.keys(fields).length > 0 ? JSON.stringify(fields) : undefined;
  const checked = checkStopRequest({ modelId: deploymentId, body });
  if (!checked.ok) {
    throw localError(checked.error);
  }
  return parts('stop', { model_id: deploymentId }, {}, body);
}

/** The stats or the models endpoint, for one id expression or (without one) for all. */
export function listParts(kind: 'stats' | 'models', id?: string): RequestParts {
  const checked = checkListRequest({ kind, modelId: id });
  if (!checked.ok) {
    throw localError(checked.error);
  }
  return parts(kind, { model_id: id }, {}, undefined);
}

/**
 * The inference API's `_update` for an in-cluster endpoint: `service_settings` with the number or
 * the adaptive settings; the body's shape, the task type and the id are checked with core first.
 */
export function inferenceUpdateParts(
  taskType: string | undefined,
  inferenceId: string,
  settings: InferenceEndpointAllocations,
  timeout?: string,
): RequestParts {
  const body = JSON.stringify({ service_settings: settings });
  const query: Record<string, QueryValue> = timeout === undefined ? {} : { timeout };
  const request = parts('inferenceUpdate', { task_type: taskType, inference_id: inferenceId }, query, body);
  const checked = checkInferenceUpdateRequest({ taskType, inferenceId, query: request.query, body });
  if (!checked.ok) {
    throw localError(checked.error);
  }
  return request;
}
