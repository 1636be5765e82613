// The counters of real inference calls (`_infer`, `POST _inference`) on each node, counted as a
// node's result processor counts them (PyTorchResultProcessor: totals, cache hits, minute
// periods aligned to the process start, the peak), and combined with the counters of the
// simulated load of `POST /_mock/load` so the stats and the adaptive scaler see both.
// Where it simplifies: docs/inference.md.
import type { NodeInference } from './inference-counters.js';

/** The result processor's reporting period (PyTorchResultProcessor.REPORTING_PERIOD_MS). */
const PERIOD_MS = 60_000;

/** A started route's inference counters, as the stats write them (the load's, or combined). */
export type RouteCounters = Omit<NodeInference, keyof CallOnlyCounters>;

/** What only real calls produce (the optional part of {@link NodeInference}). */
type CallOnlyCounters = Pick<
  NodeInference,
  | 'average_inference_time_ms_excluding_cache_hits'
  | 'inference_cache_hit_count'
  | 'inference_cache_hit_count_last_minute'
  | 'timeout_count'
>;

/** {@link RouteCounters} with what only real calls produce: cache hits and timeouts. */
export interface CombinedCounters extends RouteCounters {
  average_inference_time_ms_excluding_cache_hits: number | undefined;
  inference_cache_hit_count: number;
  inference_cache_hit_count_last_minute: number;
  timeout_count: number;
}

interface Period {
  index: number;
  count: number;
  hits: number;
  timeMs: number;
}

interface CallCounters {
  start: number;
  count: number;
  hits: number;
  timeMs: number;
  timeMsExcludingHits: number;
  rejected: number;
  timeouts: number;
  lastAccess: number | undefined;
  current: Period;
  previous: Period | undefined;
  peak: number;
}

const roundMs = (x: number): number => Math.round(x * 1e6) / 1e6;

/** Every route's counters of real calls, keyed by the deployment object and the node. */
export class InferenceCalls {
  readonly #byDeployment = new WeakMap<object, Map<string, CallCounters>>();

  #of(deployment: object, nodeId: string, start: number, at: number): CallCounters {
    let nodes = this.#byDeployment.get(deployment);
    if (!nodes) {
      nodes = new Map();
      this.#byDeployment.set(deployment, nodes);
    }
    let c = nodes.get(nodeId);
    if (!c || c.start !== start) {
      // A new process on the node (or the first call): counters start from zero.
      c = {
        start,
        count: 0,
        hits: 0,
        timeMs: 0,
        timeMsExcludingHits: 0,
        rejected: 0,
        timeouts: 0,
        lastAccess: undefined,
        current: { index: Math.floor((at - start) / PERIOD_MS), count: 0, hits: 0, timeMs: 0 },
        previous: undefined,
        peak: 0,
      };
      nodes.set(nodeId, c);
    }
    const index = Math.floor((at - start) / PERIOD_MS);
    if (index > c.current.index) {
      c.peak = Math.max(c.peak, c.current.count);
      c.previous = c.current;
      c.current = { index, count: 0, hits: 0, timeMs: 0 };
    }
    return c;
  }

  /** One inference served on a node at `at`, taking `timeMs` (a cache hit or not). */
  served(
    deployment: object,
    nodeId: string,
    start: number,
    at: number,
    timeMs: number,
    cacheHit: boolean,
  ): void {
    const c = this.#of(deployment, nodeId, start, at);
    c.count += 1;
    c.timeMs += timeMs;
    c.current.count += 1;
    c.current.timeMs += timeMs;
    if (cacheHit) {
      c.hits += 1;
      c.current.hits += 1;
    } else {
      c.timeMsExcludingHits += timeMs;
    }
    c.lastAccess = at;
  }

  /** A request refused because the node's queue was full (429). */
  rejected(deployment: object, nodeId: string, start: number, at: number): void {
    this.#of(deployment, nodeId, start, at).rejected += 1;
  }

  /** A request that waited past its timeout (408). */
  timedOut(deployment: object, nodeId: string, start: number, at: number): void {
    this.#of(deployment, nodeId, start, at).timeouts += 1;
  }

  /**
   * The route's counters at `now`: the load's (`base`) plus the calls'. The last minute is the
   * last whole period before the current one, as the result processor reports it; the peak of
   * the sum is taken as the larger of the peaks and of the two last minutes together (the load
   * keeps no history of its periods: a simplification, docs/inference.md).
   */
  combine(deployment: object, nodeId: string, base: RouteCounters, now: number): CombinedCounters {
    const c = this.#byDeployment.get(deployment)?.get(nodeId);
    if (!c || c.start !== base.start_time) {
      return {
        ...base,
        average_inference_time_ms_excluding_cache_hits: base.average_inference_time_ms,
        inference_cache_hit_count: 0,
        inference_cache_hit_count_last_minute: 0,
        timeout_count: 0,
      };
    }
    const index = Math.floor((now - c.start) / PERIOD_MS);
    const last =
      c.current.index === index - 1
        ? c.current
        : c.current.index === index && c.previous?.index === index - 1
          ? c.previous
          : undefined;
    const peak = Math.max(c.peak, c.current.index < index ? c.current.count : 0);
    const count = base.inference_count + c.count;
    const baseTime = (base.average_inference_time_ms ?? 0) * base.inference_count;
    const misses = count - c.hits;
    const lastCount = base.throughput_last_minute + (last?.count ?? 0);
    const lastTime =
      (base.average_inference_time_ms_last_minute ?? 0) * base.throughput_last_minute + (last?.timeMs ?? 0);
    return {
      inference_count: count,
      average_inference_time_ms: count > 0 ? roundMs((baseTime + c.timeMs) / count) : undefined,
      average_inference_time_ms_excluding_cache_hits:
        misses > 0 ? roundMs((baseTime + c.timeMsExcludingHits) / misses) : undefined,
      inference_cache_hit_count: c.hits,
      last_access:
        base.last_access === undefined || c.lastAccess === undefined
          ? (base.last_access ?? c.lastAccess)
          : Math.max(base.last_access, c.lastAccess),
      number_of_pending_requests: base.number_of_pending_requests,
      rejected_execution_count: base.rejected_execution_count + c.rejected,
      timeout_count: c.timeouts,
      start_time: base.start_time,
      peak_throughput_per_minute: Math.max(base.peak_throughput_per_minute, peak, lastCount),
      throughput_last_minute: lastCount,
      average_inference_time_ms_last_minute: lastCount > 0 ? roundMs(lastTime / lastCount) : undefined,
      inference_cache_hit_count_last_minute: last?.hits ?? 0,
    };
  }
}

/**
 * Weighted round robin over a deployment's serving routes: the n-th call goes to the route whose
 * share of the allocations covers n (TransportInternalInferModelAction picks at random, weighted
 * by allocations; the mock is deterministic).
 */
export function pickRoute<T extends { allocations: number }>(routes: readonly T[], n: number): T | undefined {
  const total = routes.reduce((a, r) => a + r.allocations, 0);
  if (total <= 0) {
    return undefined;
  }
  let k = n % total;
  for (const r of routes) {
    if (k < r.allocations) {
      return r;
    }
    k -= r.allocations;
  }
  return routes[routes.length - 1];
}
