// The states Elasticsearch derives from a deployment's routes: the assignment's own state
// (TrainedModelAssignment.Builder.calculateAssignmentState), and what the stats say on top of it
// when every route failed (TransportGetDeploymentStatsAction). See docs/rules.md, "Failure states".
import { OTHER_MESSAGES } from '../errors/messages.js';
import type { DeploymentAssignmentState, RoutingState } from '../schemas/common.js';

/** The assignment states that are stored (`failed` never is: it is computed for stats). */
export type StoredAssignmentState = Exclude<DeploymentAssignmentState, 'failed'>;

/**
 * `calculateAssignmentState`: `stopping` stays; a deployment of 0 allocations or with a started
 * route is `started`; otherwise (routes starting, failed, stopping or none) `starting`.
 */
export function calculateAssignmentState(
  stopping: boolean,
  numberOfAllocations: number,
  routeStates: Iterable<RoutingState>,
): StoredAssignmentState {
  if (stopping) {
    return 'stopping';
  }
  if (numberOfAllocations === 0) {
    return 'started';
  }
  for (const state of routeStates) {
    if (state === 'started') {
      return 'started';
    }
  }
  return 'starting';
}

/**
 * The stats' `state` and `reason`: the assignment's, except that a routing table whose routes all
 * failed reads `failed`, with `All node routes are failed; see node route reason for details`
 * when the assignment has no reason of its own.
 */
export function deploymentStatsState(
  assignmentState: StoredAssignmentState,
  reason: string | undefined,
  routeStates: readonly RoutingState[],
): { state: DeploymentAssignmentState; reason: string | undefined } {
  if (routeStates.length > 0 && routeStates.every((s) => s === 'failed')) {
    return { state: 'failed', reason: reason ?? OTHER_MESSAGES.allRoutesFailed };
  }
  return { state: assignmentState, reason };
}

/** The reason a route gets when its node's inference process fails for good (DeploymentManager). */
export function processCrashReason(reason: string): string {
  return OTHER_MESSAGES.processCrashed(reason);
}
