import type { AdaptiveAllocationsRequest, InferenceTaskType } from '@mldeploy/core';

/**
 * The settings `updateInferenceEndpoint` changes on an endpoint of the in-cluster `elasticsearch`
 * service: a fixed number of allocations, or adaptive allocations (never both; the one not sent is
 * removed). See docs/rules.md, "Inference endpoint `_update`".
 */
export type InferenceEndpointAllocations =
  | { num_allocations: number; adaptive_allocations?: never }
  | { adaptive_allocations: AdaptiveAllocationsRequest; num_allocations?: never };

/** A task type of an inference endpoint (`any` matches whatever the endpoint has). */
export type { InferenceTaskType };
