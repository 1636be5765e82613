// The inference API's endpoints for the in-cluster services (`elasticsearch`, deprecated `elser`):
// `PUT`, `GET` and `DELETE _inference/{task_type}/{inference_id}` and the forms without a task
// type. Parsing and validation in the server's order (RestPutInferenceModelAction,
// TransportPutInferenceModelAction, ElasticsearchInternalService(Settings), the delete action's
// `dry_run` and `force`). What is inferred: docs/inference.md.
import type { EndpointSpec } from '../endpoint-spec.js';
import { ENDPOINTS } from '../endpoints.js';
import { INFERENCE_API_MESSAGES, inferErrors } from '../errors/infer-messages.js';
import { errors, INFERENCE_MESSAGES, VALIDATION_MESSAGES } from '../errors/messages.js';
import { type AdaptiveSettings, validateAdaptiveSettings } from './adaptive-allocations.js';
import {
  bodyTaskType,
  type InferenceEndpointSnapshot,
  type InferenceTaskType,
  isObject,
  isTaskType,
  javaMapString,
} from './check-inference-update.js';
import type { CheckResult } from './check-update-request.js';
import {
  ELSER_MODEL_ID,
  type EndpointTaskType,
  isDefaultInferenceId,
  SERVICE_TASK_TYPES,
} from './inference-services.js';
import { ML_ID_PATTERN } from './ml-strings.js';
import { parseQuery, RestParams, readQuery } from './rest-params.js';

export {
  DEFAULT_INFERENCE_ENDPOINTS,
  ELSER_MODEL_ID,
  type EndpointTaskType,
  isDefaultInferenceId,
  SERVICE_TASK_TYPES,
} from './inference-services.js';

/** The task type of a URL segment: `any` when absent, or the 400 of an unknown one. */
export function urlTaskType(raw: string | undefined): CheckResult<InferenceTaskType> {
  if (raw === undefined) {
    return { ok: true, value: 'any' };
  }
  if (!isTaskType(raw)) {
    return { ok: false, error: inferErrors.badRequest(INFERENCE_MESSAGES.unknownTaskType(raw)) };
  }
  return { ok: true, value: raw };
}

/** A `PUT _inference` request after parsing and the service's validation. */
export interface InferenceEndpointPutRequest {
  endpoint: InferenceEndpointSnapshot;
  timeout: string;
  warnings: string[];
}

/** The path an unrecognized parameter's 400 names: `/_inference[/{task_type}][/{inference_id}]`. */
function inferencePathOf(raw: { taskType?: string | undefined; inferenceId?: string | undefined }): string {
  const task = raw.taskType === undefined ? '' : `/${raw.taskType}`;
  return `/_inference${task}${raw.inferenceId === undefined ? '' : `/${raw.inferenceId}`}`;
}

/** Reads an inference API request's query with `read`, then refuses what it left unconsumed. */
export function readInferenceQuery<T>(
  raw: {
    taskType?: string | undefined;
    inferenceId?: string | undefined;
    query?: string | URLSearchParams | undefined;
  },
  endpoint: EndpointSpec,
  read: (params: RestParams) => T,
): CheckResult<T> {
  return readQuery(new RestParams(parseQuery(raw.query), endpoint), inferencePathOf(raw), read);
}

function positiveInt(
  settings: Record<string, unknown>,
  name: string,
  messages: string[],
  required: boolean,
): number | undefined {
  if (!(name in settings)) {
    if (required) {
      messages.push(INFERENCE_API_MESSAGES.missingSetting('service_settings', name));
    }
    return undefined;
  }
  const value = settings[name];
  delete settings[name];
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    messages.push(INFERENCE_API_MESSAGES.invalidType(name, javaMapString(value), 'Integer'));
    return undefined;
  }
  if (value < 1) {
    messages.push(INFERENCE_API_MESSAGES.notPositive('service_settings', name, String(value)));
    return undefined;
  }
  return value;
}

/** ElasticsearchInternalServiceSettings.fromRequestMap, then the service's own checks. */
function parseServiceSettings(
  service: string,
  taskType: EndpointTaskType,
  raw: Record<string, unknown>,
): CheckResult<InferenceEndpointSnapshot['service_settings']> {
  const settings: Record<string, unknown> = { ...raw };
  const messages: string[] = [];
  const numAllocations = positiveInt(settings, 'num_allocations', messages, false);
  const numThreads = positiveInt(settings, 'num_threads', messages, true);
  let adaptive: AdaptiveSettings | undefined;
  if ('adaptive_allocations' in settings) {
    const value = settings.adaptive_allocations;
    delete settings.adaptive_allocations;
    if (isObject(value)) {
      adaptive = {};
      if (typeof value.enabled === 'boolean') {
        adaptive.enabled = value.enabled;
      }
      for (const key of ['min_number_of_allocations', 'max_number_of_allocations'] as const) {
        if (typeof value[key] === 'number') {
          adaptive[key] = value[key];
        }
      }
      messages.push(...validateAdaptiveSettings(adaptive));
    }
  }
  let modelId: string | undefined;
  if ('model_id' in settings) {
    modelId = typeof settings.model_id === 'string' ? settings.model_id : undefined;
    delete settings.model_id;
  }
  if (
    numAllocations === undefined &&
    adaptive === undefined &&
    !messages.some((m) => m.includes('num_allocations'))
  ) {
    messages.push(INFERENCE_MESSAGES.missingOneOf);
  }
  let deploymentId: string | undefined;
  if ('deployment_id' in settings) {
    deploymentId = typeof settings.deployment_id === 'string' ? settings.deployment_id : undefined;
    delete settings.deployment_id;
  }
  if (numAllocations !== undefined && adaptive?.enabled === true) {
    // [inferred] The deployment's start request refuses both (StartTrainedModelDeploymentAction).
    messages.push(VALIDATION_MESSAGES.allocationsWithAdaptive);
  }
  if (messages.length > 0) {
    return { ok: false, error: inferErrors.validation(messages) };
  }
  if (Object.keys(settings).length > 0) {
    return {
      ok: false,
      error: inferErrors.badRequest(INFERENCE_API_MESSAGES.unknownSettings(javaMapString(settings), service)),
    };
  }
  if (modelId === undefined) {
    if (service !== 'elser' || taskType !== 'sparse_embedding') {
      return { ok: false, error: inferErrors.validation([INFERENCE_API_MESSAGES.modelIdMissing]) };
    }
    modelId = ELSER_MODEL_ID;
  }
  const out: InferenceEndpointSnapshot['service_settings'] = {
    num_threads: numThreads ?? 1,
    model_id: modelId,
  };
  if (numAllocations !== undefined) {
    out.num_allocations = numAllocations;
  }
  if (adaptive !== undefined) {
    out.adaptive_allocations = adaptive;
  }
  if (deploymentId !== undefined) {
    out.deployment_id = deploymentId;
  }
  return { ok: true, value: out };
}

/** Checks `PUT _inference/{task_type?}/{inference_id}` up to the cluster state, in the server's order. */
export function checkInferenceEndpointPut(raw: {
  taskType?: string | undefined;
  inferenceId: string;
  query?: string | URLSearchParams | undefined;
  body?: string | undefined;
}): CheckResult<InferenceEndpointPutRequest> {
  const read = readInferenceQuery(raw, ENDPOINTS.inferencePut, (p) => p.time('timeout') ?? '30s');
  if (!read.ok) {
    return read;
  }
  const timeout = read.value;
  const url = urlTaskType(raw.taskType);
  if (!url.ok) {
    return url;
  }
  if (raw.body === undefined || raw.body.length === 0) {
    return { ok: false, error: errors.bodyRequired() };
  }
  if (!ML_ID_PATTERN.test(raw.inferenceId) || raw.inferenceId === '_all') {
    return { ok: false, error: errors.validationFailed([INFERENCE_MESSAGES.invalidId(raw.inferenceId)]) };
  }
  if (isDefaultInferenceId(raw.inferenceId)) {
    return {
      ok: false,
      error: inferErrors.badRequest(INFERENCE_API_MESSAGES.reservedIdCreate(raw.inferenceId)),
    };
  }
  let map: unknown;
  try {
    map = JSON.parse(raw.body);
  } catch (e) {
    // [inferred] XContentHelper.convertToMap's failure, without Jackson's exact text.
    return {
      ok: false,
      error: errors.bodyParseFailed(`Failed to parse content to map: ${(e as Error).message}`),
    };
  }
  if (!isObject(map)) {
    return { ok: false, error: errors.bodyParseFailed('Failed to parse content to map') };
  }
  const config: Record<string, unknown> = { ...map };
  let taskType = url.value;
  if ('task_type' in config) {
    const body = String(config.task_type);
    delete config.task_type;
    const fromBody = bodyTaskType(taskType, body);
    if (!fromBody.ok) {
      return { ok: false, error: inferErrors.badRequest(fromBody.message) };
    }
    taskType = fromBody.value;
  }
  if (taskType === 'any') {
    return { ok: false, error: inferErrors.badRequest(INFERENCE_API_MESSAGES.missingTaskType) };
  }
  const service = config.service;
  delete config.service;
  if (typeof service !== 'string') {
    return { ok: false, error: inferErrors.badRequest(INFERENCE_API_MESSAGES.missingService) };
  }
  const supported = SERVICE_TASK_TYPES[service];
  if (!supported) {
    return {
      ok: false,
      error: inferErrors.badRequest(INFERENCE_API_MESSAGES.unknownService(service, raw.inferenceId)),
    };
  }
  const serviceSettings = config.service_settings;
  delete config.service_settings;
  if (!isObject(serviceSettings)) {
    return {
      ok: false,
      error: inferErrors.badRequest(INFERENCE_API_MESSAGES.missingSettings('service_settings')),
    };
  }
  if (!supported.includes(taskType)) {
    return {
      ok: false,
      error: inferErrors.badRequest(INFERENCE_API_MESSAGES.unsupportedTaskType(service, taskType)),
    };
  }
  const settings = parseServiceSettings(service, taskType, serviceSettings);
  if (!settings.ok) {
    return settings;
  }
  const taskSettings = config.task_settings;
  delete config.task_settings;
  const chunking = config.chunking_settings;
  delete config.chunking_settings;
  if (Object.keys(config).length > 0) {
    return {
      ok: false,
      error: inferErrors.badRequest(INFERENCE_API_MESSAGES.unknownSettings(javaMapString(config), service)),
    };
  }
  const endpoint: InferenceEndpointSnapshot & {
    task_settings?: Record<string, unknown>;
    chunking_settings?: Record<string, unknown>;
  } = { inference_id: raw.inferenceId, task_type: taskType, service, service_settings: settings.value };
  if (isObject(taskSettings) && Object.keys(taskSettings).length > 0) {
    endpoint.task_settings = taskSettings;
  }
  if (isObject(chunking)) {
    endpoint.chunking_settings = chunking;
  }
  return {
    ok: true,
    value: {
      endpoint,
      timeout,
      warnings: service === 'elser' ? [INFERENCE_API_MESSAGES.elserDeprecated] : [],
    },
  };
}

/** A `GET _inference` request: every endpoint (`_all`, `*` or none) or one id, maybe of one task type. */
export interface InferenceEndpointGetRequest {
  task_type: InferenceTaskType;
  /** Undefined for every endpoint. */
  inference_id: string | undefined;
}

/** Checks `GET _inference[/{task_type}][/{inference_id}]`. */
export function checkInferenceEndpointGet(raw: {
  taskType?: string | undefined;
  inferenceId?: string | undefined;
  query?: string | URLSearchParams | undefined;
}): CheckResult<InferenceEndpointGetRequest> {
  const read = readInferenceQuery(raw, ENDPOINTS.inferenceGet, () => undefined);
  if (!read.ok) {
    return read;
  }
  const url = urlTaskType(raw.taskType);
  if (!url.ok) {
    return url;
  }
  const id = raw.inferenceId;
  const all = id === undefined || id === '_all' || id === '*' || id === '';
  return { ok: true, value: { task_type: url.value, inference_id: all ? undefined : id } };
}

/** A `DELETE _inference` request. */
export interface InferenceEndpointDeleteRequest {
  task_type: InferenceTaskType;
  inference_id: string;
  dry_run: boolean;
  force: boolean;
}

/** Checks `DELETE _inference[/{task_type}]/{inference_id}` (`dry_run`, `force`). */
export function checkInferenceEndpointDelete(raw: {
  taskType?: string | undefined;
  inferenceId: string;
  query?: string | URLSearchParams | undefined;
}): CheckResult<InferenceEndpointDeleteRequest> {
  const read = readInferenceQuery(raw, ENDPOINTS.inferenceDelete, (p) => ({
    dry_run: p.boolean('dry_run') ?? false,
    force: p.boolean('force') ?? false,
  }));
  if (!read.ok) {
    return read;
  }
  const url = urlTaskType(raw.taskType);
  if (!url.ok) {
    return url;
  }
  const { dry_run, force } = read.value;
  return { ok: true, value: { task_type: url.value, inference_id: raw.inferenceId, dry_run, force } };
}

/** The task type a request names must be `any` or the endpoint's (mismatchedTaskTypeException). */
export function checkTaskTypeMatches(
  requested: InferenceTaskType,
  endpoint: InferenceEndpointSnapshot,
): CheckResult<true> {
  if (requested !== 'any' && requested !== endpoint.task_type) {
    return {
      ok: false,
      error: inferErrors.badRequest(INFERENCE_API_MESSAGES.mismatchedTaskType(requested, endpoint.task_type)),
    };
  }
  return { ok: true, value: true };
}
