// Inference endpoints that own deployments, as the `elasticsearch` (and old `elser`) service keeps
// them: creating one downloads an Elastic model where needed and starts a deployment named after
// it; the default endpoints exist from the start and deploy on first use; deleting one stops the
// deployment it made; `POST _inference` answers in the inference API's own shapes. The cluster is
// read through {@link EndpointHost}; the waiting on simulated time is the handler's. docs/inference.md.
import {
  checkTaskTypeMatches,
  DEFAULT_INFERENCE_ENDPOINTS,
  type DeleteInferenceEndpointAnswer,
  ELASTIC_MODELS,
  type EsError,
  endpointStartRequest,
  type InferenceApiRequest,
  type InferenceEndpointDeleteRequest,
  type InferenceEndpointGetRequest,
  type InferenceEndpointPutRequest,
  type InferenceEndpointSnapshot,
  type InferTask,
  inferErrors,
  inferenceEndpointToJson,
  planInferenceEndpointDelete,
  planInferenceEndpointPut,
  type StartRequest,
} from '@mldeploy/core/rules';
import { similarity } from './infer-simulator.js';
import type { InferableDeployment, InferenceHost, InferenceService } from './inference-service.js';

/** What the endpoints read of (and change in) the cluster. */
export interface EndpointHost extends Pick<InferenceHost, 'model' | 'deployments'> {
  /** The stored endpoints (the seed's and those created), without the defaults. */
  storedEndpoints(): Iterable<InferenceEndpointSnapshot>;
  storeEndpoint(endpoint: InferenceEndpointSnapshot): void;
  removeEndpoint(id: string): void;
  /** Adds an Elastic model as its download would (fully defined at once). */
  addModel(model: (typeof ELASTIC_MODELS)[number]): void;
  /** Starts a deployment for an endpoint (owned by it); the handler waits for `started`. */
  startDeployment(
    request: StartRequest,
  ): { ok: true; value: InferableDeployment } | { ok: false; error: EsError };
  stopDeployment(id: string): void;
  /** Pipelines and `semantic_text` indices that reference an endpoint. */
  references(id: string): { pipelines: readonly string[]; indexes: readonly string[] };
}

/** An endpoint, from the store or the defaults (a deleted default cannot be: deletes are refused). */
export function findEndpoint(host: EndpointHost, id: string): InferenceEndpointSnapshot | undefined {
  for (const e of host.storedEndpoints()) {
    if (e.inference_id === id) {
      return e;
    }
  }
  return DEFAULT_INFERENCE_ENDPOINTS.find((e) => e.inference_id === id);
}

/** Every endpoint by id: the store and the defaults it does not override. */
export function allEndpoints(host: EndpointHost): InferenceEndpointSnapshot[] {
  const byId = new Map<string, InferenceEndpointSnapshot>();
  for (const e of DEFAULT_INFERENCE_ENDPOINTS) {
    byId.set(e.inference_id, e);
  }
  for (const e of host.storedEndpoints()) {
    byId.set(e.inference_id, e);
  }
  return [...byId.values()].sort((a, b) =>
    a.inference_id < b.inference_id ? -1 : a.inference_id > b.inference_id ? 1 : 0,
  );
}

function endpointView(host: EndpointHost) {
  const deploymentModel = (id: string) => {
    for (const d of host.deployments()) {
      if (d.deployment_id === id) {
        return d.model_id;
      }
    }
    return undefined;
  };
  return {
    endpoint: (id: string) => findEndpoint(host, id),
    model: (id: string) => host.model(id),
    deploymentModel,
  };
}

/** `PUT _inference`: the plan, the download, the deployment started (not yet waited for). */
export function createEndpoint(
  host: EndpointHost,
  request: InferenceEndpointPutRequest,
):
  | { ok: true; endpoint: InferenceEndpointSnapshot; deployment: InferableDeployment | undefined }
  | { ok: false; error: EsError } {
  const plan = planInferenceEndpointPut(request, endpointView(host));
  if (plan.kind === 'error') {
    return { ok: false, error: plan.error };
  }
  if (plan.download) {
    host.addModel(plan.download);
  }
  let deployment: InferableDeployment | undefined;
  if (plan.start) {
    const started = host.startDeployment(plan.start);
    if (!started.ok) {
      return started;
    }
    deployment = started.value;
  }
  host.storeEndpoint(plan.endpoint);
  return { ok: true, endpoint: plan.endpoint, deployment };
}

/** `GET _inference`: one endpoint (404, task type mismatch) or all of a task type. */
export function getEndpoints(
  host: EndpointHost,
  request: InferenceEndpointGetRequest,
): { ok: true; body: { endpoints: Array<Record<string, unknown>> } } | { ok: false; error: EsError } {
  if (request.inference_id !== undefined) {
    const e = findEndpoint(host, request.inference_id);
    if (!e) {
      return { ok: false, error: inferErrors.endpointNotFound(request.inference_id) };
    }
    const match = checkTaskTypeMatches(request.task_type, e);
    if (!match.ok) {
      return match;
    }
    return { ok: true, body: { endpoints: [endpointJson(e)] } };
  }
  const list = allEndpoints(host).filter(
    (e) => request.task_type === 'any' || e.task_type === request.task_type,
  );
  return { ok: true, body: { endpoints: list.map(endpointJson) } };
}

/** The endpoint as the server writes it, with the settings only the created ones carry. */
export function endpointJson(e: InferenceEndpointSnapshot): Record<string, unknown> {
  const out = inferenceEndpointToJson(e);
  const extra = e as { task_settings?: unknown; chunking_settings?: unknown };
  if (extra.task_settings !== undefined) {
    out.task_settings = extra.task_settings;
  }
  if (extra.chunking_settings !== undefined) {
    out.chunking_settings = extra.chunking_settings;
  }
  return out;
}

/** `DELETE _inference`: the plan, then the endpoint and its own deployment go. */
export function deleteEndpoint(
  host: EndpointHost,
  request: InferenceEndpointDeleteRequest,
): { ok: true; body: DeleteInferenceEndpointAnswer } | { ok: false; error: EsError } {
  const endpoint = findEndpoint(host, request.inference_id);
  const plan = planInferenceEndpointDelete(request, endpoint, host.references(request.inference_id));
  if (plan.kind === 'error') {
    return { ok: false, error: plan.error };
  }
  if (plan.kind === 'delete') {
    if (plan.stopDeployment !== undefined) {
      host.stopDeployment(plan.stopDeployment);
    }
    host.removeEndpoint(request.inference_id);
  }
  return { ok: true, body: plan.body };
}

/** The model task an endpoint runs, with the endpoint's defaults. */
function endpointTask(e: InferenceEndpointSnapshot, host: EndpointHost): InferTask {
  const model = host.model(e.service_settings.model_id);
  const config = (Object.values(model?.inference_config ?? {})[0] ?? {}) as Record<string, unknown>;
  return {
    task:
      e.task_type === 'sparse_embedding'
        ? 'text_expansion'
        : e.task_type === 'rerank'
          ? 'text_similarity'
          : 'text_embedding',
    results_field: 'predicted_value',
    labels: [],
    num_top_classes: 0,
    multi_label: false,
    max_answer_length: 15,
    embedding_size: typeof config.embedding_size === 'number' ? config.embedding_size : 384,
    mask_token: '[MASK]',
  };
}

/** Where a `POST _inference` stands: an error, a deployment to wait for, or one ready to serve. */
export type EndpointInferStep =
  | { kind: 'error'; error: EsError }
  | { kind: 'ready' | 'wait'; endpoint: InferenceEndpointSnapshot; deployment: InferableDeployment };

/**
 * Before serving: the endpoint exists and its task type matches; its deployment exists (a default
 * endpoint, or one whose deployment was stopped, deploys now); a deployment scaled to zero asks
 * for an allocation and the request waits for it (InferenceWaitForAllocation).
 */
export function prepareEndpointInfer(
  host: EndpointHost,
  request: InferenceApiRequest,
  requestAllocation: (d: InferableDeployment) => boolean,
): EndpointInferStep {
  const endpoint = findEndpoint(host, request.inference_id);
  if (!endpoint) {
    return { kind: 'error', error: inferErrors.endpointNotFound(request.inference_id) };
  }
  const match = checkTaskTypeMatches(request.task_type, endpoint);
  if (!match.ok) {
    return { kind: 'error', error: match.error };
  }
  const deploymentId = endpoint.service_settings.deployment_id ?? endpoint.inference_id;
  let d = [...host.deployments()].find((x) => x.deployment_id === deploymentId);
  if (!d) {
    if (!host.model(endpoint.service_settings.model_id)) {
      const download = ELASTIC_MODELS.find((m) => m.model_id === endpoint.service_settings.model_id);
      if (download) {
        host.addModel(download);
      }
    }
    const started = host.startDeployment(endpointStartRequest(endpoint, request.timeout));
    if (!started.ok) {
      return { kind: 'error', error: started.error };
    }
    d = started.value;
    return { kind: 'wait', endpoint, deployment: d };
  }
  const serving = [...d.routes.values()].some(
    (r) => r.current > 0 && (r.state === 'started' || r.state === 'stopping'),
  );
  if (!serving) {
    requestAllocation(d);
    return { kind: 'wait', endpoint, deployment: d };
  }
  return { kind: 'ready', endpoint, deployment: d };
}

/** Serves a ready request and writes the inference API's answer for the endpoint's task type. */
export function answerEndpointInfer(
  host: EndpointHost,
  service: InferenceService,
  request: InferenceApiRequest,
  endpoint: InferenceEndpointSnapshot,
  d: InferableDeployment,
  timeoutMs: number,
): { ok: true; body: Record<string, unknown> } | { ok: false; error: EsError } {
  const task = endpointTask(endpoint, host);
  const model = host.model(d.model_id) ?? { model_id: d.model_id };
  const routing = [...d.routes.values()].some((r) => r.current > 0 && r.state === 'started')
    ? 'started'
    : 'stopping';
  if (endpoint.task_type === 'rerank') {
    const query = request.query ?? '';
    const pairs = request.input.map((text) => `${query}\u0000${text}`);
    const served = service.serve(
      d,
      model,
      { ...task, text: query },
      pairs,
      routing,
      request.timeout,
      timeoutMs,
    );
    if (!served.ok) {
      return served;
    }
    const returnDocuments = request.task_settings?.return_documents !== false;
    const ranked = request.input
      .map((text, index) => ({ index, relevance_score: similarity(text, query), text }))
      .sort((a, b) => b.relevance_score - a.relevance_score || a.index - b.index)
      .map((r) => (returnDocuments ? r : { index: r.index, relevance_score: r.relevance_score }));
    return { ok: true, body: { rerank: ranked } };
  }
  const served = service.serve(d, model, task, request.input, routing, request.timeout, timeoutMs);
  if (!served.ok) {
    return served;
  }
  if (endpoint.task_type === 'sparse_embedding') {
    return {
      ok: true,
      body: {
        sparse_embedding: served.results.map((r) => ({ is_truncated: false, embedding: r.predicted_value })),
      },
    };
  }
  return {
    ok: true,
    body: { text_embedding: served.results.map((r) => ({ embedding: r.predicted_value })) },
  };
}
