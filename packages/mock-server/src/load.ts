// A simulated inference load on the mock's clock: per deployment a request rate and an inference
// time (or a schedule of them), served by the started routes as a fluid queue, counted the way a
// node's result processor counts (PyTorchResultProcessor: totals, minute periods, peak), and read
// every `scaler_interval_ms` by the adaptive allocations scaler (scaler.ts). How it works and where
// it simplifies: docs/scaler.md.
import { type Static, Type } from '@sinclair/typebox';
import type { Deployment, Route } from './cluster.js';
import {
  AdaptiveAllocationsScalerService,
  type DeploymentReading,
  type NodeReading,
  type ScalableAssignment,
  type ScalerView,
} from './scaler.js';

/** The highest request rate a load may set (requests per second). */
export const MAX_LOAD_RATE = 1_000_000;
/** The longest inference time a load may set (an hour). */
export const MAX_INFERENCE_TIME_MS = 3_600_000;
/** The most steps a schedule may hold. */
export const MAX_SCHEDULE_STEPS = 1000;
/** The latest step of a schedule: a year after it is set. */
export const MAX_SCHEDULE_AT_MS = 365 * 24 * 3600 * 1000;
/** How many scaling decisions `GET /_mock/load` remembers. */
const EVENTS_KEPT = 100;
/** The result processor's reporting period (PyTorchResultProcessor.REPORTING_PERIOD_MS). */
const PERIOD_MS = 60_000;

const Rate = Type.Number({ minimum: 0, maximum: MAX_LOAD_RATE });
const InferenceTime = Type.Number({ exclusiveMinimum: 0, maximum: MAX_INFERENCE_TIME_MS });

/** One step of a schedule: from `at_ms` after the load is set, this rate and inference time. */
export const LoadStep = Type.Object(
  {
    at_ms: Type.Integer({ minimum: 0, maximum: MAX_SCHEDULE_AT_MS }),
    rate: Rate,
    inference_time_ms: InferenceTime,
  },
  { additionalProperties: false },
);
export type LoadStep = Static<typeof LoadStep>;

/**
 * The body of `POST /_mock/load`: a deployment's request rate (requests per second) and inference
 * time (milliseconds per request on one allocation), or a schedule of them. A rate of 0 stops it.
 */
export const LoadBody = Type.Object(
  {
    deployment_id: Type.String({ minLength: 1 }),
    rate: Type.Optional(Rate),
    inference_time_ms: Type.Optional(InferenceTime),
    schedule: Type.Optional(Type.Array(LoadStep, { minItems: 1, maxItems: MAX_SCHEDULE_STEPS })),
  },
  { additionalProperties: false },
);
export type LoadBody = Static<typeof LoadBody>;

/** The one-line reasons of a bad load body, by field (the first bad field in this order wins). */
export const LOAD_MESSAGES: Record<keyof LoadBody, string> = {
  deployment_id: 'deployment_id must be a non-empty string',
  rate: `rate must be a number of requests per second from 0 to ${MAX_LOAD_RATE}`,
  inference_time_ms: `inference_time_ms must be a number of milliseconds above 0, at most ${MAX_INFERENCE_TIME_MS}`,
  schedule: `schedule must be a list of 1 to ${MAX_SCHEDULE_STEPS} steps {at_ms (0 to ${MAX_SCHEDULE_AT_MS}), rate, inference_time_ms}`,
};

/** What the schema cannot say: the reason a well-typed load body is refused, or undefined. */
export function loadProblem(body: LoadBody): string | undefined {
  if (body.schedule !== undefined) {
    if (body.rate !== undefined || body.inference_time_ms !== undefined) {
      return 'a load takes rate and inference_time_ms, or schedule, not both';
    }
    for (let i = 1; i < body.schedule.length; i += 1) {
      if ((body.schedule[i]?.at_ms ?? 0) <= (body.schedule[i - 1]?.at_ms ?? 0)) {
        return 'schedule steps must be in increasing at_ms order';
      }
    }
    return undefined;
  }
  if (body.rate === undefined) {
    return 'a load needs rate and inference_time_ms, or schedule';
  }
  if (body.rate > 0 && body.inference_time_ms === undefined) {
    return 'a rate above 0 needs inference_time_ms';
  }
  return undefined;
}

/** What the simulation needs of the cluster (implemented by cluster.ts). */
export interface LoadHost {
  /** Every deployment, in the cluster's order. */
  deployments(): Iterable<Deployment>;
  /** The deployments with adaptive allocations enabled, in the order they became so (kept by the cluster). */
  scalable(): Iterable<Deployment>;
  convergeMs(): number;
  /** The scaler's interval; 0 turns the scaler off. */
  scalerIntervalMs(): number;
  /** Pins simulated time at `t` and brings convergence there. */
  at(t: number): void;
  /** The scaler's internal update of the number of allocations at `t`; false when refused. */
  scaleTo(d: Deployment, n: number, t: number): boolean;
  /** Adds the counters of real inference calls to the load's (docs/inference.md). */
  combine?(d: Readonly<Deployment>, nodeId: string, base: NodeInference, t: number): NodeInference;
}

interface Step {
  at: number;
  rate: number;
  inferenceTimeMs: number;
}

interface DeploymentLoad {
  setAt: number;
  steps: Step[];
}

/** One node's result processor, as a fluid: real-valued counts, rounded when read. */
interface NodeCounters {
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

interface DeploymentSim {
  nodes: Map<string, NodeCounters>;
  /** Requests held while the deployment scales from zero (InferenceWaitForAllocation). */
  waiting: number;
  /** Requests refused because no allocation was started (a 409 to the caller, in no node's stats). */
  refused: number;
  /** The inference time last in force, at which queued requests drain once the load is gone. */
  inferenceTimeMs: number;
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
  /** Only real calls (not the fluid load) hit the cache or time out. */
  average_inference_time_ms_excluding_cache_hits?: number | undefined;
  inference_cache_hit_count?: number;
  inference_cache_hit_count_last_minute?: number;
  timeout_count?: number;
}

/** A scaling decision, as `GET /_mock/load` lists it. */
export interface ScalerEvent {
  at: string;
  deployment_id: string;
  from: number;
  to: number;
  /** False when the update was refused (not enough resources and scaling not possible). */
  applied: boolean;
  /** `scaler` (the periodic trigger) or `scale_from_zero` (a request found no allocation). */
  cause: 'scaler' | 'scale_from_zero';
}

/** One deployment's load, as `GET /_mock/load` shows it. */
export interface LoadView {
  deployment_id: string;
  set_at: string;
  schedule: LoadStep[];
  /** The rate and inference time in force now. */
  rate: number;
  inference_time_ms: number | null;
  /** Requests queued on the nodes, summed. */
  number_of_pending_requests: number;
  /** Requests held while the deployment scales from zero. */
  waiting_requests: number;
  /** Requests refused because no allocation was started. */
  refused_requests: number;
}

/** What `GET /_mock/load` answers. */
export interface LoadsView {
  now: string;
  loads: LoadView[];
  scalers: ScalerView[];
  scaler_events: ScalerEvent[];
}

const countOf = (x: number): number => Math.floor(x + 1e-6);
/** Averages to a nanosecond, so that sums taken in another order read the same. */
const roundMs = (x: number): number => Math.round(x * 1e6) / 1e6;

/** A route's allocations at `t`: the same walk as the cluster's convergence. */
function allocationsAt(d: Deployment, r: Route, t: number, convergeMs: number): number {
  if (d.frozen || r.current === r.target) {
    return r.current;
  }
  const p = convergeMs <= 0 ? 1 : Math.min(1, Math.max(0, (t - r.since) / convergeMs));
  return r.from + Math.trunc((r.target - r.from) * p);
}

/** The next time after `t` at which a converging route's allocations change (Infinity: none). */
function nextChange(d: Deployment, r: Route, t: number, convergeMs: number): number {
  if (d.frozen || convergeMs <= 0 || r.target === r.from || r.current === r.target) {
    return Number.POSITIVE_INFINITY;
  }
  const end = r.since + convergeMs;
  if (t >= end) {
    return Number.POSITIVE_INFINITY;
  }
  const now = allocationsAt(d, r, t, convergeMs);
  const span = Math.abs(r.target - r.from);
  const k = Math.abs(now - r.from) + 1;
  let at = Math.max(t + 1, r.since + Math.ceil((k * convergeMs) / span));
  while (at < end && allocationsAt(d, r, at, convergeMs) === now) {
    at += 1;
  }
  return Math.min(at, end);
}

/** Whether a route takes inference requests at `allocations` (started routes, else stopping ones). */
function serves(d: Deployment, r: Route, allocations: number): boolean {
  if (allocations <= 0) {
    return false;
  }
  return r.state === 'started' || r.state === 'stopping' || (r.state === 'starting' && !d.frozen);
}

/** When a route's process started: recorded when it started, else the deployment's start. */
export function routeStart(d: Readonly<Deployment>, r: Readonly<Route>): number {
  return r.startedAt ?? Date.parse(d.start_time);
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
function addCompletions(c: NodeCounters, a: number, b: number, n: number, timeMs: number): void {
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

/**
 * The simulated inference load of every deployment and the adaptive allocations scaler reading it.
 * The cluster calls {@link run} on every tick; time only moves forward.
 */
export class LoadSimulation {
  readonly #loads = new Map<string, DeploymentLoad>();
  readonly #sims = new Map<Deployment, DeploymentSim>();
  #service = new AdaptiveAllocationsScalerService();
  #events: ScalerEvent[] = [];
  /** Simulated time the load has been integrated up to. */
  #time = 0;
  /** The scaler's next trigger. */
  #nextTrigger = 0;

  constructor(private readonly host: LoadHost) {}

  /** Forgets every load, counter and scaler (a new cluster), starting at `t`. */
  clear(t: number): void {
    this.#loads.clear();
    this.#sims.clear();
    this.#service = new AdaptiveAllocationsScalerService();
    this.#events = [];
    this.#time = t;
    this.#nextTrigger = t + this.host.scalerIntervalMs();
  }

  /** Sets (or replaces) a deployment's load from `now`; the body is already checked. */
  set(d: Readonly<Deployment>, body: LoadBody, now: number): LoadView {
    const current = this.#stepAt(this.#loads.get(d.deployment_id), now);
    const steps: Step[] =
      body.schedule !== undefined
        ? body.schedule.map((s) => ({
            at: now + s.at_ms,
            rate: s.rate,
            inferenceTimeMs: s.inference_time_ms,
          }))
        : [
            {
              at: now,
              rate: body.rate ?? 0,
              inferenceTimeMs: body.inference_time_ms ?? current?.inferenceTimeMs ?? 1,
            },
          ];
    this.#loads.set(d.deployment_id, { setAt: now, steps });
    return this.#view(d, now);
  }

  /** Removes every load (requests already queued drain at their inference time). */
  clearLoads(): void {
    this.#loads.clear();
  }

  /** Brings the load, the counters and the scaler up to `end` (called by the cluster's tick). */
  run(end: number): void {
    const until = Math.max(end, this.#time);
    this.#prune();
    this.#service.sync(this.#assignments());
    const interval = this.host.scalerIntervalMs();
    if (interval > 0) {
      if (this.#nextTrigger <= this.#time) {
        // The scaler was off: its next trigger is one interval on.
        this.#nextTrigger = this.#time + interval;
      }
      if (!this.#service.active) {
        // No scaler to trigger: the load is served in one go (its fluid queue does not depend on
        // where an interval is cut), keeping the trigger's phase.
        if (this.#nextTrigger <= until) {
          this.#nextTrigger += Math.ceil((until - this.#nextTrigger + 1) / interval) * interval;
        }
      }
      while (this.#nextTrigger <= until) {
        const t = this.#nextTrigger;
        this.#integrate(t);
        this.host.at(t);
        this.#trigger(t);
        this.#nextTrigger = t + interval;
      }
    }
    this.#integrate(until);
  }

  /** The inference counters of one started route at `now`, as the stats write them. */
  nodeInference(d: Readonly<Deployment>, nodeId: string, r: Readonly<Route>, now: number): NodeInference {
    const base = this.#loadInference(d, nodeId, r, now);
    return this.host.combine ? this.host.combine(d, nodeId, base, now) : base;
  }

  /**
   * A deployment without a started allocation is asked for one by a real call (maybeStartAllocation):
   * true when it scales from zero, as the load's own requests do.
   */
  requestAllocation(d: Deployment, now: number): boolean {
    if (!this.#service.maybeStartAllocation(d.deployment_id, d.adaptive, now)) {
      return false;
    }
    if (d.number_of_allocations === 0) {
      const applied = this.host.scaleTo(d, 1, now);
      this.#record(now, d.deployment_id, 0, 1, applied, 'scale_from_zero');
    }
    return true;
  }

  #loadInference(d: Readonly<Deployment>, nodeId: string, r: Readonly<Route>, now: number): NodeInference {
    const c = this.#sims.get(d)?.nodes.get(nodeId);
    const start = routeStart(d, r);
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

  /** What `GET /_mock/load` answers. */
  describe(now: number): LoadsView {
    const loads: LoadView[] = [];
    for (const d of this.host.deployments()) {
      if (this.#loads.has(d.deployment_id)) {
        loads.push(this.#view(d, now));
      }
    }
    return {
      now: new Date(now).toISOString(),
      loads,
      scalers: [...this.#service.scalers()].map((s) => s.describe()),
      scaler_events: [...this.#events],
    };
  }

  #view(d: Readonly<Deployment>, now: number): LoadView {
    const load = this.#loads.get(d.deployment_id);
    const step = this.#stepAt(load, now);
    const sim = this.#sims.get(d);
    let queued = 0;
    for (const c of sim?.nodes.values() ?? []) {
      queued += Math.round(c.queue);
    }
    return {
      deployment_id: d.deployment_id,
      set_at: new Date(load?.setAt ?? now).toISOString(),
      schedule: (load?.steps ?? []).map((s) => ({
        at_ms: s.at - (load?.setAt ?? now),
        rate: s.rate,
        inference_time_ms: s.inferenceTimeMs,
      })),
      rate: step?.rate ?? 0,
      inference_time_ms: step?.inferenceTimeMs ?? null,
      number_of_pending_requests: queued,
      waiting_requests: countOf(sim?.waiting ?? 0),
      refused_requests: countOf(sim?.refused ?? 0),
    };
  }

  /** The step in force at `t` (undefined before the first). */
  #stepAt(load: DeploymentLoad | undefined, t: number): Step | undefined {
    let found: Step | undefined;
    for (const s of load?.steps ?? []) {
      if (s.at > t) {
        break;
      }
      found = s;
    }
    return found;
  }

  /** Drops what belongs to deployments that are gone, and the counters of routes that are gone. */
  #prune(): void {
    if (this.#sims.size === 0 && this.#loads.size === 0) {
      // Nothing to prune: the common case, kept free of a pass over every deployment.
      return;
    }
    const present = new Set<Deployment>();
    const ids = new Set<string>();
    for (const d of this.host.deployments()) {
      present.add(d);
      ids.add(d.deployment_id);
    }
    for (const d of [...this.#sims.keys()]) {
      if (!present.has(d)) {
        this.#sims.delete(d);
      }
    }
    for (const id of [...this.#loads.keys()]) {
      if (!ids.has(id)) {
        this.#loads.delete(id);
      }
    }
  }

  /** The deployments with adaptive allocations enabled: only they have a scaler. */
  *#assignments(): Generator<ScalableAssignment> {
    // The cluster keeps this set, so a request costs no pass over every deployment.
    for (const d of this.host.scalable()) {
      if (d.adaptive?.enabled === true) {
        let totalTargetAllocations = 0;
        for (const r of d.routes.values()) {
          totalTargetAllocations += r.target;
        }
        yield { deploymentId: d.deployment_id, adaptive: d.adaptive, totalTargetAllocations };
      }
    }
  }

  #simOf(d: Deployment): DeploymentSim {
    let sim = this.#sims.get(d);
    if (!sim) {
      sim = { nodes: new Map(), waiting: 0, refused: 0, inferenceTimeMs: 1 };
      this.#sims.set(d, sim);
    }
    return sim;
  }

  #countersOf(sim: DeploymentSim, d: Deployment, nodeId: string, r: Route, at: number): NodeCounters {
    let c = sim.nodes.get(nodeId);
    if (!c) {
      const start = routeStart(d, r);
      c = {
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
      sim.nodes.set(nodeId, c);
    }
    return c;
  }

  /** Serves every deployment's load from the integrated time up to `t`. */
  #integrate(t: number): void {
    if (t <= this.#time) {
      return;
    }
    if (this.#loads.size === 0 && this.#sims.size === 0) {
      // No load and no queue anywhere: nothing to serve.
      this.#time = t;
      return;
    }
    const convergeMs = this.host.convergeMs();
    for (const d of this.host.deployments()) {
      const load = this.#loads.get(d.deployment_id);
      const sim = this.#sims.get(d);
      if (sim) {
        for (const nodeId of [...sim.nodes.keys()]) {
          if (!d.routes.has(nodeId)) {
            // The node's process stopped with its route: its counters and queue go with it.
            sim.nodes.delete(nodeId);
          }
        }
      }
      if (!load && !(sim && (sim.waiting > 0 || [...sim.nodes.values()].some((c) => c.queue > 0)))) {
        continue;
      }
      this.#integrateDeployment(d, load, t, convergeMs);
    }
    this.#time = t;
  }

  #integrateDeployment(d: Deployment, load: DeploymentLoad | undefined, t: number, convergeMs: number): void {
    const sim = this.#simOf(d);
    let cursor = this.#time;
    let triedFromZero = false;
    while (cursor < t) {
      let next = t;
      for (const s of load?.steps ?? []) {
        if (s.at > cursor) {
          next = Math.min(next, s.at);
          break;
        }
      }
      const serving: Array<{ nodeId: string; r: Route; allocations: number }> = [];
      for (const [nodeId, r] of d.routes) {
        next = Math.min(next, nextChange(d, r, cursor, convergeMs));
        const allocations = allocationsAt(d, r, cursor, convergeMs);
        if (serves(d, r, allocations)) {
          serving.push({ nodeId, r, allocations });
        }
      }
      const step = this.#stepAt(load, cursor);
      const rate = step?.rate ?? 0;
      const inferenceTimeMs = step?.inferenceTimeMs ?? sim.inferenceTimeMs;
      sim.inferenceTimeMs = inferenceTimeMs;
      if (serving.length === 0) {
        const seconds = (next - cursor) / 1000;
        if (rate > 0) {
          // No started allocation: the request asks for one (maybeStartAllocation) and waits for
          // it, or is refused.
          if (this.#service.maybeStartAllocation(d.deployment_id, d.adaptive, cursor)) {
            if (d.number_of_allocations === 0 && !triedFromZero) {
              triedFromZero = true;
              const applied = this.host.scaleTo(d, 1, cursor);
              this.#record(cursor, d.deployment_id, 0, 1, applied, 'scale_from_zero');
              if (applied) {
                continue;
              }
            }
            sim.waiting += rate * seconds;
          } else {
            sim.refused += rate * seconds;
          }
        }
        cursor = next;
        continue;
      }
      const total = serving.reduce((sum, x) => sum + x.allocations, 0);
      const held = sim.waiting;
      sim.waiting = 0;
      const flows = serving.map(({ nodeId, r, allocations }) => {
        const c = this.#countersOf(sim, d, nodeId, r, cursor);
        const share = allocations / total;
        if (held > 0) {
          c.queue += held * share;
          if (c.queue > d.queue_capacity) {
            c.rejected += c.queue - d.queue_capacity;
            c.queue = d.queue_capacity;
          }
        }
        return { c, arrivals: rate * share, capacity: (allocations * 1000) / inferenceTimeMs };
      });
      // Where a queue drains, requests complete faster until it is empty: cut the piece there and
      // at the node's minute boundary, so that completions are even within every piece.
      for (const { c, arrivals, capacity } of flows) {
        if (c.queue > 0 && arrivals < capacity) {
          next = Math.min(
            next,
            cursor + (c.queue / (capacity - arrivals)) * 1000,
            c.start + (Math.floor((cursor - c.start) / PERIOD_MS) + 1) * PERIOD_MS,
          );
        }
      }
      if (!(next > cursor)) {
        // A queue so small that its end is within a rounding of now: one millisecond empties it.
        next = Math.min(t, cursor + 1);
      }
      const seconds = (next - cursor) / 1000;
      for (const { c, arrivals, capacity } of flows) {
        let served: number;
        if (arrivals <= capacity) {
          const drain = (capacity - arrivals) * seconds;
          if (c.queue <= drain * (1 + 1e-12) + 1e-9) {
            served = c.queue + arrivals * seconds;
            c.queue = 0;
          } else {
            served = capacity * seconds;
            c.queue -= drain;
          }
        } else {
          served = capacity * seconds;
          c.queue += (arrivals - capacity) * seconds;
          if (c.queue > d.queue_capacity) {
            c.rejected += c.queue - d.queue_capacity;
            c.queue = d.queue_capacity;
          }
        }
        if (served > 0) {
          c.served += served;
          c.timeSumMs += served * inferenceTimeMs;
          c.lastAccess = next;
          addCompletions(c, cursor, next, served, served * inferenceTimeMs);
        }
      }
      cursor = next;
    }
  }

  /** One trigger of the scaler service at `t`: read the stats, apply its decisions. */
  #trigger(t: number): void {
    this.#service.sync(this.#assignments());
    if (!this.#service.active) {
      return;
    }
    const readings: DeploymentReading[] = [];
    const byId = new Map<string, Deployment>();
    for (const d of this.host.deployments()) {
      if (!this.#service.scaler(d.deployment_id)) {
        continue;
      }
      byId.set(d.deployment_id, d);
      const nodes: NodeReading[] = [];
      for (const [nodeId, r] of d.routes) {
        if (r.state === 'started') {
          const n = this.nodeInference(d, nodeId, r, t);
          nodes.push({
            nodeId,
            starting: false,
            startTime: n.start_time,
            inferenceCount: n.inference_count,
            pendingCount: n.number_of_pending_requests,
            failedCount: n.rejected_execution_count,
            averageInferenceTimeMs: n.average_inference_time_ms ?? 0,
          });
        } else {
          // forNotStartedState: no counts, no start time.
          nodes.push({
            nodeId,
            starting: r.state === 'starting',
            startTime: undefined,
            inferenceCount: 0,
            pendingCount: 0,
            failedCount: 0,
            averageInferenceTimeMs: 0,
          });
        }
      }
      readings.push({
        deploymentId: d.deployment_id,
        numberOfAllocations: d.number_of_allocations,
        state: d.state,
        nodes,
      });
    }
    for (const decision of this.#service.trigger(t, readings)) {
      const d = byId.get(decision.deploymentId);
      if (d) {
        const applied = this.host.scaleTo(d, decision.to, t);
        this.#record(t, d.deployment_id, decision.from, decision.to, applied, 'scaler');
      }
    }
  }

  #record(
    t: number,
    id: string,
    from: number,
    to: number,
    applied: boolean,
    cause: ScalerEvent['cause'],
  ): void {
    this.#events.push({ at: new Date(t).toISOString(), deployment_id: id, from, to, applied, cause });
    if (this.#events.length > EVENTS_KEPT) {
      this.#events.splice(0, this.#events.length - EVENTS_KEPT);
    }
  }
}
