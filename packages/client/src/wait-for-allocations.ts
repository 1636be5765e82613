import type { DeploymentStats, GetTrainedModelsStatsResponse } from '@mldeploy/core';
import { ApiError } from '@mldeploy/core/rules';
import type {
  AllocationProgress,
  NodeAllocationProgress,
  WaitForAllocationsOptions,
} from './allocation-progress.js';
import { sleep } from './internal/backoff.js';
import { aborted } from './internal/transport.js';

/** Builds a progress report from a deployment's stats. */
export function toAllocationProgress(stats: DeploymentStats): AllocationProgress {
  const nodes: NodeAllocationProgress[] = stats.nodes.map((n, i) => {
    const [nodeId, content] = Object.entries(n.node ?? {})[0] ?? [`node-${i}`, undefined];
    const entry: NodeAllocationProgress = {
      nodeId,
      routingState: n.routing_state.routing_state,
      currentAllocations: n.number_of_allocations ?? 0,
      // Stats carry no per-node target; the node's own allocation count is the best known value.
      targetAllocations: n.number_of_allocations ?? 0,
    };
    if (content?.name !== undefined) {
      entry.nodeName = content.name;
    }
    return entry;
  });
  return {
    deploymentId: stats.deployment_id,
    state: stats.allocation_status?.state ?? stats.state ?? 'unknown',
    allocationCount: stats.allocation_status?.allocation_count ?? 0,
    targetAllocationCount:
      stats.allocation_status?.target_allocation_count ?? stats.number_of_allocations ?? 0,
    nodes,
    stats,
  };
}

/** True when the progress has reached the wanted state. */
function reached(p: AllocationProgress, until: 'started' | 'fully_allocated'): boolean {
  if (p.stats.state !== 'started') {
    return false;
  }
  if (until === 'started') {
    return true;
  }
  return p.state === 'fully_allocated';
}

/**
 * Polls stats until the deployment reaches `until`, reporting progress; fails with WAIT_FAILED on a
 * failed deployment or route and on timeout, and with ABORTED when the signal aborts.
 */
export async function waitForAllocations(
  getStats: (id: string, signal: AbortSignal | undefined) => Promise<GetTrainedModelsStatsResponse>,
  deploymentId: string,
  options: WaitForAllocationsOptions = {},
): Promise<DeploymentStats> {
  const { timeout = 600_000, signal, onProgress, until = 'fully_allocated', intervalMs = 1000 } = options;
  const deadline = Date.now() + timeout;
  let last: AllocationProgress | undefined;
  for (;;) {
    if (signal?.aborted) {
      throw aborted(signal.reason);
    }
    const response = await getStats(deploymentId, signal);
    const stats = response.trained_model_stats.find(
      (s) => s.deployment_stats?.deployment_id === deploymentId,
    )?.deployment_stats;
    if (stats === undefined) {
      throw new ApiError('WAIT_FAILED', `Deployment [${deploymentId}] does not exist (any more)`, {
        hint: 'Start it first, or check the deployment id with `mldeploy status`.',
      });
    }
    last = toAllocationProgress(stats);
    onProgress?.(last);
    const failedNode = last.nodes.find((n) => n.routingState === 'failed');
    if (stats.state === 'failed' || failedNode) {
      const reason =
        stats.reason ??
        stats.nodes.find((n) => n.routing_state.routing_state === 'failed')?.routing_state.reason ??
        'no reason given';
      const where = failedNode ? ` on node [${failedNode.nodeName ?? failedNode.nodeId}]` : '';
      throw new ApiError('WAIT_FAILED', `Deployment [${deploymentId}] failed${where}: ${reason}`, {
        hint: 'Check the node logs and the deployment stats; stop and start the deployment once the cause is fixed.',
      });
    }
    if (reached(last, until)) {
      return stats;
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      throw new ApiError(
        'WAIT_FAILED',
        `Timed out after ${timeout} ms waiting for deployment [${deploymentId}] to be ${until}; it is ${last.state} with ${last.allocationCount} of ${last.targetAllocationCount} allocations`,
        { hint: 'Wait longer, or add ML capacity if allocations cannot be placed.' },
      );
    }
    try {
      await sleep(Math.min(intervalMs, remaining), signal);
    } catch (reason) {
      throw aborted(reason);
    }
  }
}
