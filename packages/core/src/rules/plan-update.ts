import type { EsError } from '../errors/envelope.js';
import { errors, VALIDATION_MESSAGES } from '../errors/messages.js';
import type { DeploymentAssignmentState, TrainingPriority } from '../schemas/common.js';
import {
  type AdaptiveSettings,
  adaptiveSettingsEqual,
  RESET_PLACEHOLDER,
  resolveAdaptiveSettings,
  validateAdaptiveSettings,
} from './adaptive-allocations.js';
import type { UpdateRequest } from './update-request.js';

/** What the server knows about a deployment when an update arrives. */
export interface DeploymentSnapshot {
  number_of_allocations: number;
  adaptive_allocations: AdaptiveSettings | null;
  assignment_state: DeploymentAssignmentState;
  /** The deployment's priority; absent means `normal`. */
  priority?: TrainingPriority | undefined;
}

/** The outcome of {@link planUpdate}. */
export type UpdatePlan =
  | { kind: 'error'; error: EsError }
  /** Nothing changes: answer 200 with the assignment as it is (no state check is made). */
  | { kind: 'noop' }
  /**
   * Apply: `number_of_allocations` is the new total (absent: unchanged); `change` says whether
   * the cluster must place more allocations (where a 429 is possible) or reduce them.
   */
  | {
      kind: 'apply';
      change: 'keep' | 'increase' | 'decrease';
      number_of_allocations: number;
      adaptive_allocations: AdaptiveSettings | null;
    };

/**
 * The state-dependent rules of `TrainedModelAssignmentClusterService.updateDeployment`, after the
 * deployment was found (docs/rules.md, "_update", the cluster service): merge adaptive settings, validate the merge, the no-op
 * path, the `started` check, and whether allocations go up or down.
 */
export function planUpdate(current: DeploymentSnapshot, request: UpdateRequest): UpdatePlan {
  const n = request.number_of_allocations;
  const merged = resolveAdaptiveSettings(current.adaptive_allocations, request.adaptive_allocations);
  if (merged !== null) {
    // 3a: fires even when n equals the current number, because it precedes the no-op test.
    if (merged.enabled === true && n !== undefined) {
      return { kind: 'error', error: errors.adaptiveAllocationsEnabled() };
    }
    const messages = validateAdaptiveSettings(merged);
    if (messages.length > 0) {
      return { kind: 'error', error: errors.validationFailed(messages) };
    }
  }
  const lowPriority = checkLowPriorityUpdate(current.priority, n, request.adaptive_allocations, merged);
  if (lowPriority.length > 0) {
    return { kind: 'error', error: errors.validationFailed(lowPriority) };
  }
  // hasUpdates compares the raw request settings, not the merged ones.
  const requested = request.adaptive_allocations === null ? RESET_PLACEHOLDER : request.adaptive_allocations;
  const hasUpdates =
    (n !== undefined && n !== current.number_of_allocations) ||
    (requested !== undefined && !adaptiveSettingsEqual(requested, current.adaptive_allocations));
  if (!hasUpdates) {
    return { kind: 'noop' };
  }
  if (current.assignment_state !== 'started') {
    return { kind: 'error', error: errors.notStarted() };
  }
  if (n === undefined || n === current.number_of_allocations) {
    return {
      kind: 'apply',
      change: 'keep',
      number_of_allocations: current.number_of_allocations,
      adaptive_allocations: merged,
    };
  }
  return {
    kind: 'apply',
    change: n > current.number_of_allocations ? 'increase' : 'decrease',
    number_of_allocations: n,
    adaptive_allocations: merged,
  };
}

/**
 * A low-priority deployment cannot grow (Elasticsearch #139989, #140163): an `_update` to more than
 * one allocation, or to adaptive settings whose maximum is above one, is rejected. The messages
 * follow `_start`'s own low-priority rule; their exact text and status were not found [inferred].
 * `merged` is the deployment's adaptive settings after the update; only checked when the request
 * sends adaptive settings. Empty when the update is allowed.
 */
export function checkLowPriorityUpdate(
  priority: TrainingPriority | undefined,
  numberOfAllocations: number | undefined,
  requestedAdaptive: AdaptiveSettings | null | undefined,
  merged: AdaptiveSettings | null,
): string[] {
  if (priority !== 'low') {
    return [];
  }
  const messages: string[] = [];
  if (numberOfAllocations !== undefined && numberOfAllocations > 1) {
    messages.push(VALIDATION_MESSAGES.lowPriorityAllocations);
  }
  const max = merged?.max_number_of_allocations;
  if (requestedAdaptive !== undefined && requestedAdaptive !== null && max !== undefined && max > 1) {
    messages.push(VALIDATION_MESSAGES.lowPriorityMaxAllocations);
  }
  return messages;
}
