// The changes of a deployment's allocations, moved out of the Cluster facade (cluster.ts), which
// delegates to them: the cluster service's part of `_update`, the adaptive scaler's internal update
// and the placement of more allocations they share. Each runs at simulated time `now`.
import { errors, planUpdate, type UpdateRequest } from '@mldeploy/core/rules';
import { assignmentStateOf } from './assignment-state.js';
import type { ClusterState } from './cluster-state.js';
import { type Deployment, type Outcome, totalTargets } from './deployment.js';
import { reduceAllocations } from './placement.js';
import { restartFailedRoutes } from './route-failures.js';

/** What the allocation changes need of the cluster: its state, and who hears of a change. */
export interface AllocationHost {
  readonly state: ClusterState;
  /** Forgets a node's inference counters of a route that restarts. */
  readonly forgetNode: (d: Deployment, nodeId: string) => void;
  /** The state changed (the cluster's revision goes up). */
  readonly changed: () => void;
}

/** The cluster service's part of `_update` after the inference-endpoint check, at `now`. */
export function applyUpdate(host: AllocationHost, request: UpdateRequest, now: number): Outcome<Deployment> {
  const d = host.state.deployments.get(request.deployment_id);
  if (!d) {
    return { ok: false, error: errors.deploymentNotFound(request.deployment_id) };
  }
  const plan = planUpdate(
    {
      number_of_allocations: d.number_of_allocations,
      adaptive_allocations: d.adaptive,
      assignment_state: assignmentStateOf(d),
      priority: d.priority,
    },
    request,
  );
  if (plan.kind === 'error') {
    return { ok: false, error: plan.error };
  }
  if (plan.kind === 'noop') {
    return { ok: true, value: d };
  }
  if (plan.change === 'increase') {
    if (!increaseAllocations(host, d, plan.number_of_allocations, now)) {
      return { ok: false, error: errors.insufficientResourcesUpdate() };
    }
  } else if (plan.change === 'decrease') {
    const placedTotal = totalTargets(d);
    host.state.retarget(d, reduceAllocations(d, plan.number_of_allocations), now);
    // AllocationReducer.buildUpdatedAssignment removes a node's route as soon as a decrease
    // takes all its allocations (`removeRoutingEntry`): no convergence to zero for those routes.
    for (const [nodeId, r] of d.routes) {
      if (r.target === 0) {
        d.routes.delete(nodeId);
      }
    }
    // The reason is cleared only when the new number fits what is placed (a decrease that
    // stays above the placed total still lacks resources).
    if (plan.number_of_allocations <= placedTotal) {
      d.reason = undefined;
    }
  }
  d.number_of_allocations = plan.number_of_allocations;
  d.adaptive = plan.adaptive_allocations;
  host.state.track(d);
  d.scaledAt = now;
  host.changed();
  return { ok: true, value: d };
}

/**
 * The adaptive scaler's update (AdaptiveAllocationsScalerService, `isInternal`) at `now`: no
 * request validation, so 0 is allowed; an increase that cannot be placed is refused, as its
 * update would get the 429, unless scaling is possible. `wanted` differs from the current number
 * (the facade answers an equal one itself); false when refused.
 */
export function scaleInternally(host: AllocationHost, d: Deployment, wanted: number, now: number): boolean {
  if (wanted > d.number_of_allocations) {
    if (!increaseAllocations(host, d, wanted, now)) {
      return false;
    }
  } else {
    host.state.retarget(d, reduceAllocations(d, wanted), now);
    d.reason = undefined;
  }
  d.number_of_allocations = wanted;
  d.scaledAt = now;
  host.changed();
  return true;
}

/**
 * Places `wanted` allocations of a registered deployment: false (nothing changed) when they do
 * not all fit and scaling is not possible; else the routes move and the reason says what is missing.
 */
function increaseAllocations(host: AllocationHost, d: Deployment, wanted: number, now: number): boolean {
  const placed = host.state.placement.place(d, wanted, true);
  if (placed.total < wanted && !host.state.settings.scaling_possible) {
    return false;
  }
  host.state.retarget(d, placed.routes, now);
  restartFailedRoutes(d, now, host.forgetNode);
  host.state.track(d);
  d.reason = placed.total < wanted ? placed.explanation : undefined;
  return true;
}
