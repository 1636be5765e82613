import type { EsError } from '../errors/envelope.js';
import { toEnvelope } from '../errors/envelope.js';

/** A parsed Elasticsearch time value, in milliseconds (-1 means "no timeout"). */
export type TimeValueResult = { ok: true; millis: number } | { ok: false; error: EsError };

const UNITS: Array<[string, number]> = [
  ['nanos', 1e-6],
  ['micros', 1e-3],
  ['ms', 1],
  ['s', 1000],
  ['m', 60_000],
  ['h', 3_600_000],
  ['d', 86_400_000],
];

/** `TimeValue.parseTimeValue(value, settingName)`, with Elasticsearch's error messages. */
export function parseTimeValue(value: string, setting: string): TimeValueResult {
  const normalized = value.toLowerCase().trim();
  for (const [suffix, factor] of UNITS) {
    if (normalized.endsWith(suffix)) {
      const number = normalized.slice(0, normalized.length - suffix.length).trim();
      if (/^[+-]?[0-9]+$/.test(number)) {
        const n = Number(number);
        if (n < -1) {
          return {
            ok: false,
            error: toEnvelope(
              'BAD_PARAMETER',
              `failed to parse setting [${setting}] with value [${value}] as a time value: negative durations are not supported`,
            ),
          };
        }
        return { ok: true, millis: n * factor };
      }
      const fractional = /^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(number);
      return {
        ok: false,
        error: toEnvelope(
          'TIME_VALUE_INVALID',
          fractional
            ? `failed to parse [${value}], fractional time values are not supported`
            : `failed to parse [${value}]`,
          { causedBy: { type: 'number_format_exception', reason: `For input string: "${number}"` } },
        ),
      };
    }
  }
  if (normalized === '-1') {
    return { ok: true, millis: -1 };
  }
  if (normalized === '0') {
    return { ok: true, millis: 0 };
  }
  return {
    ok: false,
    error: toEnvelope(
      'TIME_VALUE_INVALID',
      `failed to parse setting [${setting}] with value [${value}] as a time value: unit is missing or unrecognized`,
    ),
  };
}
