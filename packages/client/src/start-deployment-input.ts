import type { AdaptiveAllocationsRequest, DeploymentAllocationState, TrainingPriority } from '@mldeploy/core';

/** The input of `startDeployment`; everything is optional and defaults on the server. */
export interface StartDeploymentInput {
  deployment_id?: string;
  number_of_allocations?: number;
  threads_per_allocation?: 1 | 2 | 4 | 8 | 16 | 32;
  priority?: TrainingPriority;
  queue_capacity?: number;
  cache_size?: string | number;
  wait_for?: DeploymentAllocationState;
  /** Elasticsearch's wait timeout, e.g. `30s`. */
  timeout?: string;
  adaptive_allocations?: AdaptiveAllocationsRequest;
}

/** The input of `stopDeployment`. */
export interface StopDeploymentInput {
  /** Stop even when ingest pipelines or inference endpoints use it. */
  force?: boolean;
  /** Answer 200 when the deployment does not exist (server default true). */
  allow_no_match?: boolean;
}
