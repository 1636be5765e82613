import { type Static, Type } from '@sinclair/typebox';
import { AdaptiveAllocationsSettings } from './adaptive-allocations.js';
import {
  ByteSize,
  DeploymentAllocationState,
  DeploymentAssignmentState,
  RoutingState,
  TrainingPriority,
} from './common.js';
import { CommonQuery, ListQuery } from './common-query.js';

const Count = Type.Integer({ minimum: 0 });

/** A node as stats describe it (`DiscoveryNodeContent`). */
export const DiscoveryNodeContent = Type.Object(
  {
    name: Type.Optional(Type.String()),
    ephemeral_id: Type.String(),
    transport_address: Type.String(),
    external_id: Type.String(),
    attributes: Type.Record(Type.String(), Type.String()),
    roles: Type.Array(Type.String()),
    version: Type.String(),
    min_index_version: Type.Integer(),
    max_index_version: Type.Integer(),
  },
  { description: 'An ML node.' },
);
export type DiscoveryNodeContent = Static<typeof DiscoveryNodeContent>;

/** Per-node statistics of a deployment. */
export const DeploymentNodeStats = Type.Object({
  node: Type.Optional(Type.Record(Type.String(), DiscoveryNodeContent)),
  routing_state: Type.Object({ routing_state: RoutingState, reason: Type.Optional(Type.String()) }),
  inference_count: Type.Optional(Count),
  average_inference_time_ms: Type.Optional(Type.Number()),
  average_inference_time_ms_excluding_cache_hits: Type.Optional(Type.Number()),
  inference_cache_hit_count: Type.Optional(Count),
  last_access: Type.Optional(Type.Integer()),
  number_of_pending_requests: Type.Optional(Count),
  error_count: Type.Optional(Count),
  rejected_execution_count: Type.Optional(Count),
  timeout_count: Type.Optional(Count),
  start_time: Type.Optional(Type.Integer({ description: 'Epoch millis.' })),
  threads_per_allocation: Type.Optional(Type.Integer({ minimum: 1 })),
  number_of_allocations: Type.Optional(Count),
  peak_throughput_per_minute: Count,
  throughput_last_minute: Count,
  average_inference_time_ms_last_minute: Type.Optional(Type.Number()),
  inference_cache_hit_count_last_minute: Type.Optional(Count),
});
export type DeploymentNodeStats = Static<typeof DeploymentNodeStats>;

/** `deployment_stats`, computed from the assignment. */
export const DeploymentStats = Type.Object({
  deployment_id: Type.String(),
  model_id: Type.String(),
  threads_per_allocation: Type.Optional(Type.Integer({ minimum: 1 })),
  number_of_allocations: Type.Optional(Count),
  adaptive_allocations: Type.Optional(AdaptiveAllocationsSettings),
  queue_capacity: Type.Optional(Count),
  state: Type.Optional(DeploymentAssignmentState),
  reason: Type.Optional(Type.String()),
  allocation_status: Type.Optional(
    Type.Object({
      allocation_count: Count,
      target_allocation_count: Count,
      state: DeploymentAllocationState,
    }),
  ),
  cache_size: Type.Optional(ByteSize),
  priority: TrainingPriority,
  start_time: Type.Integer({ description: 'Epoch millis (unlike the assignment, which writes ISO-8601).' }),
  start_time_string: Type.Optional(Type.String()),
  error_count: Type.Optional(Count),
  rejected_execution_count: Type.Optional(Count),
  timeout_count: Type.Optional(Count),
  inference_count: Type.Optional(Count),
  peak_throughput_per_minute: Count,
  nodes: Type.Array(DeploymentNodeStats),
});
export type DeploymentStats = Static<typeof DeploymentStats>;

/** One entry of `trained_model_stats`: one per deployment (or per undeployed model). */
export const TrainedModelStats = Type.Object({
  model_id: Type.String(),
  model_size_stats: Type.Object({ model_size_bytes: ByteSize, required_native_memory_bytes: ByteSize }),
  pipeline_count: Count,
  ingest: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  inference_stats: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  deployment_stats: Type.Optional(DeploymentStats),
});
export type TrainedModelStats = Static<typeof TrainedModelStats>;

/** Path parameters of `_stats`; the id may be a comma list or wildcard, or absent. */
export const GetTrainedModelsStatsParams = Type.Object(
  {
    model_id: Type.Optional(
      Type.String({ minLength: 1, description: 'Model or deployment ids, wildcards allowed.' }),
    ),
  },
  { additionalProperties: false },
);
export type GetTrainedModelsStatsParams = Static<typeof GetTrainedModelsStatsParams>;

/** Query parameters of `_stats`. */
export const GetTrainedModelsStatsQuery = Type.Object(
  {
    ...ListQuery,
    ...CommonQuery,
  },
  { additionalProperties: false },
);
export type GetTrainedModelsStatsQuery = Static<typeof GetTrainedModelsStatsQuery>;

/** The answer of `_stats`. `count` counts models; the array has one entry per deployment. */
export const GetTrainedModelsStatsResponse = Type.Object({
  count: Count,
  trained_model_stats: Type.Array(TrainedModelStats),
});
export type GetTrainedModelsStatsResponse = Static<typeof GetTrainedModelsStatsResponse>;
