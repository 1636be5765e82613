import type { AdaptiveAllocationsRequest } from '@mldeploy/core';
import type { QueryParamOf, QueryValue, UPDATE_ENDPOINT } from '@mldeploy/core/endpoints';
import type { CallOptions } from './client-options.js';

/**
 * A query parameter `_update` reads, other than the ones with options of their own. Derived from
 * core's endpoint data: a parameter added there is accepted here (docs/architecture.md).
 */
export type UpdateQueryParam = Exclude<
  QueryParamOf<typeof UPDATE_ENDPOINT>,
  'number_of_allocations' | 'timeout'
>;

/** Adaptive settings that keep adaptive allocations off, so a fixed number may be sent with them. */
export type AdaptiveAllocationsDisabled = Omit<AdaptiveAllocationsRequest, 'enabled'> & { enabled: false };

/**
 * The input of `updateDeployment`: a fixed number (optionally switching adaptive allocations off or
 * removing them), or adaptive settings alone. A number together with adaptive enabled does not type-check.
 */
export type UpdateDeploymentInput =
  | { number_of_allocations: number; adaptive_allocations?: AdaptiveAllocationsDisabled | null }
  | { number_of_allocations?: never; adaptive_allocations: AdaptiveAllocationsRequest | null };

/** Per-call options of `updateDeployment` and `describeUpdate`. */
export interface UpdateDeploymentOptions extends CallOptions {
  signal?: AbortSignal;
  /** Send the number as `?number_of_allocations=` (servers 8.15+) instead of a body. */
  asQueryParameter?: boolean;
  /** Elasticsearch's ack timeout, e.g. `30s`. */
  timeout?: string;
  /** Any other query parameter core's endpoint data lists for `_update`; checked by core before sending. */
  query?: Partial<Record<UpdateQueryParam, QueryValue>>;
}

/** The exact request `updateDeployment` would send, with secrets redacted in `headers`. */
export interface RequestDescription {
  method: 'POST';
  path: string;
  /** The query string without `?`; empty when there is none. */
  query: string;
  /** The JSON body text; undefined when the number travels in the query. */
  body: string | undefined;
  headers: Record<string, string>;
}
