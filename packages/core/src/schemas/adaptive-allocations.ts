import { type Static, Type } from '@sinclair/typebox';
import { LIMITS } from '../defaults.js';

const Min = Type.Integer({
  minimum: -1,
  maximum: LIMITS.max_int,
  description:
    'The minimum number of allocations to scale to; at least 0. -1 (or null in a request) clears a stored minimum.',
});
const Max = Type.Integer({
  minimum: -1,
  maximum: LIMITS.max_int,
  description:
    'The maximum number of allocations to scale to; at least 1 and at least the minimum. -1 (or null in a request) clears a stored maximum.',
});

/**
 * Adaptive allocations as a request sends them. Unlike the official specification, `enabled` is
 * optional (the server treats a missing value as "unchanged"), and `null` clears a bound.
 */
export const AdaptiveAllocationsRequest = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean({ description: 'If true, adaptive allocations is enabled.' })),
    min_number_of_allocations: Type.Optional(Type.Union([Min, Type.Null()])),
    max_number_of_allocations: Type.Optional(Type.Union([Max, Type.Null()])),
  },
  {
    additionalProperties: false,
    description:
      'Adaptive allocations settings. Fields merge one by one with the stored settings; null clears a bound.',
  },
);
export type AdaptiveAllocationsRequest = Static<typeof AdaptiveAllocationsRequest>;

/** Adaptive allocations as the server writes them: `enabled` always present, bounds when set. */
export const AdaptiveAllocationsSettings = Type.Object(
  {
    enabled: Type.Boolean({ description: 'If true, adaptive allocations is enabled.' }),
    min_number_of_allocations: Type.Optional(Min),
    max_number_of_allocations: Type.Optional(Max),
  },
  { additionalProperties: false, description: 'Adaptive allocations settings as stored by the server.' },
);
export type AdaptiveAllocationsSettings = Static<typeof AdaptiveAllocationsSettings>;
