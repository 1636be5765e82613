import type { AdaptiveSettings } from './adaptive-allocations.js';

/** An `_update` request as the server understands it, after the REST layer has read it. */
export interface UpdateRequest {
  /** The deployment id (the path's `model_id`). */
  deployment_id: string;
  /** The new number of allocations; undefined means unchanged. */
  number_of_allocations?: number;
  /**
   * Adaptive settings to merge; null removes them (body `"adaptive_allocations": null`);
   * undefined leaves them as they are. Bounds of -1 clear a stored bound.
   */
  adaptive_allocations?: AdaptiveSettings | null;
  /** Where the number came from. */
  source: 'query' | 'body';
  /** The ack and master timeouts as given (defaults 30s). */
  timeout: string;
  master_timeout: string;
  /** Deprecation warnings to send as `Warning` headers. */
  warnings: string[];
}
