// The inference API's `_update` for endpoints of the `elasticsearch` (or old `elser`) service:
// UpdateInferenceModelAction.Request (body shape), TransportUpdateInferenceModelAction (order of the
// checks) and ElasticsearchInternalServiceSettings.updateServiceSettings (what may change). See
// docs/rules.md, "Inference endpoint `_update`".
import { DEFAULT_TIMEOUT } from '../defaults.js';
import { INFERENCE_UPDATE_ENDPOINT, pathFor } from '../endpoints.js';
import { errors, INFERENCE_MESSAGES, PARSER_MESSAGES } from '../errors/messages.js';
import {
  type AdaptiveSettings,
  adaptiveSettingsEqual,
  validateAdaptiveSettings,
} from './adaptive-allocations.js';
import type { CheckResult } from './check-update-request.js';
import { ML_ID_PATTERN } from './ml-strings.js';
import { parseQuery, RestParamError, RestParams } from './rest-params.js';
import type { UpdateRequest } from './update-request.js';

/** TaskType: the task types an inference endpoint can have; `any` in a URL matches every one. */
export const INFERENCE_TASK_TYPES = [
  'text_embedding',
  'sparse_embedding',
  'rerank',
  'completion',
  'chat_completion',
  'any',
] as const;
export type InferenceTaskType = (typeof INFERENCE_TASK_TYPES)[number];

/** The services whose endpoints own a trained model deployment (in-cluster services). */
export const IN_CLUSTER_SERVICES = ['elasticsearch', 'elser'] as const;

/** An inference endpoint as the server stores it (ModelConfigurations with in-cluster settings). */
export interface InferenceEndpointSnapshot {
  inference_id: string;
  task_type: Exclude<InferenceTaskType, 'any'>;
  service: string;
  service_settings: {
    num_allocations?: number | undefined;
    num_threads: number;
    model_id: string;
    adaptive_allocations?: AdaptiveSettings | undefined;
    /** Set when the endpoint uses a deployment made through the trained models API. */
    deployment_id?: string | undefined;
  };
}

/** An inference `_update` request after the REST layer and `getContentAsSettings`. */
export interface InferenceUpdateRequest {
  inference_id: string;
  /** The task type resolved from the URL and the body; `any` when neither names one. */
  task_type: InferenceTaskType;
  service_settings?: Record<string, unknown> | undefined;
  task_settings?: Record<string, unknown> | undefined;
  timeout: string;
}

/** Whether a string names a task type of the inference API (`any` included). */
export function isTaskType(value: string): value is InferenceTaskType {
  return (INFERENCE_TASK_TYPES as readonly string[]).includes(value);
}

/**
 * The task type a body's `task_type` names beside the URL's, as the inference API's parsers check
 * it: unknown, or different from the URL's (unless the URL named none), answers the message.
 */
export function bodyTaskType(
  url: InferenceTaskType,
  body: string,
): { ok: true; value: InferenceTaskType } | { ok: false; message: string } {
  if (!isTaskType(body)) {
    return { ok: false, message: INFERENCE_MESSAGES.unknownTaskType(body) };
  }
  if (url !== 'any' && body !== url) {
    return { ok: false, message: INFERENCE_MESSAGES.conflictingTaskType(url, body) };
  }
  return { ok: true, value: body };
}

/** Java's `Map.toString()` of a parsed JSON value, as the messages print the request. */
export function javaMapString(value: unknown): string {
  if (value === null || value === undefined) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return `[${value.map(javaMapString).join(', ')}]`;
  }
  if (typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}=${javaMapString(v)}`)
      .join(', ')}}`;
  }
  return String(value);
}

/** The XContent token name of a JSON value. */
function jsonToken(value: unknown): string {
  if (Array.isArray(value)) {
    return 'START_ARRAY';
  }
  switch (typeof value) {
    case 'string':
      return 'VALUE_STRING';
    case 'number':
      return 'VALUE_NUMBER';
    case 'boolean':
      return 'VALUE_BOOLEAN';
    default:
      return 'VALUE_NULL';
  }
}

/** A JSON object (not an array, not null). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The stateless part: path, query and body (`getContentAsSettings`, `resolveTaskType`,
 * `validate()`), in Elasticsearch's order.
 */
export function checkInferenceUpdateRequest(raw: {
  taskType?: string | undefined;
  inferenceId: string;
  query?: string | URLSearchParams | undefined;
  body?: string | undefined;
}): CheckResult<InferenceUpdateRequest> {
  const params = new RestParams(parseQuery(raw.query), INFERENCE_UPDATE_ENDPOINT);
  let timeout: string = DEFAULT_TIMEOUT;
  try {
    timeout = params.time('timeout') ?? DEFAULT_TIMEOUT;
  } catch (e) {
    if (e instanceof RestParamError) {
      return { ok: false, error: e.error };
    }
    throw e;
  }
  const path = pathFor(
    INFERENCE_UPDATE_ENDPOINT,
    { task_type: raw.taskType, inference_id: raw.inferenceId },
    false,
  );
  const unrecognized = params.unrecognized(path);
  if (unrecognized) {
    return { ok: false, error: unrecognized };
  }
  let urlTaskType: InferenceTaskType = 'any';
  if (raw.taskType !== undefined) {
    if (!isTaskType(raw.taskType)) {
      return {
        ok: false,
        error: errors.inferenceUpdateInvalid(INFERENCE_MESSAGES.unknownTaskType(raw.taskType)),
      };
    }
    urlTaskType = raw.taskType;
  }
  if (raw.body === undefined || raw.body.length === 0) {
    return { ok: false, error: errors.bodyRequired() };
  }
  // validate() runs before the action reads the body.
  if (!ML_ID_PATTERN.test(raw.inferenceId) || raw.inferenceId === '_all') {
    return { ok: false, error: errors.validationFailed([INFERENCE_MESSAGES.invalidId(raw.inferenceId)]) };
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
  if (!isObject(map) || Object.keys(map).length === 0) {
    return { ok: false, error: errors.inferenceUpdateInvalid(INFERENCE_MESSAGES.bodyEmpty) };
  }
  const rest: Record<string, unknown> = { ...map };
  let taskType = urlTaskType;
  if ('task_type' in rest) {
    const body = rest.task_type;
    delete rest.task_type;
    if (typeof body !== 'string') {
      return {
        ok: false,
        error: errors.internalError(`Failed to parse [task_type] in update request [${javaMapString(map)}]`),
      };
    }
    const fromBody = bodyTaskType(urlTaskType, body);
    if (!fromBody.ok) {
      return { ok: false, error: errors.inferenceUpdateInvalid(fromBody.message) };
    }
    taskType = fromBody.value;
  }
  const value: InferenceUpdateRequest = { inference_id: raw.inferenceId, task_type: taskType, timeout };
  if ('service_settings' in rest) {
    const settings = rest.service_settings;
    if (!isObject(settings)) {
      return {
        ok: false,
        error: errors.inferenceUpdateInvalid(
          INFERENCE_MESSAGES.serviceSettingsNotObject(javaMapString(rest)),
        ),
      };
    }
    delete rest.service_settings;
    if (Object.keys(settings).length > 0) {
      value.service_settings = settings;
    }
  }
  if ('task_settings' in rest) {
    const settings = rest.task_settings;
    if (!isObject(settings)) {
      return {
        ok: false,
        error: errors.inferenceUpdateInvalid(INFERENCE_MESSAGES.taskSettingsNotObject(javaMapString(rest))),
      };
    }
    delete rest.task_settings;
    if (Object.keys(settings).length > 0) {
      value.task_settings = settings;
    }
  }
  if (Object.keys(rest).length > 0) {
    return {
      ok: false,
      error: errors.inferenceUpdateInvalid(INFERENCE_MESSAGES.fieldsNotUpdatable(javaMapString(rest))),
    };
  }
  return { ok: true, value };
}

/** What the cluster tells {@link planInferenceUpdate} about deployments and other endpoints. */
export interface InferenceClusterView {
  /** True when an assignment with this deployment id exists. */
  deploymentExists(deploymentId: string): boolean;
  /** The endpoint whose id is this deployment id, when one exists (it created the deployment). */
  endpointNamed(id: string): InferenceEndpointSnapshot | undefined;
}

/** The outcome of {@link planInferenceUpdate}. */
export type InferencePlan =
  | { kind: 'error'; error: import('../errors/envelope.js').EsError }
  /** Nothing changes: 200 with the endpoint as it is. */
  | { kind: 'noop' }
  /** Update the deployment with `update` (as an internal `_update`), then store `endpoint`. */
  | { kind: 'apply'; endpoint: InferenceEndpointSnapshot; update: UpdateRequest };

const ALLOWED_SERVICE_SETTINGS = ['num_allocations', 'adaptive_allocations', 'num_threads'];

/**
 * The state-dependent part, after the endpoint was found (404 before): the task type must match,
 * the service settings update parses (`num_allocations` or `adaptive_allocations`, not both, not
 * `num_threads`), an unchanged endpoint answers at once, and the endpoint must own its deployment.
 */
export function planInferenceUpdate(
  endpoint: InferenceEndpointSnapshot,
  request: InferenceUpdateRequest,
  cluster: InferenceClusterView,
): InferencePlan {
  if (request.task_type !== 'any' && request.task_type !== endpoint.task_type) {
    return { kind: 'error', error: errors.inferenceUpdateInvalid(INFERENCE_MESSAGES.taskTypeMismatch) };
  }
  let settings = endpoint.service_settings;
  const update = request.service_settings;
  if (update !== undefined) {
    for (const key of Object.keys(update)) {
      if (!ALLOWED_SERVICE_SETTINGS.includes(key)) {
        return {
          kind: 'error',
          error: errors.bodyParseFailed(PARSER_MESSAGES.unknownField('service_settings', key, [])),
        };
      }
    }
    if ('num_threads' in update) {
      return {
        kind: 'error',
        error: errors.bodyParseFailed(PARSER_MESSAGES.failedToParseField('service_settings', 'num_threads'), {
          type: 'parse_exception',
          reason: INFERENCE_MESSAGES.numThreads,
        }),
      };
    }
    const hasNum = 'num_allocations' in update;
    const hasAdaptive = 'adaptive_allocations' in update;
    const messages: string[] = [];
    const num = update.num_allocations;
    if (hasNum && num !== null && (typeof num !== 'number' || !Number.isInteger(num) || num < 1)) {
      messages.push(INFERENCE_MESSAGES.notPositive(typeof num === 'number' ? num : Number.NaN));
    }
    if (!hasNum && !hasAdaptive) {
      messages.push(INFERENCE_MESSAGES.missingOneOf);
    }
    if (hasNum && hasAdaptive) {
      messages.push(INFERENCE_MESSAGES.bothSet);
    }
    let adaptive: AdaptiveSettings | undefined;
    const rawAdaptive = update.adaptive_allocations;
    if (hasAdaptive && rawAdaptive !== null) {
      if (!isObject(rawAdaptive)) {
        return {
          kind: 'error',
          error: errors.bodyParseFailed(
            PARSER_MESSAGES.unsupportedToken(
              'service_settings',
              'adaptive_allocations',
              jsonToken(rawAdaptive),
            ),
          ),
        };
      } else {
        adaptive = {};
        for (const [k, v] of Object.entries(rawAdaptive)) {
          if (k === 'enabled' && typeof v === 'boolean') {
            adaptive.enabled = v;
          } else if (
            (k === 'min_number_of_allocations' || k === 'max_number_of_allocations') &&
            (typeof v === 'number' || v === null)
          ) {
            adaptive[k] = v === null ? undefined : v;
          } else {
            return {
              kind: 'error',
              error: errors.bodyParseFailed(PARSER_MESSAGES.unknownField('autoscaling_settings', k, [])),
            };
          }
        }
        messages.push(...validateAdaptiveSettings(adaptive));
      }
    }
    if (messages.length > 0) {
      return { kind: 'error', error: errors.inferenceSettingsInvalid(messages) };
    }
    // Update.mergeInto: both settings are replaced, the one not sent becomes null.
    settings = {
      ...settings,
      num_allocations: hasNum && typeof num === 'number' ? num : undefined,
      adaptive_allocations: adaptive,
    };
  }
  const same =
    settings.num_allocations === endpoint.service_settings.num_allocations &&
    adaptiveSettingsEqual(
      settings.adaptive_allocations ?? null,
      endpoint.service_settings.adaptive_allocations ?? null,
    );
  if (same) {
    return { kind: 'noop' };
  }
  const deploymentId = settings.deployment_id ?? endpoint.inference_id;
  if (!cluster.deploymentExists(deploymentId)) {
    return { kind: 'error', error: errors.inferenceDeploymentMissing(request.inference_id) };
  }
  if (deploymentId !== request.inference_id) {
    const owner = cluster.endpointNamed(deploymentId);
    return {
      kind: 'error',
      error: errors.inferenceDeploymentConflict(
        owner
          ? INFERENCE_MESSAGES.createdByAnotherEndpoint(
              request.inference_id,
              deploymentId,
              owner.inference_id,
            )
          : INFERENCE_MESSAGES.createdByTrainedModelsApi(request.inference_id, deploymentId),
      ),
    };
  }
  const next: UpdateRequest = {
    deployment_id: deploymentId,
    source: 'body',
    timeout: request.timeout,
    master_timeout: DEFAULT_TIMEOUT,
    warnings: [],
  };
  if (settings.num_allocations !== undefined) {
    // TransportUpdateInferenceModelAction sends the endpoint's new settings as they are: the number
    // and no adaptive settings, which TrainedModelAssignmentClusterService.updateDeployment reads
    // as "keep the deployment's". The request is not internal, so adaptive settings that are
    // enabled refuse the number (docs/rules.md, "Inference endpoint `_update`").
    next.number_of_allocations = settings.num_allocations;
  } else if (settings.adaptive_allocations !== undefined) {
    next.adaptive_allocations = settings.adaptive_allocations;
  }
  return { kind: 'apply', endpoint: { ...endpoint, service_settings: settings }, update: next };
}
