// The acts of the inference endpoints, after their request was checked and authorized: `_infer`
// (and the deprecated `deployment/_infer`), the deployment cache's clear, and the inference API's
// PUT, GET, DELETE and POST. Waiting (for a started deployment) happens on the simulated clock.
// docs/inference.md.
import {
  type CheckResult,
  checkInferenceApiRequest,
  checkInferenceEndpointDelete,
  checkInferenceEndpointGet,
  checkInferenceEndpointPut,
  checkInferRequest,
  DEPLOYMENT_INFER_DEPRECATION,
  type EsError,
  errors,
  type InferenceApiRequest,
  type InferenceEndpointDeleteRequest,
  type InferenceEndpointGetRequest,
  type InferenceEndpointPutRequest,
  type InferRequest,
  inferErrors,
  parseTimeValue,
} from '@mldeploy/core/rules';
import type { Clock } from './clock.js';
import type { Cluster } from './cluster.js';
import { type Answer, errorAnswer } from './http.js';
import {
  answerEndpointInfer,
  createEndpoint,
  deleteEndpoint,
  endpointJson,
  getEndpoints,
  prepareEndpointInfer,
} from './inference-endpoint-api.js';
import type { InferableDeployment } from './inference-service.js';

/** What the acts need: the cluster, its clock, and the state file's writer. */
export interface InferenceActContext {
  readonly cluster: Cluster;
  readonly clock: Clock;
  readonly persist: () => void;
}

/** A `Warning` header value, as the server writes one (the mock's version in the agent). */
export function warningValue(cluster: Cluster, text: string): string {
  return `299 Elasticsearch-${cluster.settings.version}-mldeploy "${text.replace(/"/g, '\\"')}"`;
}

/** `POST _ml/trained_models/{model_id}/_infer` and the deprecated `deployment/_infer`. */
export function actInfer(ctx: InferenceActContext, request: InferRequest): Answer {
  ctx.cluster.tick();
  const outcome = ctx.cluster.inference.infer(request);
  const answer: Answer = outcome.ok
    ? {
        status: 200,
        body: request.deprecated ? (outcome.results[0] ?? {}) : { inference_results: outcome.results },
      }
    : errorAnswer(outcome.error);
  if (request.deprecated) {
    // RestController adds the deprecation warning to every answer of a deprecated route.
    answer.headers = {
      ...answer.headers,
      warning: [warningValue(ctx.cluster, DEPLOYMENT_INFER_DEPRECATION)],
    };
  }
  return answer;
}

/** Waits on the simulated clock until a route of the deployment takes requests, or the deadline. */
async function untilServing(
  ctx: InferenceActContext,
  d: InferableDeployment,
  deadline: number,
): Promise<'serving' | 'gone' | 'timeout'> {
  const { cluster, clock } = ctx;
  for (;;) {
    cluster.tick();
    if (cluster.deployment(d.deployment_id) !== d) {
      return 'gone';
    }
    if ([...d.routes.values()].some((r) => r.current > 0 && r.state === 'started')) {
      return 'serving';
    }
    if (clock.now() >= deadline) {
      return 'timeout';
    }
    await clock.sleep(Math.min(25, Math.max(1, deadline - clock.now())));
  }
}

const millisOf = (timeout: string): number => {
  const parsed = parseTimeValue(timeout, 'timeout');
  return parsed.ok ? parsed.millis : 30_000;
};

/** `PUT _inference/{task_type}/{inference_id}`: creates, starts, waits for `started`. */
export async function actPutEndpoint(
  ctx: InferenceActContext,
  request: InferenceEndpointPutRequest,
): Promise<Answer> {
  const { cluster } = ctx;
  cluster.tick();
  const host = cluster.endpointHost();
  const created = createEndpoint(host, request);
  if (!created.ok) {
    return errorAnswer(created.error);
  }
  ctx.persist();
  if (created.deployment) {
    const reached = await untilServing(ctx, created.deployment, ctx.clock.now() + millisOf(request.timeout));
    if (reached !== 'serving') {
      // [inferred] The start's timeout, as `_start` answers it (the endpoint stays).
      return errorAnswer(
        reached === 'gone'
          ? errors.deploymentNotFound(created.deployment.deployment_id)
          : errors.startTimeout(created.deployment.deployment_id, request.timeout),
      );
    }
  }
  const answer: Answer = { status: 200, body: endpointJson(created.endpoint) };
  if (request.warnings.length > 0) {
    answer.headers = { warning: request.warnings.map((w) => warningValue(cluster, w)) };
  }
  return answer;
}

/** `GET _inference[/{task_type}][/{inference_id}]`. */
export function actGetEndpoints(ctx: InferenceActContext, request: InferenceEndpointGetRequest): Answer {
  const got = getEndpoints(ctx.cluster.endpointHost(), request);
  return got.ok ? { status: 200, body: got.body } : errorAnswer(got.error);
}

/** `DELETE _inference[/{task_type}]/{inference_id}`. */
export function actDeleteEndpoint(ctx: InferenceActContext, request: InferenceEndpointDeleteRequest): Answer {
  ctx.cluster.tick();
  const deleted = deleteEndpoint(ctx.cluster.endpointHost(), request);
  if (!deleted.ok) {
    return errorAnswer(deleted.error);
  }
  if (!request.dry_run) {
    ctx.persist();
  }
  return { status: 200, body: deleted.body };
}

/**
 * `POST _inference[/{task_type}]/{inference_id}`: a missing deployment is started and one scaled
 * to zero asks for an allocation; the request then waits for a started route (up to its timeout).
 */
export async function actEndpointInfer(
  ctx: InferenceActContext,
  request: InferenceApiRequest,
): Promise<Answer> {
  const { cluster } = ctx;
  cluster.tick();
  const host = cluster.endpointHost();
  const timeoutMs = millisOf(request.timeout);
  const deadline = ctx.clock.now() + timeoutMs;
  const step = prepareEndpointInfer(host, request, (d) => cluster.requestAllocation(d as never));
  if (step.kind === 'error') {
    return errorAnswer(step.error);
  }
  if (step.kind === 'wait') {
    ctx.persist();
    const reached = await untilServing(ctx, step.deployment, deadline);
    if (reached !== 'serving') {
      const error: EsError =
        reached === 'gone'
          ? inferErrors.endpointNotFound(request.inference_id)
          : inferErrors.timeout(request.timeout);
      return errorAnswer(error);
    }
  }
  const answered = answerEndpointInfer(
    host,
    cluster.inference,
    request,
    step.endpoint,
    step.deployment,
    timeoutMs,
  );
  return answered.ok ? { status: 200, body: answered.body } : errorAnswer(answered.error);
}

/** The request parts a check reads (the handlers' EndpointRequest, structurally). */
interface RequestParts {
  readonly params: Readonly<Record<string, string | undefined>>;
  readonly query: string;
  readonly body: string | undefined;
}

interface InferenceHandler<R> {
  check(request: RequestParts): CheckResult<R>;
  act(ctx: InferenceActContext, request: R): Answer | Promise<Answer>;
}

const h = <R>(x: InferenceHandler<R>): InferenceHandler<R> => x;

const endpointParts = (r: RequestParts) => ({
  taskType: r.params.task_type,
  inferenceId: r.params.inference_id ?? '',
  query: r.query,
});

/** The inference endpoints' handlers, by core's endpoint key (handlers.ts puts them in HANDLERS). */
export const INFERENCE_HANDLERS = {
  inferTrainedModel: h({
    check: (r) => checkInferRequest({ modelId: r.params.model_id ?? '', query: r.query, body: r.body }),
    act: actInfer,
  }),
  inferTrainedModelDeployment: h({
    check: (r) =>
      checkInferRequest({ modelId: r.params.model_id ?? '', query: r.query, body: r.body, deprecated: true }),
    act: actInfer,
  }),
  inferencePut: h({
    check: (r) => checkInferenceEndpointPut({ ...endpointParts(r), body: r.body }),
    act: actPutEndpoint,
  }),
  inferenceGet: h({
    check: (r) =>
      checkInferenceEndpointGet({
        taskType: r.params.task_type,
        inferenceId: r.params.inference_id,
        query: r.query,
      }),
    act: actGetEndpoints,
  }),
  inferenceDelete: h({
    check: (r) => checkInferenceEndpointDelete(endpointParts(r)),
    act: actDeleteEndpoint,
  }),
  inference: h({
    check: (r) => checkInferenceApiRequest({ ...endpointParts(r), body: r.body }),
    act: actEndpointInfer,
  }),
} as const;
