import type { CheckedUpdate } from './offline-check.js';

/** A sentence per change a checked `_update` request makes, for people. */
export function describeUpdate(request: CheckedUpdate): string[] {
  const lines: string[] = [];
  if (request.number_of_allocations !== undefined) {
    lines.push(
      `set number_of_allocations to ${request.number_of_allocations}${request.source === 'query' ? ' (query parameter)' : ''}`,
    );
  }
  const adaptive = request.adaptive_allocations;
  if (adaptive === null) {
    lines.push('remove the adaptive allocations settings (turns adaptive allocations off)');
  } else if (adaptive !== undefined) {
    if (adaptive.enabled === true) {
      lines.push('turn adaptive allocations on');
    } else if (adaptive.enabled === false) {
      lines.push('turn adaptive allocations off');
    }
    for (const [key, label] of [
      ['min_number_of_allocations', 'minimum'],
      ['max_number_of_allocations', 'maximum'],
    ] as const) {
      const value = adaptive[key];
      if (value === -1) {
        lines.push(`clear the adaptive ${label}`);
      } else if (value !== undefined) {
        lines.push(`set the adaptive ${label} to ${value}`);
      }
    }
  }
  if (lines.length === 0) {
    lines.push('change nothing (Elasticsearch answers the current assignment)');
  }
  return lines;
}
