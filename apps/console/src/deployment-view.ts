import type { DeploymentStats, TrainedModelAssignment } from '@mldeploy/client';
import { toAllocationProgress } from '@mldeploy/client';
import { type AdaptiveSettings, adaptiveSettingsFromJson } from '@mldeploy/core/rules';

/** One node's share of a deployment, as the bars draw it. */
export interface NodeView {
  nodeId: string;
  name: string;
  routingState: string;
  current: number;
  /** The node's target; undefined when it is not known (see the client's `toAllocationProgress`). */
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
  /** Inferences per minute over the last minute, summed over nodes (0 when nothing runs inferences). */
  load: number;
}

/**
 * Builds the view of one deployment from its stats and, when known, its latest assignment (the answer
 * of an update). Allocations and per-node targets are the client's `toAllocationProgress` (one rule
 * for per-node targets, shared with the CLI).
 */
export function toDeploymentView(
  stats: DeploymentStats,
  assignment?: TrainedModelAssignment,
): DeploymentView {
  const progress = toAllocationProgress(stats, assignment);
  const nodes: NodeView[] = progress.nodes.map((n) => ({
    nodeId: n.nodeId,
    name: n.nodeName ?? n.nodeId,
    routingState: n.routingState,
    current: n.currentAllocations,
    target: n.targetAllocations,
    reason: n.reason,
  }));
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
    load: stats.nodes.reduce((sum, n) => sum + (n.throughput_last_minute ?? 0), 0),
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
