import {
  CloneType,
  type SchemaOptions,
  type Static,
  type TLiteral,
  type TSchema,
  type TUnion,
  Type,
} from '@sinclair/typebox';
import { ALLOCATION_STATES, ASSIGNMENT_STATES, LIMITS, PRIORITIES, ROUTING_STATES } from '../defaults.js';

/** An Elasticsearch identifier (`Id` in the specification). */
export const Id = Type.String({ minLength: 1, description: 'An Elasticsearch identifier.' });
export type Id = Static<typeof Id>;

/** A byte size: a number of bytes, or a string with a unit such as `"10kb"`. */
export const ByteSize = Type.Union([Type.Integer({ minimum: 0 }), Type.String()], {
  description: 'A number of bytes, or a string with a unit such as "1630b" or "10kb".',
});
export type ByteSize = Static<typeof ByteSize>;

/** A union of string literals built from one of core's plain enum arrays. */
export function literalUnion<const T extends readonly string[]>(
  values: T,
  options: SchemaOptions = {},
): TUnion<{ [K in keyof T]: TLiteral<T[K]> } & TSchema[]> {
  return Type.Union(
    values.map((v) => Type.Literal(v)),
    options,
  ) as unknown as TUnion<{ [K in keyof T]: TLiteral<T[K]> } & TSchema[]>;
}

/** Routing state of one deployment on one node. */
export const RoutingState = literalUnion(ROUTING_STATES, {
  description: 'The state of a deployment on one node.',
});
export type RoutingState = Static<typeof RoutingState>;

/** The overall state of a deployment's assignment. */
export const DeploymentAssignmentState = literalUnion(ASSIGNMENT_STATES, {
  description: 'The overall assignment state.',
});
export type DeploymentAssignmentState = Static<typeof DeploymentAssignmentState>;

/** The allocation state, as used by start's `wait_for` and by stats' `allocation_status.state`. */
export const DeploymentAllocationState = literalUnion(ALLOCATION_STATES, {
  description: 'How far a deployment is allocated.',
});
export type DeploymentAllocationState = Static<typeof DeploymentAllocationState>;

/** A deployment's priority. */
export const TrainingPriority = literalUnion(PRIORITIES, {
  description: 'The deployment priority; low-priority deployments get one allocation of one thread.',
});
export type TrainingPriority = Static<typeof TrainingPriority>;

/** A positive 32-bit integer, as Elasticsearch's `int` fields accept it. */
export const PositiveInt = (description: string) =>
  Type.Integer({ minimum: 1, maximum: LIMITS.max_int, description });

/**
 * Marks a body property as a deprecated alias of another one (a `ParseField` with a deprecated
 * name): `deprecated: true` in the JSON Schema, the same value type as the preferred field.
 */
export const deprecatedAlias = <T extends TSchema>(preferred: string, schema: T): T =>
  CloneType(schema, {
    deprecated: true,
    description: `Deprecated alias of ${preferred} (answered with a deprecation warning).`,
  });
