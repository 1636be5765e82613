// One node's result processor for one deployment, as a fluid (real-valued counts, rounded when
// read): totals, the minute periods and the peak, counted the way PyTorchResultProcessor counts,
// and read back as the stats write them (docs/scaler.md).
import type { Deployment, Route } from './deployment.js';

/** The result processor's reporting period (PyTorchResultProcessor.REPORTING_PERIOD_MS). */
export const PERIOD_MS = 60_000;

/** One node's result processor, as a fluid: real-valued counts, rounded when read. */
export interface NodeCounters {
  /** When the node's process started: minute periods are aligned to it. */
  start: number;
  served: number;
  timeSumMs: number;
  rejected: number;
  queue: number;
  lastAccess: number | undefined;
  periodIndex: number;
  periodCount: number;
  periodTimeMs: number;
  prevIndex: number;
  prevCount: number;
  prevTimeMs: number;
  peak: number;
}

/** A started route's inference counters, as the stats write them. */
export interface NodeInference {
  inference_count: number;
  average_inference_time_ms: number | undefined;
  last_access: number | undefined;
  number_of_pending_requests: number;
  rejected_execution_count: number;
  start_time: number;
  peak_throughput_per_minute: number;
  throughput_last_minute: number;
  average_inference_time_ms_last_minute: number | undefined;
  /** Only real calls (not the fluid load) hit the cache or time out (docs/inference.md). */
  average_inference_time_ms_excluding_cache_hits?: number | undefined;
  inference_cache_hit_count?: number;
  inference_cache_hit_count_last_minute?: number;
  timeout_count?: number;
}

/** A count as read: the fluid's value, with rounding noise below it dropped. */
export const countOf = (x: number): number => Math.floor(x + 1e-6);
/** Averages to a nanosecond, so that sums taken in another order read the same. */
const roundMs = (x: number): number => Math.round(x * 1e6) / 1e6;

/** When a route's process started: recorded when it started, else the deployment's start. */
export function routeStart(d: Readonly<Deployment>, r: Readonly<Route>): number {
  return r.startedAt ?? Date.parse(d.start_time);
}

/** Fresh counters of a process that started at `start`, first counting at `at`. */
export function newCounters(start: number, at: number): NodeCounters {
  return {
    start,
    served: 0,
    timeSumMs: 0,
    rejected: 0,
    queue: 0,
    lastAccess: undefined,
    periodIndex: Math.floor((at - start) / PERIOD_MS),
    periodCount: 0,
    periodTimeMs: 0,
    prevIndex: Number.NEGATIVE_INFINITY,
    prevCount: 0,
    prevTimeMs: 0,
    peak: 0,
  };
}

/** Adds `n` completions taking `timeMs` to minute period `k` of a node (k never goes back). */
function addToPeriod(c: NodeCounters, k: number, n: number, timeMs: number): void {
  if (k > c.periodIndex) {
    c.peak = Math.max(c.peak, c.periodCount);
    c.prevIndex = c.periodIndex;
    c.prevCount = c.periodCount;
    c.prevTimeMs = c.periodTimeMs;
    c.periodIndex = k;
    c.periodCount = 0;
    c.periodTimeMs = 0;
  }
  c.periodCount += n;
  c.periodTimeMs += timeMs;
}

/** Spreads completions evenly over [a, b) into the node's minute periods. */
export function addCompletions(c: NodeCounters, a: number, b: number, n: number, timeMs: number): void {
  if (n <= 0 || b <= a) {
    return;
  }
  const index = (t: number) => Math.floor((t - c.start) / PERIOD_MS);
  const first = Math.max(index(a), c.periodIndex);
  const last = Math.max(index(b - 1), first);
  if (first === last) {
    addToPeriod(c, first, n, timeMs);
    return;
  }
  const perMs = n / (b - a);
  const timePerRequest = timeMs / n;
  const firstEnd = c.start + (first + 1) * PERIOD_MS;
  const head = perMs * (firstEnd - a);
  addToPeriod(c, first, head, head * timePerRequest);
  if (last - first > 1) {
    // Whole periods in between each hold the same count: the last of them becomes the previous one.
    const whole = perMs * PERIOD_MS;
    addToPeriod(c, first + 1, whole, whole * timePerRequest);
    if (last - first > 2) {
      addToPeriod(c, last - 1, whole, whole * timePerRequest);
    }
  }
  const tail = perMs * (b - (c.start + last * PERIOD_MS));
  addToPeriod(c, last, tail, tail * timePerRequest);
}

/** The counters at `now` as the stats write them; no counters read as a process that served nothing. */
export function readCounters(c: NodeCounters | undefined, start: number, now: number): NodeInference {
  if (!c) {
    return {
      inference_count: 0,
      average_inference_time_ms: undefined,
      last_access: undefined,
      number_of_pending_requests: 0,
      rejected_execution_count: 0,
      start_time: start,
      peak_throughput_per_minute: 0,
      throughput_last_minute: 0,
      average_inference_time_ms_last_minute: undefined,
    };
  }
  // PyTorchResultProcessor.getResultStats: the last whole period before the current one.
  const current = Math.floor((now - c.start) / PERIOD_MS);
  let lastCount = 0;
  let lastTime = 0;
  if (c.periodIndex === current - 1) {
    lastCount = c.periodCount;
    lastTime = c.periodTimeMs;
  } else if (c.periodIndex === current && c.prevIndex === current - 1) {
    lastCount = c.prevCount;
    lastTime = c.prevTimeMs;
  }
  const peak = Math.max(c.peak, c.periodIndex < current ? c.periodCount : 0);
  const count = countOf(c.served);
  const lastMinute = Math.round(lastCount);
  return {
    inference_count: count,
    average_inference_time_ms: count > 0 ? roundMs(c.timeSumMs / c.served) : undefined,
    last_access: c.lastAccess === undefined ? undefined : Math.round(c.lastAccess),
    number_of_pending_requests: Math.round(c.queue),
    rejected_execution_count: countOf(c.rejected),
    start_time: c.start,
    peak_throughput_per_minute: Math.round(peak),
    throughput_last_minute: lastMinute,
    average_inference_time_ms_last_minute: lastMinute > 0 ? roundMs(lastTime / lastCount) : undefined,
  };
}
