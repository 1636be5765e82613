// Convergence, written once: each route walks from its old to its new target over `converge_ms` of
// simulated time. The walk (`allocationsAt`), the moment it next takes a step (`nextStepAt`), one
// deployment's step to a time (`convergeTo`), and the set of deployments still converging, queued
// by when they next change (`Convergence`), so a tick touches only those due. The cluster and the
// load simulation both read the walk from here (docs/architecture.md, "What the mock simulates").
import type { Deployment, Route } from './deployment.js';
import { DueQueue } from './due-queue.js';

/** A route's allocations at `t` (frozen deployments and settled routes stay where they are). */
export function allocationsAt(
  d: Readonly<Deployment>,
  r: Readonly<Route>,
  t: number,
  convergeMs: number,
): number {
  if (d.frozen || r.current === r.target) {
    return r.current;
  }
  const p = convergeMs <= 0 ? 1 : Math.min(1, Math.max(0, (t - r.since) / convergeMs));
  return r.from + Math.trunc((r.target - r.from) * p);
}

/**
 * The first time after `t`, on the millisecond grid from `t` and from the route's `since`, at which
 * the route's allocations differ from those at `t`; Infinity when they never will.
 */
export function nextStepAt(
  d: Readonly<Deployment>,
  r: Readonly<Route>,
  t: number,
  convergeMs: number,
): number {
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

/**
 * Brings a deployment's routes to `t`: emptied routes go, starting routes with an allocation start
 * (and the deployment with them), `max_assigned_allocations` follows. Answers whether every route
 * holds its target, and a time no later than the next step of a route that does not.
 */
export function convergeTo(d: Deployment, t: number, convergeMs: number): { settled: boolean; next: number } {
  let total = 0;
  let settled = true;
  for (const [nodeId, r] of d.routes) {
    r.current = allocationsAt(d, r, t, convergeMs);
    if (r.target === 0 && r.current === 0) {
      d.routes.delete(nodeId);
      continue;
    }
    if (r.state === 'starting' && r.current > 0) {
      r.state = 'started';
      // The process started when the walk first reached one allocation.
      r.startedAt =
        convergeMs <= 0 || r.from > 0
          ? r.since
          : r.since + Math.ceil(convergeMs / Math.max(1, r.target - r.from));
    }
    if (r.current !== r.target) {
      settled = false;
    }
    total += r.current;
  }
  if (d.state === 'starting' && total > 0) {
    d.state = 'started';
  }
  d.max_assigned_allocations = Math.max(d.max_assigned_allocations, total);
  let next = Number.POSITIVE_INFINITY;
  for (const r of d.routes.values()) {
    // A millisecond early, so that a read at the step itself always converges the deployment.
    next = Math.min(next, nextStepAt(d, r, t, convergeMs) - 1);
  }
  return { settled, next };
}

/**
 * The deployments whose routes are still converging, each due at a time no later than its next
 * step, so that reads see exactly what converging every deployment at every tick would show.
 */
export class Convergence {
  /** Deployments whose routes are still converging (or that are starting). */
  #moving = new Set<Deployment>();
  /** When each converging deployment's routes next change. */
  #due = new DueQueue<Deployment>();

  /** Forgets every deployment (a new cluster). */
  clear(): void {
    this.#moving = new Set();
    this.#due = new DueQueue();
  }

  /** Starts following `d` if it moves; due at the next {@link advance}, which schedules its next step. */
  track(d: Deployment): void {
    // A route still starting (also a restarted one that already holds its target) starts on the walk.
    const moving = [...d.routes.values()].some((r) => r.current !== r.target || r.state === 'starting');
    if (!d.frozen && (d.state === 'starting' || moving)) {
      this.#moving.add(d);
    }
    if (this.#moving.has(d)) {
      this.#due.schedule(d, Number.NEGATIVE_INFINITY);
    }
  }

  /** Stops following `d` (it was stopped). */
  forget(d: Deployment): void {
    this.#moving.delete(d);
    this.#due.delete(d);
  }

  /** Makes every converging deployment due now (the convergence time changed). */
  rescheduleAll(): void {
    for (const d of this.#moving) {
      this.#due.schedule(d, Number.NEGATIVE_INFINITY);
    }
  }

  /** Converges every deployment due by `t`. */
  advance(t: number, convergeMs: number): void {
    for (const d of this.#due.takeDue(t)) {
      if (!this.#moving.has(d)) {
        continue;
      }
      const { settled, next } = convergeTo(d, t, convergeMs);
      if (settled && d.state !== 'starting') {
        this.#moving.delete(d);
      } else if (next !== Number.POSITIVE_INFINITY) {
        this.#due.schedule(d, next);
      }
    }
  }
}
