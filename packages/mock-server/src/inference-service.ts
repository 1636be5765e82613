// Inference in the mock: routes an `_infer` (or an inference endpoint's) request to a started
// allocation as TransportInternalInferModelAction does, refuses where it refuses, answers each
// document from the node's cache or the simulator, and counts every call on the node. It reads
// the cluster through {@link InferenceHost}, so it fits whatever module holds the deployments.
// docs/inference.md.
import {
  type EsError,
  type InferClusterView,
  type InferModelView,
  type InferRequest,
  type InferTask,
  inferErrors,
  notAllocatedError,
  planInferDocs,
  planInferTarget,
} from '@mldeploy/core/rules';
import { simulatedInferenceMs, simulateResult } from './infer-simulator.js';
import { InferenceCaches } from './inference-cache.js';
import { type CombinedCounters, InferenceCalls, pickRoute, type RouteCounters } from './inference-calls.js';

/** A route as inference needs it. */
export interface InferableRoute {
  state: string;
  current: number;
  startedAt?: number | undefined;
}

/** A deployment as inference needs it (the cluster's objects satisfy it). */
export interface InferableDeployment {
  deployment_id: string;
  model_id: string;
  state: 'started' | 'starting' | 'stopping' | 'failed';
  queue_capacity: number;
  cache_size: string | undefined;
  start_time: string;
  routes: ReadonlyMap<string, InferableRoute>;
}

/** What inference reads of (and asks of) the cluster. */
export interface InferenceHost {
  now(): number;
  deployments(): Iterable<InferableDeployment>;
  model(id: string): (InferModelView & { model_size_bytes?: number | undefined }) | undefined;
  modelOfAlias(alias: string): string | undefined;
  /** Requests queued on the node by the simulated load. */
  pending(d: InferableDeployment, nodeId: string): number;
  /** maybeStartAllocation: a deployment scaled to zero asks for one allocation; true when it does. */
  requestAllocation(d: InferableDeployment): boolean;
}

/** An answered `_infer`: one result per document, and the deployment that served them. */
export type InferOutcome =
  | { ok: true; deployment_id: string; results: Array<Record<string, unknown>> }
  | { ok: false; error: EsError };

const UNITS: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1024,
  mb: 1024 ** 2,
  gb: 1024 ** 3,
  tb: 1024 ** 4,
  pb: 1024 ** 5,
};

/** The cache's capacity in bytes: `cache_size`, or the model's size when unset (the start default). */
export function cacheCapacity(cacheSize: string | undefined, modelBytes: number): number {
  if (cacheSize === undefined) {
    return modelBytes;
  }
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(cacheSize);
  const unit = UNITS[(m?.[2] || 'b').toLowerCase()];
  return m?.[1] && unit !== undefined ? Math.trunc(Number(m[1]) * unit) : 0;
}

const routeStart = (d: InferableDeployment, r: InferableRoute): number =>
  r.startedAt ?? Date.parse(d.start_time);

/** The inference service of the mock: caches, counters and the routing of calls. */
export class InferenceService {
  readonly #calls = new InferenceCalls();
  readonly #caches = new InferenceCaches();
  readonly #sent = new WeakMap<object, number>();

  constructor(private readonly host: InferenceHost) {}

  #deployment(id: string): InferableDeployment | undefined {
    for (const d of this.host.deployments()) {
      if (d.deployment_id === id) {
        return d;
      }
    }
    return undefined;
  }

  #view(): InferClusterView {
    const describe = (d: InferableDeployment) => {
      let startedRoutes = 0;
      let stoppingRoutes = 0;
      for (const r of d.routes.values()) {
        if (r.current > 0 && r.state === 'started') {
          startedRoutes += 1;
        } else if (r.current > 0 && r.state === 'stopping') {
          stoppingRoutes += 1;
        }
      }
      return {
        deployment_id: d.deployment_id,
        model_id: d.model_id,
        state: d.state,
        startedRoutes,
        stoppingRoutes,
      };
    };
    return {
      modelOfAlias: (alias) => this.host.modelOfAlias(alias),
      deployment: (id) => {
        const d = this.#deployment(id);
        return d ? describe(d) : undefined;
      },
      deploymentsOfModel: (modelId) =>
        [...this.host.deployments()].filter((d) => d.model_id === modelId).map(describe),
      model: (id) => this.host.model(id),
    };
  }

  /** `_infer`: the target, the documents' checks, then each document served on a node. */
  infer(
    request: Pick<InferRequest, 'model_id' | 'docs' | 'update' | 'timeout' | 'timeout_ms'>,
  ): InferOutcome {
    const target = planInferTarget(request.model_id, this.#view());
    if (target.kind === 'error') {
      return { ok: false, error: target.error };
    }
    const d = this.#deployment(target.deployment_id) as InferableDeployment;
    if (target.kind === 'not_allocated') {
      return { ok: false, error: notAllocatedError(request.model_id, this.host.requestAllocation(d)) };
    }
    const model = this.host.model(d.model_id) ?? { model_id: d.model_id };
    const plan = planInferDocs(model, request.docs, request.update);
    if (!plan.ok) {
      return plan;
    }
    const served = this.serve(
      d,
      model,
      plan.task,
      plan.texts,
      target.routing,
      request.timeout,
      request.timeout_ms,
    );
    return served.ok ? { ok: true, deployment_id: d.deployment_id, results: served.results } : served;
  }

  /**
   * Serves texts on a deployment's routes (the inference API calls this with its own task): the
   * node's queue must have room (429), the wait must fit the timeout (408), then the cache or the
   * simulator answers and the call is counted.
   */
  serve(
    d: InferableDeployment,
    model: InferModelView & { model_size_bytes?: number | undefined },
    task: InferTask,
    texts: readonly string[],
    routing: 'started' | 'stopping',
    timeout: string,
    timeoutMs: number,
  ): { ok: true; results: Array<Record<string, unknown>> } | { ok: false; error: EsError } {
    const now = this.host.now();
    const routes = [...d.routes]
      .filter(([, r]) => r.state === routing && r.current > 0)
      .map(([nodeId, r]) => ({ nodeId, r, allocations: r.current }));
    const capacity = cacheCapacity(d.cache_size, model.model_size_bytes ?? 0);
    const timeMs = simulatedInferenceMs(task.task);
    const results: Array<Record<string, unknown>> = [];
    for (const text of texts) {
      const n = this.#sent.get(d) ?? 0;
      this.#sent.set(d, n + 1);
      const picked = pickRoute(routes, n);
      if (!picked) {
        return { ok: false, error: notAllocatedError(d.deployment_id, false) };
      }
      const start = routeStart(d, picked.r);
      const pending = this.host.pending(d, picked.nodeId);
      if (pending >= d.queue_capacity) {
        this.#calls.rejected(d, picked.nodeId, start, now);
        return { ok: false, error: inferErrors.queueFull() };
      }
      // The queue ahead drains at the route's allocations; a wait past the timeout is a 408.
      const waitMs = (pending * timeMs) / Math.max(1, picked.allocations);
      if (timeoutMs >= 0 && waitMs + timeMs > timeoutMs) {
        this.#calls.timedOut(d, picked.nodeId, start, now);
        return { ok: false, error: inferErrors.timeout(timeout) };
      }
      const cache = this.#caches.of(d, picked.nodeId, start, capacity);
      const key = `${JSON.stringify(task)}\u0000${text}`;
      const hit = cache?.get(key) as Record<string, unknown> | undefined;
      if (hit) {
        this.#calls.served(d, picked.nodeId, start, now, 0, true);
        results.push(structuredClone(hit));
        continue;
      }
      const result = simulateResult(text, task);
      cache?.set(key, result);
      this.#calls.served(d, picked.nodeId, start, now, timeMs, false);
      results.push(structuredClone(result));
    }
    return { ok: true, results };
  }

  /** `POST .../deployment/cache/_clear`: empties the caches of every node of the deployment. */
  clearCache(d: InferableDeployment): void {
    this.#caches.clear(d);
  }

  /** A started route's counters at `now`: the load's (`base`) plus the calls'. */
  combine(d: InferableDeployment, nodeId: string, base: RouteCounters, now: number): CombinedCounters {
    return this.#calls.combine(d, nodeId, base, now);
  }
}
