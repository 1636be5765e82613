import { VALIDATION_MESSAGES } from '../errors/messages.js';
import { isAdaptiveEnabled, RESET_PLACEHOLDER, validateAdaptiveSettings } from './adaptive-allocations.js';
import type { UpdateRequest } from './update-request.js';

/**
 * `UpdateTrainedModelDeploymentAction.Request.validate()` for an external (REST) caller: the
 * messages in Elasticsearch's order; empty when the request is valid.
 */
export function validateUpdateRequest(
  request: Pick<UpdateRequest, 'number_of_allocations' | 'adaptive_allocations'>,
): string[] {
  const messages: string[] = [];
  const n = request.number_of_allocations;
  const adaptive = request.adaptive_allocations === null ? RESET_PLACEHOLDER : request.adaptive_allocations;
  if (n !== undefined) {
    // Newest server: n < 0 || (isInternal == false && n == 0); for REST callers, n >= 1.
    if (n < 1) {
      messages.push(VALIDATION_MESSAGES.allocationsPositive);
    }
    if (adaptive !== undefined && isAdaptiveEnabled(adaptive)) {
      messages.push(VALIDATION_MESSAGES.allocationsWithAdaptive);
    }
  }
  if (adaptive !== undefined) {
    messages.push(...validateAdaptiveSettings(adaptive));
  }
  return messages;
}
