// A simulated inference load on the mock's clock: per deployment a request rate and an inference
// time (or a schedule of them), served by the started routes as a fluid queue (serve-load.ts),
// counted the way a node's result processor counts (inference-counters.ts), and read every
// `scaler_interval_ms` by the adaptive allocations scaler (scaler.ts). It sees the cluster only
// through `LoadHost`. How it works and where it simplifies: docs/scaler.md.

import { statsStateOf } from './assignment-state.js';
import type { Deployment, Route } from './deployment.js';
import { countOf, type NodeInference, readCounters, routeStart } from './inference-counters.js';
import type { LoadBody, LoadStep } from './load-body.js';
import type { ScalerView } from './scaler.js';
import {
  type DeploymentReading,
  type NodeReading,
  newScalerService,
  type ScalableAssignment,
} from './scaler-service.js';
import { type DeploymentSim, type Step, serveLoad, stepAt } from './serve-load.js';

export type { NodeInference } from './inference-counters.js';

/** The load body's type, for the adapters that pass it through. */

/** How many scaling decisions `GET /_mock/load` remembers. */
const EVENTS_KEPT = 100;

/** What the simulation needs of the cluster (the cluster implements it; the simulation imports nothing of it). */
export interface LoadHost {
  /** Every deployment, in the cluster's order. */
  deployments(): Iterable<Deployment>;
  /** The deployments with adaptive allocations enabled, in the order they became so (kept by the cluster). */
  scalable(): Iterable<Deployment>;
  convergeMs(): number;
  /** The scaler's interval; 0 turns the scaler off. */
  scalerIntervalMs(): number;
  /** How long without requests before the scaler scales to zero (version and setting). */
  scaleToZeroMs(): number;
  /** Brings convergence to simulated time `now`. */
  convergeTo(now: number): void;
  /** The scaler's internal update of the number of allocations at simulated time `now`; false when refused. */
  scaleTo(d: Deployment, n: number, now: number): boolean;
  /** Adds the counters of real inference calls to the load's (docs/inference.md). */
  combine?(d: Readonly<Deployment>, nodeId: string, base: NodeInference, now: number): NodeInference;
}

interface DeploymentLoad {
  setAt: number;
  steps: Step[];
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

/**
 * The simulated inference load of every deployment and the adaptive allocations scaler reading it.
 * The cluster calls {@link run} on every tick; time only moves forward.
 */
export class LoadSimulation {
  readonly #loads = new Map<string, DeploymentLoad>();
  readonly #sims = new Map<Deployment, DeploymentSim>();
  #service = newScalerService(() => this.host.scaleToZeroMs());
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
    this.#service = newScalerService(() => this.host.scaleToZeroMs());
    this.#events = [];
    this.#time = t;
    this.#nextTrigger = t + this.host.scalerIntervalMs();
  }

  /** Sets (or replaces) a deployment's load from `now`; the body is already checked. */
  set(d: Readonly<Deployment>, body: LoadBody, now: number): LoadView {
    const current = stepAt(this.#loads.get(d.deployment_id)?.steps ?? [], now);
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
        this.host.convergeTo(t);
        this.#trigger(t);
        this.#nextTrigger = t + interval;
      }
    }
    this.#integrate(until);
  }

  /** The inference counters of one started route at `now`, as the stats write them. */
  /** Forgets a node's process counters (its process failed; a restart counts afresh). */
  forgetNode(d: Readonly<Deployment>, nodeId: string): void {
    this.#sims.get(d as Deployment)?.nodes.delete(nodeId);
  }

  nodeInference(d: Readonly<Deployment>, nodeId: string, r: Readonly<Route>, now: number): NodeInference {
    const base = readCounters(this.#sims.get(d)?.nodes.get(nodeId), routeStart(d, r), now);
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
    const step = stepAt(load?.steps ?? [], now);
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
    let triedFromZero = false;
    serveLoad(d, this.#simOf(d), load?.steps ?? [], this.#time, t, convergeMs, (at) => {
      if (!this.#service.maybeStartAllocation(d.deployment_id, d.adaptive, at)) {
        return 'refuse';
      }
      if (d.number_of_allocations === 0 && !triedFromZero) {
        triedFromZero = true;
        const applied = this.host.scaleTo(d, 1, at);
        this.#record(at, d.deployment_id, 0, 1, applied, 'scale_from_zero');
        if (applied) {
          return 'scaled';
        }
      }
      return 'wait';
    });
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
        // The stats' state: `failed` when every route failed (statsStateOf).
        state: statsStateOf(d).state,
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
