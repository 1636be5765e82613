// A deployment as the simulated cluster holds it, and its conversions to and from the seed
// document: the one place a `Deployment` is built (from a seed entry or from `_start`).
import {
  type AdaptiveSettings,
  compactAdaptiveSettings,
  defaultCacheSize,
  type EsError,
} from '@mldeploy/core/rules';
import type { SeedAdaptiveAllocations, SeedDeployment, SeedModel, SeedRoute } from './seed-schema.js';

/** One node's share of a deployment; `current` walks from `from` to `target` over converge time. */
export interface Route {
  target: number;
  from: number;
  since: number;
  current: number;
  state: SeedRoute['routing_state'];
  reason: string;
  /** When the route went from starting to started (its process start), when the mock saw it. */
  startedAt?: number;
}

/** A deployment as the simulated cluster holds it. */
export interface Deployment {
  deployment_id: string;
  model_id: string;
  number_of_allocations: number;
  threads_per_allocation: number;
  priority: 'normal' | 'low';
  queue_capacity: number;
  cache_size: string | undefined;
  adaptive: AdaptiveSettings | null;
  state: 'started' | 'starting' | 'stopping' | 'failed';
  /** Seeded `starting`/`stopping`/`failed` deployments stay so; started ones through the API move on. */
  frozen: boolean;
  owned_by_inference_endpoint: boolean;
  referenced_by_ingest: boolean;
  routes: Map<string, Route>;
  start_time: string;
  max_assigned_allocations: number;
  reason: string | undefined;
  /** When the adaptive scaler last looked at (or a user last changed) this deployment. */
  scaledAt: number;
}

/** A change the cluster refused, or the value it produced. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: EsError };

/** What a new deployment is made of: a seed entry (with defaults filled) or a `_start` request. */
export type DeploymentSpec = Pick<
  SeedDeployment,
  | 'deployment_id'
  | 'model_id'
  | 'number_of_allocations'
  | 'threads_per_allocation'
  | 'priority'
  | 'queue_capacity'
> &
  Partial<
    Pick<SeedDeployment, 'cache_size' | 'owned_by_inference_endpoint' | 'referenced_by_ingest' | 'reason'>
  > & {
    adaptive_allocations?: AdaptiveSettings | null;
  };

/**
 * A deployment at simulated time `now`: `starting` with no route unless `state` says otherwise;
 * `cache_size` defaults to the model's size (core's `defaultCacheSize`).
 */
export function newDeployment(
  spec: DeploymentSpec,
  model: Readonly<SeedModel> | undefined,
  now: number,
  state: Deployment['state'] = 'starting',
): Deployment {
  return {
    deployment_id: spec.deployment_id,
    model_id: spec.model_id,
    number_of_allocations: spec.number_of_allocations,
    threads_per_allocation: spec.threads_per_allocation,
    priority: spec.priority,
    queue_capacity: spec.queue_capacity,
    cache_size: spec.cache_size ?? (model ? defaultCacheSize(model.model_size_bytes) : undefined),
    adaptive: spec.adaptive_allocations ?? null,
    state,
    frozen: false,
    owned_by_inference_endpoint: spec.owned_by_inference_endpoint ?? false,
    referenced_by_ingest: spec.referenced_by_ingest ?? false,
    routes: new Map(),
    start_time: new Date(now).toISOString(),
    max_assigned_allocations: 0,
    reason: spec.reason,
    scaledAt: now,
  };
}

/** A seed entry as a deployment at `now`, with its written routing table (if any). */
export function deploymentFromSeed(
  d: SeedDeployment,
  model: Readonly<SeedModel> | undefined,
  now: number,
): Deployment {
  const out = newDeployment(
    {
      ...d,
      adaptive_allocations: d.adaptive_allocations ? compactAdaptiveSettings(d.adaptive_allocations) : null,
    },
    model,
    now,
    d.state,
  );
  for (const [nodeId, r] of Object.entries(d.routing_table ?? {})) {
    out.routes.set(nodeId, {
      target: r.target_allocations,
      from: r.current_allocations,
      since: now,
      current: r.current_allocations,
      state: r.routing_state,
      reason: r.reason ?? '',
    });
  }
  const current = [...out.routes.values()].reduce((s, r) => s + r.current, 0);
  out.frozen = d.state !== 'started';
  out.start_time = d.start_time ?? out.start_time;
  out.max_assigned_allocations = Math.max(d.max_assigned_allocations ?? 0, current);
  return out;
}

/** The deployment as a seed entry, which {@link deploymentFromSeed} accepts back. */
export function deploymentToSeed(d: Readonly<Deployment>): SeedDeployment {
  const out: SeedDeployment = {
    deployment_id: d.deployment_id,
    model_id: d.model_id,
    number_of_allocations: d.number_of_allocations,
    threads_per_allocation: d.threads_per_allocation,
    priority: d.priority,
    queue_capacity: d.queue_capacity,
    adaptive_allocations: d.adaptive
      ? (compactAdaptiveSettings(d.adaptive) as SeedAdaptiveAllocations)
      : null,
    state: d.state,
    owned_by_inference_endpoint: d.owned_by_inference_endpoint,
    referenced_by_ingest: d.referenced_by_ingest,
    routing_table: routingTable(d),
    start_time: d.start_time,
    max_assigned_allocations: d.max_assigned_allocations,
  };
  if (d.cache_size !== undefined) {
    out.cache_size = d.cache_size;
  }
  if (d.reason !== undefined) {
    out.reason = d.reason;
  }
  return out;
}

/** The assignment's `routing_table`. */
export function routingTable(d: Readonly<Deployment>): Record<string, SeedRoute> {
  const table: Record<string, SeedRoute> = {};
  for (const [nodeId, r] of d.routes) {
    table[nodeId] = {
      current_allocations: r.current,
      target_allocations: r.target,
      routing_state: r.state,
      reason: r.reason,
    };
  }
  return table;
}

/** The sum of the route targets: the allocations placed (or being placed). */
export function totalTargets(d: Readonly<Deployment>): number {
  let total = 0;
  for (const r of d.routes.values()) {
    total += r.target;
  }
  return total;
}

/** Sum of current allocations on started routes. */
export function allocationCount(d: Readonly<Deployment>): number {
  let count = 0;
  for (const r of d.routes.values()) {
    if (r.state === 'started' && r.current > 0) {
      count += r.current;
    }
  }
  return count;
}
