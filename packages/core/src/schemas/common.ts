import { CloneType, type Static, type TSchema, Type } from '@sinclair/typebox';

/** An Elasticsearch identifier (`Id` in the specification). */
export const Id = Type.String({ minLength: 1, description: 'An Elasticsearch identifier.' });
export type Id = Static<typeof Id>;

/** A byte size: a number of bytes, or a string with a unit such as `"10kb"`. */
export const ByteSize = Type.Union([Type.Integer({ minimum: 0 }), Type.String()], {
  description: 'A number of bytes, or a string with a unit such as "1630b" or "10kb".',
});
export type ByteSize = Static<typeof ByteSize>;

/** Routing state of one deployment on one node. */
export const RoutingState = Type.Union(
  [
    Type.Literal('failed'),
    Type.Literal('started'),
    Type.Literal('starting'),
    Type.Literal('stopped'),
    Type.Literal('stopping'),
  ],
  { description: 'The state of a deployment on one node.' },
);
export type RoutingState = Static<typeof RoutingState>;

/** The overall state of a deployment's assignment. */
export const DeploymentAssignmentState = Type.Union(
  [Type.Literal('started'), Type.Literal('starting'), Type.Literal('stopping'), Type.Literal('failed')],
  { description: 'The overall assignment state.' },
);
export type DeploymentAssignmentState = Static<typeof DeploymentAssignmentState>;

/** The allocation state, as used by start's `wait_for` and by stats' `allocation_status.state`. */
export const DeploymentAllocationState = Type.Union(
  [Type.Literal('started'), Type.Literal('starting'), Type.Literal('fully_allocated')],
  { description: 'How far a deployment is allocated.' },
);
export type DeploymentAllocationState = Static<typeof DeploymentAllocationState>;

/** A deployment's priority. */
export const TrainingPriority = Type.Union([Type.Literal('normal'), Type.Literal('low')], {
  description: 'The deployment priority; low-priority deployments get one allocation of one thread.',
});
export type TrainingPriority = Static<typeof TrainingPriority>;

/** A positive 32-bit integer, as Elasticsearch's `int` fields accept it. */
export const PositiveInt = (description: string) =>
  Type.Integer({ minimum: 1, maximum: 2_147_483_647, description });

/**
 * Marks a body property as a deprecated alias of another one (a `ParseField` with a deprecated
 * name): `deprecated: true` in the JSON Schema, the same value type as the preferred field.
 */
export const deprecatedAlias = <T extends TSchema>(preferred: string, schema: T): T =>
  CloneType(schema, {
    deprecated: true,
    description: `Deprecated alias of ${preferred} (answered with a deprecation warning).`,
  });
