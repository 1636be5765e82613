// A deployment's states as Elasticsearch derives them from its routes (core's
// calculateAssignmentState and deploymentStatsState; docs/rules.md, "Failure states"): the state
// the assignment stores, and what the stats say.
import {
  calculateAssignmentState,
  deploymentStatsState,
  type StoredAssignmentState,
} from '@mldeploy/core/rules';
import type { Deployment } from './deployment.js';

/**
 * The stored assignment state. Routes that failed make it follow `calculateAssignmentState` (no
 * started route: `starting`); otherwise the mock's own state, a seeded `failed` reading `starting`
 * (`failed` is never stored).
 */
export function assignmentStateOf(d: Readonly<Deployment>): StoredAssignmentState {
  if (d.state === 'stopping') {
    return 'stopping';
  }
  const states = [...d.routes.values()].map((r) => r.state);
  if (states.includes('failed')) {
    return calculateAssignmentState(false, d.number_of_allocations, states);
  }
  return d.state === 'failed' ? 'starting' : d.state;
}

/** The stats' `state` and `reason`: `failed` when every route failed (or the seed says so). */
export function statsStateOf(d: Readonly<Deployment>): {
  state: StoredAssignmentState | 'failed';
  reason: string | undefined;
} {
  if (d.state === 'failed') {
    return { state: 'failed', reason: d.reason };
  }
  return deploymentStatsState(
    assignmentStateOf(d),
    d.reason,
    [...d.routes.values()].map((r) => r.state),
  );
}
