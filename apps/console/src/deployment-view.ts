import type { DeploymentStats, TrainedModelAssignment } from '@mldeploy/client';
import { toAllocationProgress } from '@mldeploy/client';
import { type AdaptiveSettings, adaptiveSettingsFromJson } from '@mldeploy/core/rules';

/** One node's share of a deployment, as the bars draw it. */
export interface NodeView {
  nodeId: string;
  name: string;
  routingState: string;
  current: number;
  /** The node's target; undefined when only the total target is known (stats carry no per-node target). */
  target: number | undefined;
  reason: string | undefined;
}

/** What the list shows of one deployment. */
export interface DeploymentView {
  deploymentId: string;
  modelId: string;
  /** The assignment state (`starting`, `started`, `stopping`, `failed`). */
  state: string;
  /** `allocation_status.state` (`starting`, `started`, `fully_allocated`), when there is one. */
  allocationState: string | undefined;
  current: number;
  target: number;
  /** The configured number of allocations. */
  numberOfAllocations: number;
  nodes: NodeView[];
  adaptive: AdaptiveSettings | null;
  threads: number | undefined;
  priority: string;
  queueCapacity: number | undefined;
  reason: string | undefined;
}

/**
 * Builds the view of one deployment from its stats and, when known, its latest assignment (the answer
 * of an update). Stats give each node's current allocations; only an assignment gives per-node
 * targets, and it is used only while its targets still add up to the total target in the stats.
 */
export function toDeploymentView(
  stats: DeploymentStats,
  assignment?: TrainedModelAssignment,
): DeploymentView {
  const progress = toAllocationProgress(stats);
  const routing = assignment?.routing_table ?? {};
  const assignmentTarget = Object.values(routing).reduce((sum, r) => sum + r.target_allocations, 0);
  const useAssignment = assignment !== undefined && assignmentTarget === progress.targetAllocationCount;
  const nodes: NodeView[] = progress.nodes.map((n) => {
    const routed = useAssignment ? routing[n.nodeId] : undefined;
    const converged = progress.allocationCount === progress.targetAllocationCount;
    return {
      nodeId: n.nodeId,
      name: n.nodeName ?? n.nodeId,
      routingState: n.routingState,
      current: n.currentAllocations,
      // Once the totals agree, every node is at its target.
      target: routed?.target_allocations ?? (converged ? n.currentAllocations : undefined),
      reason: stats.nodes.find((s) => Object.keys(s.node ?? {})[0] === n.nodeId)?.routing_state.reason,
    };
  });
  // Nodes the assignment routes to but that stats do not list yet (no allocation started there).
  if (useAssignment) {
    for (const [nodeId, r] of Object.entries(routing)) {
      if (!nodes.some((n) => n.nodeId === nodeId)) {
        nodes.push({
          nodeId,
          name: nodeId,
          routingState: r.routing_state,
          current: r.current_allocations,
          target: r.target_allocations,
          reason: r.reason,
        });
      }
    }
  }
  return {
    deploymentId: stats.deployment_id,
    modelId: stats.model_id,
    state: stats.state ?? 'unknown',
    allocationState: stats.allocation_status?.state,
    current: progress.allocationCount,
    target: progress.targetAllocationCount,
    numberOfAllocations: stats.number_of_allocations ?? progress.targetAllocationCount,
    nodes,
    adaptive: adaptiveSettingsFromJson(stats.adaptive_allocations),
    threads: stats.threads_per_allocation,
    priority: stats.priority,
    queueCapacity: stats.queue_capacity,
    reason: stats.reason,
  };
}

/** True while a deployment is still moving: allocations short of or above the target, or a state in flux. */
export function isConverging(view: DeploymentView): boolean {
  return (
    view.current !== view.target ||
    view.state === 'starting' ||
    view.state === 'stopping' ||
    view.allocationState === 'starting' ||
    view.nodes.some((n) => n.routingState === 'starting' || n.routingState === 'stopping')
  );
}

/** "1–4" style text for adaptive bounds; an absent bound is shown as "any". */
export function adaptiveRange(adaptive: AdaptiveSettings | null): string {
  if (adaptive === null || adaptive.enabled !== true) {
    return 'off';
  }
  const min = adaptive.min_number_of_allocations ?? 'any';
  const max = adaptive.max_number_of_allocations ?? 'any';
  return `on, ${min}–${max} allocations`;
}
