// The server's defaults, limits and enums, as plain data: no TypeBox, so the rules entry, the mock's
// seed and the console read them as they are. The TypeBox schemas are built from these arrays and
// write the defaults as `default` in the JSON Schema and OpenAPI documents. Sources: docs/rules.md.

/** A deployment's priority (`Priority`). */
export const PRIORITIES = ['normal', 'low'] as const;

/** The state of a deployment on one node (`RoutingState`). */
export const ROUTING_STATES = ['failed', 'started', 'starting', 'stopped', 'stopping'] as const;

/**
 * The overall state of an assignment (`AssignmentState`). `failed` is only ever computed for the
 * stats' `state`; an assignment's own `assignment_state` is never persisted as `failed`.
 */
export const ASSIGNMENT_STATES = ['started', 'starting', 'stopping', 'failed'] as const;

/** How far a deployment is allocated (`AllocationStatus.State`): `_start`'s `wait_for`, stats. */
export const ALLOCATION_STATES = ['started', 'starting', 'fully_allocated'] as const;

/** The values `threads_per_allocation` may take: a power of 2, at most 32. */
export const THREADS_PER_ALLOCATION_VALUES = [1, 2, 4, 8, 16, 32] as const;

/** Limits the server enforces. */
export const LIMITS = {
  /** Java's Integer.MAX_VALUE: every `int` field. */
  max_int: 2_147_483_647,
  max_threads_per_allocation: 32,
  /** `queue_capacity` must be below this (`[queue_capacity] must be less than 100000`). */
  max_queue_capacity: 100_000,
} as const;

/** The ack and master-node timeouts every endpoint here defaults to. */
export const DEFAULT_TIMEOUT = '30s';

/** Defaults of every endpoint's parameters, as the newest server code has them. */
export const DEFAULTS = {
  update: { timeout: DEFAULT_TIMEOUT, master_timeout: DEFAULT_TIMEOUT },
  /**
   * `_start`. The specification says queue 1024 and timeout 20s; the server code says 10000 and
   * 30s. `cache_size` defaults to the model's size ({@link defaultCacheSize}).
   */
  start: {
    number_of_allocations: 1,
    threads_per_allocation: 1,
    queue_capacity: 10_000,
    priority: 'normal',
    timeout: DEFAULT_TIMEOUT,
    wait_for: 'started',
  },
  stop: { allow_no_match: true, force: false },
  /** Get stats and get models. */
  list: { allow_no_match: true, from: 0, size: 100 },
} as const;

/** `_start`'s default `cache_size`: the model's size in bytes, written as `ByteSizeValue` does. */
export function defaultCacheSize(modelBytes: number): string {
  return `${modelBytes}b`;
}
