import { type Static, Type } from '@sinclair/typebox';
import { LIMITS } from '../defaults.js';
import { INFERENCE_TASK_TYPES } from '../rules/check-inference-update.js';
import { AdaptiveAllocationsRequest, AdaptiveAllocationsSettings } from './adaptive-allocations.js';

/** A task type of an inference endpoint (`TaskType`). */
export const InferenceTaskType = Type.Union(
  INFERENCE_TASK_TYPES.map((t) => Type.Literal(t)),
  { description: 'The task type of an inference endpoint.' },
);

/** The path parameters of `PUT _inference/{task_type}/{inference_id}/_update`. */
export const UpdateInferenceEndpointParams = Type.Object({
  task_type: Type.Optional(InferenceTaskType),
  inference_id: Type.String({ minLength: 1, description: 'The inference endpoint id.' }),
});

/** Its query. */
export const UpdateInferenceEndpointQuery = Type.Object({
  timeout: Type.Optional(Type.String({ description: 'How long to wait for the update (default 30s).' })),
});

/**
 * The body for an endpoint of the in-cluster `elasticsearch` service: exactly one of
 * `num_allocations` and `adaptive_allocations` in `service_settings` (docs/rules.md).
 */
export const UpdateInferenceEndpointBody = Type.Object(
  {
    task_type: Type.Optional(InferenceTaskType),
    service_settings: Type.Optional(
      Type.Object(
        {
          num_allocations: Type.Optional(
            Type.Union([Type.Integer({ minimum: 1, maximum: LIMITS.max_int }), Type.Null()]),
          ),
          adaptive_allocations: Type.Optional(Type.Union([AdaptiveAllocationsRequest, Type.Null()])),
        },
        { additionalProperties: false },
      ),
    ),
    task_settings: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
);
export type UpdateInferenceEndpointBody = Static<typeof UpdateInferenceEndpointBody>;

/** The endpoint as the server answers it (ModelConfigurations.toFilteredXContent). */
export const InferenceEndpointResponse = Type.Object({
  inference_id: Type.String(),
  task_type: InferenceTaskType,
  service: Type.String(),
  service_settings: Type.Object({
    num_allocations: Type.Optional(Type.Integer()),
    num_threads: Type.Integer(),
    model_id: Type.String(),
    adaptive_allocations: Type.Optional(AdaptiveAllocationsSettings),
    deployment_id: Type.Optional(Type.String()),
  }),
  task_settings: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  chunking_settings: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});
export type InferenceEndpointResponse = Static<typeof InferenceEndpointResponse>;
