import { CloneType, type Static, Type } from '@sinclair/typebox';
import { DEFAULTS, LIMITS, THREADS_PER_ALLOCATION_VALUES } from '../defaults.js';
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
  THREADS_PER_ALLOCATION_VALUES.map((n) => Type.Literal(n)),
  {
    description: 'Threads per allocation: a power of 2, at most 32.',
    default: DEFAULTS.start.threads_per_allocation,
  },
);

const startFields = {
  cache_size: Type.Optional(
    CloneType(ByteSize, { description: "The inference cache size; defaults to the model's size." }),
  ),
  deployment_id: Type.Optional(Type.String({ minLength: 1, description: 'Defaults to the model id.' })),
  number_of_allocations: Type.Optional(
    CloneType(PositiveInt('Allocations to start with.'), {
      default: DEFAULTS.start.number_of_allocations,
    }),
  ),
  priority: Type.Optional(CloneType(TrainingPriority, { default: DEFAULTS.start.priority })),
  queue_capacity: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: LIMITS.max_queue_capacity - 1,
      description: 'Queue size.',
      default: DEFAULTS.start.queue_capacity,
    }),
  ),
  threads_per_allocation: Type.Optional(ThreadsPerAllocation),
  timeout: Type.Optional(Type.String({ description: 'How long to wait.', default: DEFAULTS.start.timeout })),
  wait_for: Type.Optional(CloneType(DeploymentAllocationState, { default: DEFAULTS.start.wait_for })),
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
      deprecatedAlias('number_of_allocations', PositiveInt('Allocations to start with.')),
    ),
  },
  { additionalProperties: false },
);
export type StartDeploymentBody = Static<typeof StartDeploymentBody>;

/** The answer of `_start`. */
export const StartDeploymentResponse = Type.Object({ assignment: TrainedModelAssignment });
export type StartDeploymentResponse = Static<typeof StartDeploymentResponse>;
