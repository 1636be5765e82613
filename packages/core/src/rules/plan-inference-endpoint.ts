// The state-dependent part of the inference API for in-cluster services: creating an endpoint
// (downloading an Elastic model where needed, starting a deployment named after the endpoint or
// reusing `deployment_id`), deleting one (reserved ids, `dry_run`, references, `force`), and the
// `POST _inference` request. docs/inference.md.

import { ENDPOINTS } from '../endpoints.js';
import type { EsError } from '../errors/envelope.js';
import { INFERENCE_API_MESSAGES, inferErrors } from '../errors/infer-messages.js';
import { errors, PARSER_MESSAGES } from '../errors/messages.js';
import {
  type EndpointTaskType,
  type InferenceEndpointDeleteRequest,
  type InferenceEndpointPutRequest,
  isDefaultInferenceId,
  readInferenceQuery,
  urlTaskType,
} from './check-inference-endpoint.js';
import type { InferenceEndpointSnapshot, InferenceTaskType } from './check-inference-update.js';
import { computeNumberOfAllocations, START_DEFAULTS, type StartRequest } from './check-start-request.js';
import type { CheckResult } from './check-update-request.js';
import { readAny } from './internal/any-value.js';
import { JsonPullParser } from './internal/json-pull-parser.js';
import { type ObjectSpec, parseObject, XContentError } from './internal/object-parser.js';
import type { InferModelView } from './plan-infer.js';

/** The model task an endpoint task type needs. */
export const MODEL_TASK_OF: Readonly<Record<EndpointTaskType, string>> = {
  sparse_embedding: 'text_expansion',
  text_embedding: 'text_embedding',
  rerank: 'text_similarity',
  completion: 'completion',
  chat_completion: 'chat_completion',
};

/** Elastic's own models, which the server downloads when an endpoint needs them. */
export const ELASTIC_MODELS: readonly (InferModelView & { model_size_bytes: number; description: string })[] =
  [
    {
      model_id: '.elser_model_2',
      model_type: 'pytorch',
      inference_config: { text_expansion: {} },
      input_field_names: ['text_field'],
      model_size_bytes: 438_123_914,
      description: 'Elastic Learned Sparse EncodeR v2',
    },
    {
      model_id: '.multilingual-e5-small',
      model_type: 'pytorch',
      inference_config: { text_embedding: { embedding_size: 384 } },
      input_field_names: ['text_field'],
      model_size_bytes: 470_000_000,
      description: 'E5 small multilingual',
    },
    {
      model_id: '.rerank-v1',
      model_type: 'pytorch',
      inference_config: { text_similarity: {} },
      input_field_names: ['text_field'],
      model_size_bytes: 565_000_000,
      description: 'Elastic Rerank v1',
    },
  ];

/** What creating an endpoint reads of the cluster. */
export interface InferenceEndpointClusterView {
  endpoint(id: string): InferenceEndpointSnapshot | undefined;
  model(id: string): InferModelView | undefined;
  /** The model of a deployment, when it exists. */
  deploymentModel(id: string): string | undefined;
}

/** What creating an endpoint does. */
export type InferenceEndpointPutPlan =
  | { kind: 'error'; error: EsError }
  | {
      kind: 'create';
      endpoint: InferenceEndpointSnapshot;
      /** An Elastic model to download first. */
      download?: (typeof ELASTIC_MODELS)[number] | undefined;
      /** The deployment to start (named after the endpoint); absent when `deployment_id` is reused. */
      start?: StartRequest | undefined;
    };

/** The start request an endpoint makes of its deployment (ElasticsearchInternalService.start). */
export function endpointStartRequest(endpoint: InferenceEndpointSnapshot, timeout: string): StartRequest {
  const s = endpoint.service_settings;
  const adaptive = s.adaptive_allocations;
  const start: StartRequest = {
    model_id: s.model_id,
    deployment_id: endpoint.inference_id,
    number_of_allocations: s.num_allocations ?? computeNumberOfAllocations(adaptive),
    threads_per_allocation: s.num_threads,
    queue_capacity: START_DEFAULTS.queue_capacity,
    priority: 'normal',
    timeout,
    wait_for: 'started',
    warnings: [],
  };
  if (adaptive !== undefined) {
    start.adaptive_allocations = adaptive;
  }
  return start;
}

/** TransportPutInferenceModelAction after parsing: the id is free, the model fits the task. */
export function planInferenceEndpointPut(
  request: InferenceEndpointPutRequest,
  view: InferenceEndpointClusterView,
): InferenceEndpointPutPlan {
  const { endpoint } = request;
  if (view.endpoint(endpoint.inference_id)) {
    return { kind: 'error', error: inferErrors.endpointExists(endpoint.inference_id) };
  }
  const s = endpoint.service_settings;
  if (s.deployment_id !== undefined) {
    const model = view.deploymentModel(s.deployment_id);
    if (model === undefined) {
      return {
        kind: 'error',
        error: inferErrors.badRequest(INFERENCE_API_MESSAGES.deploymentMissing(s.deployment_id)),
      };
    }
    if (model !== s.model_id) {
      return {
        kind: 'error',
        error: inferErrors.badRequest(
          INFERENCE_API_MESSAGES.deploymentModelMismatch(s.deployment_id, model, s.model_id),
        ),
      };
    }
  }
  let model = view.model(s.model_id);
  let download: (typeof ELASTIC_MODELS)[number] | undefined;
  if (!model) {
    download = ELASTIC_MODELS.find((m) => m.model_id === s.model_id);
    if (!download) {
      return { kind: 'error', error: errors.modelNotFound(s.model_id) };
    }
    model = download;
  }
  const task = Object.keys(model.inference_config ?? {})[0] ?? 'unknown';
  if (task !== MODEL_TASK_OF[endpoint.task_type]) {
    return {
      kind: 'error',
      error: inferErrors.badRequest(
        INFERENCE_API_MESSAGES.wrongModelTask(s.model_id, task, endpoint.task_type),
      ),
    };
  }
  if (s.deployment_id !== undefined) {
    return { kind: 'create', endpoint, download };
  }
  if (view.deploymentModel(endpoint.inference_id) !== undefined) {
    return { kind: 'error', error: errors.deploymentIdExists(endpoint.inference_id) };
  }
  return { kind: 'create', endpoint, download, start: endpointStartRequest(endpoint, request.timeout) };
}

/** What deleting an endpoint does. */
export type InferenceEndpointDeletePlan =
  | { kind: 'error'; error: EsError }
  /** `dry_run`: 200 with what references the endpoint, nothing deleted. */
  | { kind: 'dry_run'; body: DeleteInferenceEndpointAnswer }
  /** Delete it, and stop the deployment when the endpoint made it. */
  | { kind: 'delete'; stopDeployment: string | undefined; body: DeleteInferenceEndpointAnswer };

/** DeleteInferenceEndpointAction.Response. */
export interface DeleteInferenceEndpointAnswer {
  acknowledged: boolean;
  pipelines: string[];
  indexes: string[];
  error_message?: string;
}

/** TransportDeleteInferenceEndpointAction, after the endpoint was looked up. */
export function planInferenceEndpointDelete(
  request: InferenceEndpointDeleteRequest,
  endpoint: InferenceEndpointSnapshot | undefined,
  references: { pipelines: readonly string[]; indexes: readonly string[] },
): InferenceEndpointDeletePlan {
  if (isDefaultInferenceId(request.inference_id)) {
    return {
      kind: 'error',
      error: inferErrors.badRequest(INFERENCE_API_MESSAGES.reservedIdDelete(request.inference_id)),
    };
  }
  if (!endpoint) {
    return { kind: 'error', error: inferErrors.endpointNotFound(request.inference_id) };
  }
  if (request.task_type !== 'any' && request.task_type !== endpoint.task_type) {
    return {
      kind: 'error',
      error: inferErrors.badRequest(
        INFERENCE_API_MESSAGES.mismatchedTaskType(request.task_type, endpoint.task_type),
      ),
    };
  }
  const pipelines = [...references.pipelines].sort();
  const indexes = [...references.indexes].sort();
  if (request.dry_run) {
    return {
      kind: 'dry_run',
      body: {
        acknowledged: false,
        pipelines,
        indexes,
        error_message: INFERENCE_API_MESSAGES.referencedBy(request.inference_id, pipelines, indexes),
      },
    };
  }
  if (!request.force && (pipelines.length > 0 || indexes.length > 0)) {
    return { kind: 'error', error: inferErrors.endpointInUse(request.inference_id, pipelines, indexes) };
  }
  // [inferred] An endpoint that reuses a deployment (`deployment_id`) leaves it running.
  const stopDeployment =
    endpoint.service_settings.deployment_id === undefined ? endpoint.inference_id : undefined;
  return { kind: 'delete', stopDeployment, body: { acknowledged: true, pipelines: [], indexes: [] } };
}

/** A `POST _inference` request. */
export interface InferenceApiRequest {
  task_type: InferenceTaskType;
  inference_id: string;
  input: string[];
  query?: string | undefined;
  task_settings?: Record<string, unknown> | undefined;
  timeout: string;
}

/** InferenceAction.Request.PARSER [inferred name]. */
const INFERENCE_REQUEST_PARSER: ObjectSpec = {
  name: 'inference_request',
  fields: [
    {
      names: ['input'],
      type: { kind: 'custom', accepts: ['VALUE_STRING', 'START_ARRAY'], read: readAny },
    },
    { names: ['query'], type: { kind: 'string' } },
    { names: ['input_type'], type: { kind: 'string' } },
    { names: ['task_settings'], type: { kind: 'custom', accepts: ['START_OBJECT'], read: readAny } },
    { names: ['timeout'], type: { kind: 'string' } },
  ],
};

/** Checks `POST _inference[/{task_type}]/{inference_id}` (InferenceAction.Request and `validate()`). */
export function checkInferenceApiRequest(raw: {
  taskType?: string | undefined;
  inferenceId: string;
  query?: string | URLSearchParams | undefined;
  body?: string | undefined;
}): CheckResult<InferenceApiRequest> {
  const url = urlTaskType(raw.taskType);
  if (!url.ok) {
    return url;
  }
  const read = readInferenceQuery(raw, ENDPOINTS.inference, (p) => p.time('timeout'));
  if (!read.ok) {
    return read;
  }
  const timeout = read.value;
  if (raw.body === undefined || raw.body.length === 0) {
    return { ok: false, error: errors.bodyRequired() };
  }
  let values: Map<string, unknown>;
  try {
    values = parseObject(new JsonPullParser(raw.body), INFERENCE_REQUEST_PARSER).values;
  } catch (e) {
    if (e instanceof XContentError) {
      return { ok: false, error: errors.bodyParseFailed(e.message) };
    }
    return {
      ok: false,
      error: errors.bodyParseFailed(PARSER_MESSAGES.failedToParseField('inference_request', 'input')),
    };
  }
  const rawInput = values.get('input');
  const input =
    rawInput === undefined
      ? undefined
      : (Array.isArray(rawInput) ? rawInput : [rawInput]).map((x) => String(x));
  const messages: string[] = [];
  if (input === undefined) {
    messages.push(INFERENCE_API_MESSAGES.inputNull);
  } else if (input.length === 0) {
    messages.push(INFERENCE_API_MESSAGES.inputEmpty);
  }
  const query = values.get('query') as string | undefined;
  if (url.value === 'rerank') {
    if (query === undefined) {
      messages.push(INFERENCE_API_MESSAGES.queryNull('rerank'));
    } else if (query.length === 0) {
      messages.push(INFERENCE_API_MESSAGES.queryEmpty('rerank'));
    }
  }
  if (messages.length > 0) {
    return { ok: false, error: inferErrors.requestValidation(messages) };
  }
  return {
    ok: true,
    value: {
      task_type: url.value,
      inference_id: raw.inferenceId,
      input: input ?? [],
      query,
      task_settings: values.get('task_settings') as Record<string, unknown> | undefined,
      timeout: timeout ?? (values.get('timeout') as string | undefined) ?? '30s',
    },
  };
}
