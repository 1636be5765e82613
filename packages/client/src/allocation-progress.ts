import type { DeploymentStats, RoutingState, TrainedModelAssignment } from '@mldeploy/core';

/** One node's share of a deployment (see `toAllocationProgress` for where the target comes from). */
export interface NodeAllocationProgress {
  nodeId: string;
  nodeName?: string;
  routingState: RoutingState;
  currentAllocations: number;
  /** The node's target; undefined when it is not known (stats carry no per-node target). */
  targetAllocations: number | undefined;
  /** Why the node is in its routing state, when the server says (usually when it failed). */
  reason?: string;
}

/** A deployment's allocations as a person reads them; what `waitForAllocations` reports. */
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
  /**
   * The answer of the `_update` or `_start` being waited for: it gives the per-node targets the
   * progress reports carry (stats alone do not).
   */
  assignment?: TrainedModelAssignment;
  /**
   * The clock the timeout is measured with, in milliseconds; default the client's `now` option, else
   * `Date.now`. With {@link sleep}, lets a test (or a simulated cluster) step time instead of waiting.
   */
  now?: () => number;
  /**
   * Waits between polls: resolves after `ms`, or rejects with the signal's reason when it aborts.
   * Default: the client's `sleep` option, else a timer.
   */
  sleep?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
}
