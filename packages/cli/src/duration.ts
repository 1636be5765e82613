import { UsageError } from './usage-error.js';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Parses `500ms`, `30s`, `5m`, `1h` (a bare number means seconds) into milliseconds. */
export function parseDuration(text: string, flag = 'timeout'): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) {
    throw new UsageError(`--${flag} must be a duration like 30s, 5m or 1h, got [${text}]`);
  }
  return Math.round(Number(match[1]) * (UNITS[match[2] ?? 's'] ?? 1000));
}

/** Formats milliseconds the way {@link parseDuration} reads them (`90s` → `1m30s`). */
export function formatDuration(ms: number): string {
  if (ms < 1000) {
    return `${ms}ms`;
  }
  const seconds = Math.round(ms / 1000);
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return m === 0 ? `${s}s` : s === 0 ? `${m}m` : `${m}m${s}s`;
}
