import { type Static, Type } from '@sinclair/typebox';
import { DEFAULTS } from '../defaults.js';
import { CommonQuery } from './common-query.js';

/** Path parameters of `_stop`: the deployment id. */
export const StopDeploymentParams = Type.Object(
  { model_id: Type.String({ minLength: 1, description: 'The deployment id.' }) },
  { additionalProperties: false },
);
export type StopDeploymentParams = Static<typeof StopDeploymentParams>;

const stopFields = {
  allow_no_match: Type.Optional(
    Type.Boolean({
      description: 'Answer 200 when nothing matches.',
      default: DEFAULTS.stop.allow_no_match,
    }),
  ),
  force: Type.Optional(
    Type.Boolean({
      description: 'Stop even when ingest pipelines use it.',
      default: DEFAULTS.stop.force,
    }),
  ),
};

/** Query parameters of `_stop`. */
export const StopDeploymentQuery = Type.Object(
  { ...stopFields, ...CommonQuery },
  { additionalProperties: false },
);
export type StopDeploymentQuery = Static<typeof StopDeploymentQuery>;

/** Body of `_stop`. */
export const StopDeploymentBody = Type.Object(
  {
    ...stopFields,
    model_id: Type.Optional(Type.String({ description: 'If given, must equal the path id.' })),
  },
  { additionalProperties: false },
);
export type StopDeploymentBody = Static<typeof StopDeploymentBody>;

/** The answer of `_stop`. */
export const StopDeploymentResponse = Type.Object({ stopped: Type.Boolean() });
export type StopDeploymentResponse = Static<typeof StopDeploymentResponse>;
