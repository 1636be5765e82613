import { type Static, Type } from '@sinclair/typebox';
import { AdaptiveAllocationsSettings } from './adaptive-allocations.js';
import { ByteSize, DeploymentAssignmentState, RoutingState, TrainingPriority } from './common.js';

/** The parameters a deployment was started with (`task_parameters`). */
export const TrainedModelAssignmentTaskParameters = Type.Object(
  {
    model_id: Type.String({ description: 'The model this deployment serves.' }),
    deployment_id: Type.String({ description: 'The deployment id.' }),
    model_bytes: ByteSize,
    threads_per_allocation: Type.Integer({ minimum: 1, description: 'Threads each allocation uses.' }),
    number_of_allocations: Type.Integer({
      minimum: 0,
      description: 'The total number of allocations this model is assigned across ML nodes.',
    }),
    queue_capacity: Type.Integer({ minimum: 1, description: 'Inference requests that may queue.' }),
    cache_size: Type.Optional(ByteSize),
    priority: TrainingPriority,
    per_deployment_memory_bytes: ByteSize,
    per_allocation_memory_bytes: ByteSize,
  },
  { description: 'The parameters of a deployment, fixed at start except number_of_allocations.' },
);
export type TrainedModelAssignmentTaskParameters = Static<typeof TrainedModelAssignmentTaskParameters>;

/** The allocation state of a deployment on one node. */
export const TrainedModelAssignmentRoutingTable = Type.Object(
  {
    current_allocations: Type.Integer({ minimum: 0, description: 'Current number of allocations.' }),
    target_allocations: Type.Integer({ minimum: 0, description: 'Target number of allocations.' }),
    routing_state: RoutingState,
    reason: Type.Optional(Type.String({ description: 'Usually set only when routing_state is failed.' })),
  },
  { description: 'The allocation state of a deployment on one node.' },
);
export type TrainedModelAssignmentRoutingTable = Static<typeof TrainedModelAssignmentRoutingTable>;

/** A trained model deployment's assignment, as `_update` and `_start` answer it. */
export const TrainedModelAssignment = Type.Object(
  {
    task_parameters: TrainedModelAssignmentTaskParameters,
    routing_table: Type.Record(Type.String(), TrainedModelAssignmentRoutingTable, {
      description: 'The allocation state for each node, keyed by node id.',
    }),
    assignment_state: DeploymentAssignmentState,
    reason: Type.Optional(Type.String()),
    start_time: Type.Union([Type.String(), Type.Integer()], {
      description: 'When the deployment started; the server writes an ISO-8601 string.',
    }),
    max_assigned_allocations: Type.Optional(Type.Integer({ minimum: 0 })),
    adaptive_allocations: Type.Optional(Type.Union([AdaptiveAllocationsSettings, Type.Null()])),
  },
  { description: 'A trained model deployment and where its allocations are.' },
);
export type TrainedModelAssignment = Static<typeof TrainedModelAssignment>;
