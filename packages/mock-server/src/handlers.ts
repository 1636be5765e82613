// The endpoint handlers: for each of core's endpoints, `check` (parse and validate: 400), an
// optional `authorize` (403; by default core's privileges of the endpoint), and `act` (change or
// read the simulated cluster: 404, 409, 429, 408, or the view: 200). The pipeline (pipeline.ts)
// runs them in that order after its own checks (faults, 405, media type, 401).
import {
  type CheckResult,
  checkDefinitionStatus,
  checkInferenceUpdateRequest,
  checkListRequest,
  checkPlainRequest,
  checkStartRequest,
  checkStopRequest,
  checkUpdateRequest,
  ENDPOINTS,
  type EndpointKey,
  type EsError,
  errors,
  inferenceEndpointToJson,
  type PlainRequest,
  parseTimeValue,
} from '@mldeploy/core/rules';
import { assignmentAnswer } from './assignment-answer.js';
import type { Clock } from './clock.js';
import type { Cluster, Deployment } from './cluster.js';
import { type Answer, errorAnswer } from './http.js';
import { INFERENCE_HANDLERS } from './inference-handlers.js';
import { checkStartable } from './lifecycle.js';
import { LIFECYCLE_HANDLERS, lifecycleHostOf } from './lifecycle-handlers.js';
import { shapeModelConfig } from './model-config-options.js';
import { rememberedCheck } from './remembered-check.js';
import type { Principal } from './security.js';
import { type Selected, selectModels } from './select-models.js';
import {
  assignmentJson,
  clusterInfoJson,
  type HttpNodeView,
  modelConfigJson,
  modelStatsEntries,
  nodesHttpJson,
} from './views.js';

/** What a handler's `act` gets: the cluster, and the request's parts the pipeline already read. */
export interface EndpointContext {
  readonly cluster: Cluster;
  readonly clock: Clock;
  /** Writes the state file, when there is one. */
  readonly persist: () => void;
  readonly method: string;
  /** Every path parameter, decoded. */
  readonly params: Readonly<Record<string, string | undefined>>;
  /** The query string without `?`. */
  readonly query: string;
  readonly body: string | undefined;
  /** Who authenticated; undefined when security is off. */
  readonly principal: Principal | undefined;
  /** The HTTP node that received the request, when the mock serves several (docs/multi-node.md). */
  readonly node?: string | undefined;
  /** The HTTP nodes serving the cluster (empty in process, under msw). */
  readonly httpNodes: readonly HttpNodeView[];
}

/** What a handler's `check` reads: the request alone, never the cluster (the proxy runs it too). */
export interface EndpointRequest {
  readonly method: string;
  /** Every path parameter, decoded. */
  readonly params: Readonly<Record<string, string | undefined>>;
  /** The query string without `?`. */
  readonly query: string;
  readonly body: string | undefined;
}

/**
 * One endpoint's steps after the pipeline's common ones: `check` parses and validates the request
 * (400; the proxy's verdict runs the same function), `authorize` answers 403 (by default, core's
 * privileges of the endpoint), `act` changes or reads the cluster (404, 409, 429, 408, 200). The
 * pipeline runs them in this order, which is Elasticsearch's (docs/architecture.md).
 */
export interface Handler<R> {
  check(request: EndpointRequest): CheckResult<R>;
  authorize?(principal: Principal, request: R): EsError | undefined;
  act(ctx: EndpointContext, request: R): Answer | Promise<Answer>;
}

/** Types a handler: the request type flows from `check` to `act`. */
function handler<R>(h: Handler<R>): Handler<R> {
  return h;
}

/** The check of an endpoint without rules of its own: core's data alone (checkPlainRequest). */
function plainCheck(key: EndpointKey): (request: EndpointRequest) => CheckResult<PlainRequest> {
  return (request) => checkPlainRequest(ENDPOINTS[key], request);
}

function warningHeader(cluster: Cluster, text: string): string {
  return `299 Elasticsearch-${cluster.settings.version}-mldeploy "${text.replace(/"/g, '\\"')}"`;
}

function withWarnings(answer: Answer, cluster: Cluster, warnings: readonly string[]): Answer {
  if (warnings.length > 0) {
    answer.headers = { warning: warnings.map((w) => warningHeader(cluster, w)) };
  }
  return answer;
}

/** Persists when the action changed the cluster (its revision moved). */
function persistIfChanged<T>(ctx: EndpointContext, change: () => T): T {
  const revision = ctx.cluster.revision;
  const out = change();
  if (ctx.cluster.revision !== revision) {
    ctx.persist();
  }
  return out;
}

const info = handler({
  check: plainCheck('info'),
  act: (ctx) =>
    ctx.method === 'HEAD' ? { status: 200 } : { status: 200, body: clusterInfoJson(ctx.cluster, ctx.node) },
});

/** `_update`'s check, remembering the requests it accepted by all it reads. */
const checkUpdate = rememberedCheck(
  (r: EndpointRequest) =>
    checkUpdateRequest({ modelId: r.params.model_id ?? '', query: r.query, body: r.body }),
  (r) => [r.body ?? '', r.query, r.params.model_id ?? ''],
);

const update = handler({
  check: checkUpdate,
  act: (ctx, request) => {
    const outcome = persistIfChanged(ctx, () => ctx.cluster.update(request));
    if (!outcome.ok) {
      return errorAnswer(outcome.error);
    }
    return withWarnings(assignmentAnswer(ctx.cluster, outcome.value), ctx.cluster, request.warnings);
  },
});

const start = handler({
  check: (r) => checkStartRequest({ modelId: r.params.model_id ?? '', query: r.query, body: r.body }),
  act: async (ctx, request) => {
    const { cluster } = ctx;
    // A created model must be whole first: no download running, every part in (lifecycle.ts).
    if (cluster.deployment(request.deployment_id) === undefined && cluster.model(request.model_id)) {
      const ready = checkStartable(lifecycleHostOf(cluster), request.model_id);
      if (!ready.ok) {
        return errorAnswer(ready.error);
      }
    }
    const outcome = cluster.start(request);
    if (!outcome.ok) {
      return errorAnswer(outcome.error);
    }
    ctx.persist();
    const reached = await waitFor(ctx, outcome.value, request.wait_for, request.timeout);
    if (!reached.ok) {
      return errorAnswer(reached.error);
    }
    return withWarnings(
      { status: 200, body: { assignment: assignmentJson(cluster, reached.value) } },
      cluster,
      request.warnings,
    );
  },
});

const stop = handler({
  check: (r) => checkStopRequest({ modelId: r.params.model_id ?? '', query: r.query, body: r.body }),
  act: (ctx, request) => {
    const outcome = ctx.cluster.stop(request.deployment_id, request);
    if (!outcome.ok) {
      return errorAnswer(outcome.error);
    }
    if (outcome.value) {
      ctx.persist();
    }
    return { status: 200, body: { stopped: true } };
  },
});

const stats = handler({
  check: (r) => checkListRequest({ kind: 'stats', modelId: r.params.model_id, query: r.query }),
  act: (ctx, request) => {
    const { cluster } = ctx;
    cluster.tick();
    const found = selectModels(cluster, {
      ids: request.ids,
      allowNoMatch: request.allow_no_match,
      byDeployment: true,
    });
    if (!found.ok) {
      return errorAnswer(found.error);
    }
    const page = found.value.slice(request.from, request.from + request.size);
    const human = isHuman(ctx.query);
    return {
      status: 200,
      body: {
        count: found.value.length,
        trained_model_stats: page.flatMap(({ model, deployments }) =>
          modelStatsEntries(cluster, model, deployments, human),
        ),
      },
    };
  },
});

const models = handler({
  check: (r) => checkListRequest({ kind: 'models', modelId: r.params.model_id, query: r.query }),
  act: (ctx, request) => {
    const found = selectModels(ctx.cluster, {
      ids: request.ids,
      allowNoMatch: request.allow_no_match,
      byDeployment: false,
      tags: request.tags,
    });
    if (!found.ok) {
      return errorAnswer(found.error);
    }
    const status = definitionStatusOf(request.include, request.ids, found.value);
    if (!status.ok) {
      return errorAnswer(status.error);
    }
    const page = found.value.slice(request.from, request.from + request.size);
    const store = ctx.cluster.models;
    const options = { human: isHuman(ctx.query), excludeGenerated: request.exclude_generated };
    return withWarnings(
      {
        status: 200,
        body: {
          count: found.value.length,
          trained_model_configs: page.map(({ model }) =>
            shapeModelConfig(
              store.configJson(model.model_id, { definitionStatus: status.value }) ??
                (modelConfigJson(model) as unknown as Record<string, unknown>),
              options,
            ),
          ),
        },
      },
      ctx.cluster,
      request.warnings,
    );
  },
});

/** The REST layer's `human` flag: present and not `false`. */
function isHuman(query: string): boolean {
  const params = query === '' ? undefined : new URLSearchParams(query);
  return params?.has('human') === true && params.get('human') !== 'false';
}

const inferenceUpdate = handler({
  check: (r) =>
    checkInferenceUpdateRequest({
      taskType: r.params.task_type,
      inferenceId: r.params.inference_id ?? '',
      query: r.query,
      body: r.body,
    }),
  act: (ctx, request) => {
    const outcome = persistIfChanged(ctx, () => ctx.cluster.updateInferenceEndpoint(request));
    return outcome.ok
      ? { status: 200, body: inferenceEndpointToJson(outcome.value) }
      : errorAnswer(outcome.error);
  },
});

/**
 * `POST _ml/trained_models/{model_id}/deployment/cache/_clear` (TransportClearDeploymentCacheAction):
 * a deployment id with no assignment answers 404; otherwise every routed node empties its
 * inference cache (docs/inference.md). An assignment routed to no node has nothing to empty.
 */
const clearDeploymentCache = handler({
  check: plainCheck('clearDeploymentCache'),
  act: (ctx, request) => {
    const id = request.params.model_id ?? '';
    const d = ctx.cluster.deployment(id);
    if (d === undefined) {
      return errorAnswer(errors.assignmentNotFound(id));
    }
    ctx.cluster.inference.clearCache(d);
    return { status: 200, body: { cleared: true } };
  },
});

/**
 * `GET /_nodes/{node_id}/{metric}`, what clients sniff (`/_nodes/_all/http`): the HTTP nodes with
 * the addresses they publish and their roles (docs/multi-node.md). In process (msw) no node has an
 * HTTP address: the first seed node is listed without one, which sniffing clients skip.
 */
const nodesHttp = handler({
  check: plainCheck('nodesHttp'),
  act: (ctx, request) => {
    const nodes: readonly HttpNodeView[] =
      ctx.httpNodes.length > 0
        ? ctx.httpNodes
        : [
            {
              name: ctx.cluster.firstNodeName() ?? 'mldeploy-mock',
              id: ctx.cluster.firstNodeName() ?? 'mldeploy-mock',
              roles: [],
              host: '',
              port: 0,
            },
          ];
    const body = nodesHttpJson(
      ctx.cluster,
      nodes,
      request.params.node_id ?? '_all',
      ctx.httpNodes.length > 0 ? (request.params.metric ?? '_all') : '',
      ctx.node,
    );
    return { status: 200, body };
  },
});

/** Every endpoint's handler, by core's endpoint key: a missing one is a compile error. */
// biome-ignore lint/suspicious/noExplicitAny: each handler's request type is its own
export const HANDLERS: { readonly [K in EndpointKey]: Handler<any> } = {
  update,
  start,
  stop,
  stats,
  models,
  info,
  inferenceUpdate,
  clearDeploymentCache,
  nodesHttp,
  inferTrainedModel: handler(INFERENCE_HANDLERS.inferTrainedModel),
  inferTrainedModelDeployment: handler(INFERENCE_HANDLERS.inferTrainedModelDeployment),
  inferencePut: handler(INFERENCE_HANDLERS.inferencePut),
  inferenceGet: handler(INFERENCE_HANDLERS.inferenceGet),
  inferenceDelete: handler(INFERENCE_HANDLERS.inferenceDelete),
  inference: handler(INFERENCE_HANDLERS.inference),
  ...LIFECYCLE_HANDLERS,
};

/** `include=definition_status`: whether to write `fully_defined`, or core's refusal. */
function definitionStatusOf(
  include: readonly string[],
  ids: readonly string[],
  found: Selected,
): { ok: true; value: boolean } | { ok: false; error: EsError } {
  if (!include.includes('definition_status')) {
    return { ok: true, value: false };
  }
  const models = found.map(({ model }) => ({
    model_id: model.model_id,
    model_type: model.model_type ?? 'pytorch',
    input: { field_names: [] },
    tags: [],
  }));
  const checked = checkDefinitionStatus(models, ids.length, ids.length === 0);
  return checked.ok ? { ok: true, value: true } : checked;
}

/** `wait_for` of `_start`: answer once the deployment reached the state, or time out (simulated time). */
async function waitFor(
  ctx: EndpointContext,
  d: Readonly<Deployment>,
  state: 'starting' | 'started' | 'fully_allocated',
  timeout: string,
): Promise<{ ok: true; value: Readonly<Deployment> } | { ok: false; error: EsError }> {
  const { cluster, clock } = ctx;
  const parsed = parseTimeValue(timeout, 'timeout');
  const limit = parsed.ok ? parsed.millis : 30_000;
  const deadline = clock.now() + limit;
  const reached = () =>
    state === 'starting' ||
    (state === 'started' && d.state === 'started') ||
    (state === 'fully_allocated' && cluster.allocationCount(d) >= d.number_of_allocations);
  for (;;) {
    cluster.tick();
    if (cluster.deployment(d.deployment_id) !== d) {
      return { ok: false, error: errors.deploymentNotFound(d.deployment_id) };
    }
    if (reached()) {
      return { ok: true, value: d };
    }
    if (clock.now() >= deadline) {
      return { ok: false, error: errors.startTimeout(d.deployment_id, timeout) };
    }
    await clock.sleep(Math.min(25, Math.max(1, deadline - clock.now())));
  }
}
