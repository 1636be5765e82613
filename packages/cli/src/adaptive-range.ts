/** Adaptive settings as the server writes them; any field may be absent. */
export interface AdaptiveLike {
  enabled?: boolean | undefined;
  min_number_of_allocations?: number | undefined;
  max_number_of_allocations?: number | undefined;
}

/** `off`, or the range when on: `1-8`, `0-∞` (an absent minimum is 0, an absent maximum unbounded). */
export function adaptiveRange(settings: AdaptiveLike | null | undefined): string {
  if (!settings?.enabled) {
    return 'off';
  }
  return `${settings.min_number_of_allocations ?? 0}-${settings.max_number_of_allocations ?? '∞'}`;
}
