// Adaptive allocations as the server stores and merges them (AdaptiveAllocationsSettings,
// TrainedModelAssignmentClusterService.updateDeployment). A field that is `undefined` here is a
// Java null; -1 in a request bound means "clear it" (JSON null is read as -1).
import { VALIDATION_MESSAGES } from '../errors/messages.js';
import type { AdaptiveAllocationsSettings } from '../schemas/adaptive-allocations.js';

/** Settings as stored or as a request carries them; `undefined` is Java's null. */
export interface AdaptiveSettings {
  enabled?: boolean | undefined;
  min_number_of_allocations?: number | undefined;
  max_number_of_allocations?: number | undefined;
}

/** The sentinel a body `"adaptive_allocations": null` becomes: remove the settings. */
export const RESET_PLACEHOLDER: Readonly<AdaptiveSettings> = Object.freeze({
  enabled: false,
  min_number_of_allocations: -1,
  max_number_of_allocations: -1,
});

/** `AdaptiveAllocationsSettings.validate()`: the messages, in Elasticsearch's order. */
export function validateAdaptiveSettings(s: AdaptiveSettings): string[] {
  const messages: string[] = [];
  const min = s.min_number_of_allocations;
  const max = s.max_number_of_allocations;
  const hasMin = min !== undefined && min !== -1;
  const hasMax = max !== undefined && max !== -1;
  if (hasMin && min < 0) {
    messages.push(VALIDATION_MESSAGES.minNonNegative);
  }
  if (hasMax && max < 1) {
    messages.push(VALIDATION_MESSAGES.maxPositive);
  }
  if (hasMin && hasMax && min > max) {
    messages.push(VALIDATION_MESSAGES.minAboveMax);
  }
  return messages;
}

/** `existing.merge(update)`: per field; a request value of -1 clears the field. */
export function mergeAdaptiveSettings(
  existing: AdaptiveSettings,
  update: AdaptiveSettings,
): AdaptiveSettings {
  const bound = (u: number | undefined, e: number | undefined) =>
    u === undefined ? e : u === -1 ? undefined : u;
  return compactAdaptiveSettings({
    enabled: update.enabled ?? existing.enabled,
    min_number_of_allocations: bound(update.min_number_of_allocations, existing.min_number_of_allocations),
    max_number_of_allocations: bound(update.max_number_of_allocations, existing.max_number_of_allocations),
  });
}

/**
 * `getAdaptiveAllocationsSettings(existing, requested)`: what the deployment's settings become.
 * `requested` undefined keeps them; null (the reset placeholder) removes them; with no stored
 * settings the request's are taken as they are (including any -1, as the server does).
 */
export function resolveAdaptiveSettings(
  existing: AdaptiveSettings | null,
  requested: AdaptiveSettings | null | undefined,
): AdaptiveSettings | null {
  if (requested === undefined) {
    return existing;
  }
  if (requested === null) {
    return null;
  }
  if (existing === null) {
    return compactAdaptiveSettings({ ...requested });
  }
  return mergeAdaptiveSettings(existing, requested);
}

/** Record equality of two settings (Java's `equals`), nulls included. */
export function adaptiveSettingsEqual(a: AdaptiveSettings | null, b: AdaptiveSettings | null): boolean {
  if (a === null || b === null) {
    return a === b;
  }
  return (
    a.enabled === b.enabled &&
    a.min_number_of_allocations === b.min_number_of_allocations &&
    a.max_number_of_allocations === b.max_number_of_allocations
  );
}

/** `toXContent`: `enabled` always written (a missing value as false), bounds only when set. */
export function adaptiveSettingsToJson(s: AdaptiveSettings | null): AdaptiveAllocationsSettings | null {
  if (s === null) {
    return null;
  }
  const out: AdaptiveAllocationsSettings = { enabled: s.enabled ?? false };
  if (s.min_number_of_allocations !== undefined) {
    out.min_number_of_allocations = s.min_number_of_allocations;
  }
  if (s.max_number_of_allocations !== undefined) {
    out.max_number_of_allocations = s.max_number_of_allocations;
  }
  return out;
}

/** Reads settings as a server wrote them (the inverse of {@link adaptiveSettingsToJson}). */
export function adaptiveSettingsFromJson(
  json: AdaptiveAllocationsSettings | null | undefined,
): AdaptiveSettings | null {
  if (json === null || json === undefined) {
    return null;
  }
  return compactAdaptiveSettings({
    enabled: json.enabled,
    min_number_of_allocations: json.min_number_of_allocations,
    max_number_of_allocations: json.max_number_of_allocations,
  });
}

/** True when the scaler acts on these settings (only `enabled === true`). */
export function isAdaptiveEnabled(s: AdaptiveSettings | null): boolean {
  return s?.enabled === true;
}

/**
 * The settings with only the fields that are set: a missing `enabled` stays missing (the server
 * keeps Java's null and only writes it as false).
 */
export function compactAdaptiveSettings(s: AdaptiveSettings): AdaptiveSettings {
  const out: AdaptiveSettings = {};
  if (s.enabled !== undefined) {
    out.enabled = s.enabled;
  }
  if (s.min_number_of_allocations !== undefined) {
    out.min_number_of_allocations = s.min_number_of_allocations;
  }
  if (s.max_number_of_allocations !== undefined) {
    out.max_number_of_allocations = s.max_number_of_allocations;
  }
  return out;
}
