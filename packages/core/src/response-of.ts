import type { Static, TSchema } from '@sinclair/typebox';
import type { DEFINITIONS } from './endpoints/definitions.generated.js';
import type { EndpointKey } from './endpoints.js';

/** The type of an endpoint's successful answer, from its definition's `response` schema. */
export type ResponseOf<K extends EndpointKey> = (typeof DEFINITIONS)[K]['response'] extends infer S extends
  TSchema
  ? Static<S>
  : never;
