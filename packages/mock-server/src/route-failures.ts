// Failed routes (docs/rules.md, "Failure states"): a node's inference process failing for good,
// and the rebalancer restarting a failed route its new plan keeps.
import { processCrashReason } from '@mldeploy/core/rules';
import type { Deployment } from './deployment.js';

/**
 * Fails the process of every deployment on `nodeId`: its route reads `failed` with
 * DeploymentManager's crash reason; `forget` drops the process's counters. Stopping routes stay.
 */
export function failRoutesOnNode(
  deployments: Iterable<Deployment>,
  nodeId: string,
  why: string,
  forget: (d: Deployment, nodeId: string) => void,
): void {
  for (const d of deployments) {
    const r = d.routes.get(nodeId);
    if (r && r.state !== 'stopping') {
      r.state = 'failed';
      r.reason = processCrashReason(why);
      delete r.startedAt;
      forget(d, nodeId);
    }
  }
}

/**
 * TrainedModelAssignmentRebalancer.buildAssignmentsFromPlan: a failed route the plan keeps starts
 * again, with an empty reason and its current allocations, from `now`.
 */
export function restartFailedRoutes(
  d: Deployment,
  now: number,
  forget: (d: Deployment, nodeId: string) => void,
): void {
  for (const [nodeId, r] of d.routes) {
    if (r.state === 'failed' && r.target > 0) {
      r.state = 'starting';
      r.reason = '';
      r.from = r.current;
      r.since = now;
      forget(d, nodeId);
    }
  }
}
