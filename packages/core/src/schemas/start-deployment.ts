import { type Static, Type } from '@sinclair/typebox';
import { AdaptiveAllocationsRequest } from './adaptive-allocations.js';
import {
  ByteSize,
  DeploymentAllocationState,
  deprecatedAlias,
  PositiveInt,
  TrainingPriority,
} from './common.js';
import { CommonQuery } from './common-query.js';
import { TrainedModelAssignment } from './trained-model-assignment.js';

/** Path parameters of `_start`: here `model_id` is the model to deploy. */
export const StartDeploymentParams = Type.Object(
  { model_id: Type.String({ minLength: 1, description: 'The model to deploy.' }) },
  { additionalProperties: false },
);
export type StartDeploymentParams = Static<typeof StartDeploymentParams>;

const ThreadsPerAllocation = Type.Union(
  [1, 2, 4, 8, 16, 32].map((n) => Type.Literal(n)),
  { description: 'Threads per allocation: a power of 2, at most 32 (default 1).' },
);

const startFields = {
  cache_size: Type.Optional(ByteSize),
  deployment_id: Type.Optional(Type.String({ minLength: 1, description: 'Defaults to the model id.' })),
  number_of_allocations: Type.Optional(PositiveInt('Allocations to start with (default 1).')),
  priority: Type.Optional(TrainingPriority),
  queue_capacity: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 99_999, description: 'Queue size (server default 10000).' }),
  ),
  threads_per_allocation: Type.Optional(ThreadsPerAllocation),
  timeout: Type.Optional(Type.String({ description: 'How long to wait (server default 30s).' })),
  wait_for: Type.Optional(DeploymentAllocationState),
};

/** Query parameters of `_start`. */
export const StartDeploymentQuery = Type.Object(
  { ...startFields, ...CommonQuery },
  { additionalProperties: false },
);
export type StartDeploymentQuery = Static<typeof StartDeploymentQuery>;

/** Body of `_start`: the spec lists only adaptive allocations; the server also takes the query fields. */
export const StartDeploymentBody = Type.Object(
  {
    ...startFields,
    model_id: Type.Optional(Type.String({ description: 'If given, must equal the path id.' })),
    adaptive_allocations: Type.Optional(
      Type.Union([AdaptiveAllocationsRequest, Type.Null()], {
        description: 'Adaptive allocations settings; null means none.',
      }),
    ),
    inference_threads: Type.Optional(deprecatedAlias('threads_per_allocation', ThreadsPerAllocation)),
    model_threads: Type.Optional(
      deprecatedAlias('number_of_allocations', PositiveInt('Allocations to start with (default 1).')),
    ),
  },
  { additionalProperties: false },
);
export type StartDeploymentBody = Static<typeof StartDeploymentBody>;

/** The answer of `_start`. */
export const StartDeploymentResponse = Type.Object({ assignment: TrainedModelAssignment });
export type StartDeploymentResponse = Static<typeof StartDeploymentResponse>;
