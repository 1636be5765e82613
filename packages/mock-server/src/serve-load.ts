// One deployment's inference load served over an interval of simulated time, as a fluid queue per
// started route: arrivals split by allocations, served at one request per inference time per
// allocation, queued up to `queue_capacity` and rejected beyond it; with nothing started, requests
// wait for an allocation or are refused (docs/scaler.md).
import { allocationsAt, nextStepAt } from './convergence.js';
import type { Deployment, Route } from './deployment.js';
import {
  addCompletions,
  type NodeCounters,
  newCounters,
  PERIOD_MS,
  routeStart,
} from './inference-counters.js';

/** A load's rate and inference time from `at` on. */
export interface Step {
  at: number;
  rate: number;
  inferenceTimeMs: number;
}

/** One deployment's simulated queues and counters. */
export interface DeploymentSim {
  nodes: Map<string, NodeCounters>;
  /** Requests held while the deployment scales from zero (InferenceWaitForAllocation). */
  waiting: number;
  /** Requests refused because no allocation was started (a 409 to the caller, in no node's stats). */
  refused: number;
  /** The inference time last in force, at which queued requests drain once the load is gone. */
  inferenceTimeMs: number;
}

/** What a request finding no started allocation at `at` gets: one (scaled), a wait, or a refusal. */
export type AllocationAsk = (at: number) => 'scaled' | 'wait' | 'refuse';

/** The step in force at `t` (undefined before the first). */
export function stepAt(steps: readonly Step[], t: number): Step | undefined {
  let found: Step | undefined;
  for (const s of steps) {
    if (s.at > t) {
      break;
    }
    found = s;
  }
  return found;
}

/** Whether a route takes inference requests at `allocations` (started routes, else stopping ones). */
function serves(d: Deployment, r: Route, allocations: number): boolean {
  if (allocations <= 0) {
    return false;
  }
  return r.state === 'started' || r.state === 'stopping' || (r.state === 'starting' && !d.frozen);
}

/** The counters of a node's process, created when it first serves. */
function countersOf(sim: DeploymentSim, d: Deployment, nodeId: string, r: Route, at: number): NodeCounters {
  let c = sim.nodes.get(nodeId);
  if (!c) {
    // A route still starting gets its process now (its own start, not the deployment's).
    c = newCounters(r.startedAt === undefined && r.state === 'starting' ? at : routeStart(d, r), at);
    sim.nodes.set(nodeId, c);
  }
  return c;
}

/**
 * Serves `d`'s load from `from` to `to`, in pieces within which allocations, the load's step and
 * every queue's regime stay the same; `ask` is called when requests find no started allocation.
 */
export function serveLoad(
  d: Deployment,
  sim: DeploymentSim,
  steps: readonly Step[],
  from: number,
  to: number,
  convergeMs: number,
  ask: AllocationAsk,
): void {
  let cursor = from;
  while (cursor < to) {
    let next = to;
    for (const s of steps) {
      if (s.at > cursor) {
        next = Math.min(next, s.at);
        break;
      }
    }
    const serving: Array<{ nodeId: string; r: Route; allocations: number }> = [];
    for (const [nodeId, r] of d.routes) {
      next = Math.min(next, nextStepAt(d, r, cursor, convergeMs));
      const allocations = allocationsAt(d, r, cursor, convergeMs);
      if (serves(d, r, allocations)) {
        serving.push({ nodeId, r, allocations });
      }
    }
    const step = stepAt(steps, cursor);
    const rate = step?.rate ?? 0;
    const inferenceTimeMs = step?.inferenceTimeMs ?? sim.inferenceTimeMs;
    sim.inferenceTimeMs = inferenceTimeMs;
    if (serving.length === 0) {
      const seconds = (next - cursor) / 1000;
      if (rate > 0) {
        // No started allocation: the request asks for one (maybeStartAllocation) and waits for
        // it, or is refused.
        const answer = ask(cursor);
        if (answer === 'scaled') {
          continue;
        }
        if (answer === 'wait') {
          sim.waiting += rate * seconds;
        } else {
          sim.refused += rate * seconds;
        }
      }
      cursor = next;
      continue;
    }
    next = serveRoutes(d, sim, serving, cursor, next, to, rate, inferenceTimeMs);
    cursor = next;
  }
}

/** Serves the started routes from `cursor` to at most `next`; answers where the piece ended. */
function serveRoutes(
  d: Deployment,
  sim: DeploymentSim,
  serving: ReadonlyArray<{ nodeId: string; r: Route; allocations: number }>,
  cursor: number,
  until: number,
  to: number,
  rate: number,
  inferenceTimeMs: number,
): number {
  let next = until;
  const total = serving.reduce((sum, x) => sum + x.allocations, 0);
  const held = sim.waiting;
  sim.waiting = 0;
  const flows = serving.map(({ nodeId, r, allocations }) => {
    const c = countersOf(sim, d, nodeId, r, cursor);
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
    next = Math.min(to, cursor + 1);
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
  return next;
}
