import type { DeploymentStats, RoutingState } from '@mldeploy/core';

/** One node's share of a deployment while waiting. */
export interface NodeAllocationProgress {
  nodeId: string;
  nodeName?: string;
  routingState: RoutingState;
  currentAllocations: number;
  targetAllocations: number;
}

/** One progress report of `waitForAllocations`. */
export interface AllocationProgress {
  deploymentId: string;
  /** `allocation_status.state` (`starting`, `started`, `fully_allocated`), else the deployment state. */
  state: string;
  allocationCount: number;
  targetAllocationCount: number;
  nodes: NodeAllocationProgress[];
  stats: DeploymentStats;
}

/** Options of `waitForAllocations`. */
export interface WaitForAllocationsOptions {
  /** Milliseconds to wait in total; default 600000. */
  timeout?: number;
  signal?: AbortSignal;
  onProgress?: (progress: AllocationProgress) => void;
  /** Stop waiting at `started` or at `fully_allocated` (default). */
  until?: 'started' | 'fully_allocated';
  /** Milliseconds between polls; default 1000. */
  intervalMs?: number;
}
