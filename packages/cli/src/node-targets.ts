import type { TrainedModelAssignment } from '@mldeploy/core';
import type { NodeProgress, WaitProgress } from './client-factory.js';

/**
 * Fills in each node's target from the `_update` answer's routing table. Stats only carry a node's
 * current allocations; the assignment says what each node is heading for, so `--wait` can show
 * current vs target per node. A node the assignment routes to but stats do not list yet shows 0/N.
 */
export function withNodeTargets(progress: WaitProgress, assignment: TrainedModelAssignment): WaitProgress {
  const routes = assignment.routing_table ?? {};
  const nodes: NodeProgress[] = progress.nodes.map((n) => {
    const route = routes[n.nodeId];
    return route ? { ...n, targetAllocations: route.target_allocations } : n;
  });
  for (const [nodeId, route] of Object.entries(routes)) {
    if (route.target_allocations > 0 && !nodes.some((n) => n.nodeId === nodeId)) {
      nodes.push({
        nodeId,
        routingState: route.routing_state,
        currentAllocations: 0,
        targetAllocations: route.target_allocations,
      });
    }
  }
  return { ...progress, nodes };
}
