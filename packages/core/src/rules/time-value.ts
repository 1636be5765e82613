// TimeValue.parseTimeValue (libs/core), as every `timeout` and `master_timeout` goes through it:
// units checked on the lower-cased, trimmed text, except minutes, which are case-sensitive on the
// raw text (`M` would be months); `-0*1` without a unit is -1 and `0+` is zero. Every failure is an
// IllegalArgumentException, so a 400 `illegal_argument_exception`. See docs/rules.md, "Time values".
import type { EsError } from '../errors/envelope.js';
import { errors } from '../errors/messages.js';
import { javaTrim, NumberFormatError, parseJavaDouble } from './internal/java.js';

/** A parsed Elasticsearch time value, in milliseconds (-1 means "no timeout"). */
export type TimeValueResult = { ok: true; millis: number } | { ok: false; error: EsError };

// In the order the Java code tests them; `m` is tested on the raw value.
const UNITS: ReadonlyArray<readonly [string, number]> = [
  ['nanos', 1e-6],
  ['micros', 1e-3],
  ['ms', 1],
  ['s', 1000],
  ['m', 60_000],
  ['h', 3_600_000],
  ['d', 86_400_000],
];

const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/** `TimeValue.parseTimeValue(value, settingName)`, with Elasticsearch's error messages. */
export function parseTimeValue(value: string, setting: string): TimeValueResult {
  const normalized = javaTrim(value.toLowerCase());
  for (const [suffix, factor] of UNITS) {
    const matches = suffix === 'm' ? value.endsWith('m') : normalized.endsWith(suffix);
    if (!matches) {
      continue;
    }
    const number = javaTrim(normalized.slice(0, normalized.length - suffix.length));
    const n = parseJavaLong(number);
    if (n === undefined) {
      return { ok: false, error: errors.timeValueNotANumber(value, number, isJavaDouble(number)) };
    }
    if (n < -1n) {
      return {
        ok: false,
        error: errors.badTimeValue(setting, value, 'negative durations are not supported'),
      };
    }
    return { ok: true, millis: Number(n) * factor };
  }
  if (/^-0*1$/.test(normalized)) {
    return { ok: true, millis: -1 };
  }
  if (/^0+$/.test(normalized)) {
    return { ok: true, millis: 0 };
  }
  return { ok: false, error: errors.badTimeValue(setting, value, 'unit is missing or unrecognized') };
}

/** Java's `Long.parseLong`, or undefined where it throws NumberFormatException. */
function parseJavaLong(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) {
    return undefined;
  }
  const n = BigInt(s);
  return n < LONG_MIN || n > LONG_MAX ? undefined : n;
}

function isJavaDouble(s: string): boolean {
  try {
    parseJavaDouble(s);
    return true;
  } catch (e) {
    if (e instanceof NumberFormatError) {
      return false;
    }
    throw e;
  }
}
