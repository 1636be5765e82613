import type { DeploymentStats, GetTrainedModelsStatsResponse } from '@mldeploy/core';
import { ApiError } from '@mldeploy/core/rules';
import type { AllocationProgress, WaitForAllocationsOptions } from './allocation-progress.js';
import { sleep as timerSleep } from './internal/backoff.js';
import { aborted } from './internal/transport.js';
import { toAllocationProgress } from './view.js';

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
  const {
    timeout = 600_000,
    signal,
    onProgress,
    until = 'fully_allocated',
    intervalMs = 1000,
    assignment,
    now = Date.now,
    sleep = timerSleep,
  } = options;
  const deadline = now() + timeout;
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
        hint: 'Start it first (startDeployment), or check the deployment id with getDeploymentStats.',
      });
    }
    last = toAllocationProgress(stats, assignment);
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
    const remaining = deadline - now();
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
