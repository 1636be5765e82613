import { type Static, Type } from '@sinclair/typebox';
import { DEFAULTS } from '../defaults.js';
import { AdaptiveAllocationsRequest } from './adaptive-allocations.js';
import { deprecatedAlias, PositiveInt } from './common.js';
import { CommonQuery } from './common-query.js';
import { TrainedModelAssignment } from './trained-model-assignment.js';

/** Path parameters of `_update`. `model_id` is really the deployment id. */
export const UpdateDeploymentParams = Type.Object(
  {
    model_id: Type.String({
      minLength: 1,
      description: 'The deployment id (the path calls it model_id; the server looks up a deployment).',
    }),
  },
  { additionalProperties: false },
);
export type UpdateDeploymentParams = Static<typeof UpdateDeploymentParams>;

/** Query parameters of `_update`, after conversion from strings. */
export const UpdateDeploymentQuery = Type.Object(
  {
    number_of_allocations: Type.Optional(
      PositiveInt('The new number of allocations. Excludes a request body; absent means unchanged.'),
    ),
    timeout: Type.Optional(Type.String({ description: 'Ack timeout.', default: DEFAULTS.update.timeout })),
    master_timeout: Type.Optional(
      Type.String({ description: 'Master node timeout.', default: DEFAULTS.update.master_timeout }),
    ),
    ...CommonQuery,
  },
  { additionalProperties: false },
);
export type UpdateDeploymentQuery = Static<typeof UpdateDeploymentQuery>;

/** The body of `_update`. Unknown fields are rejected, as the server's strict parser does. */
export const UpdateDeploymentBody = Type.Object(
  {
    number_of_allocations: Type.Optional(
      PositiveInt(
        'The total number of allocations across ML nodes. Must not be set while adaptive allocations are enabled.',
      ),
    ),
    adaptive_allocations: Type.Optional(
      Type.Union([AdaptiveAllocationsRequest, Type.Null()], {
        description:
          'Adaptive allocations settings, merged field by field with the stored ones; null removes them.',
      }),
    ),
    model_id: Type.Optional(
      Type.String({ description: 'Undocumented; when present it must equal the path id.' }),
    ),
    model_threads: Type.Optional(
      deprecatedAlias(
        'number_of_allocations',
        PositiveInt('Deprecated alias of number_of_allocations (answered with a deprecation warning).'),
      ),
    ),
    timeout: Type.Optional(
      Type.String({ description: 'Accepted but without effect; the query timeout wins.' }),
    ),
  },
  {
    additionalProperties: false,
    description: 'Change a deployment: a fixed number of allocations, or adaptive allocations.',
    examples: [{ number_of_allocations: 4 }],
  },
);
export type UpdateDeploymentBody = Static<typeof UpdateDeploymentBody>;

/** The answer of `_update`: the assignment as it is after the change. */
export const UpdateDeploymentResponse = Type.Object(
  { assignment: TrainedModelAssignment },
  { description: 'The deployment after the update.' },
);
export type UpdateDeploymentResponse = Static<typeof UpdateDeploymentResponse>;
