// ByteSizeValue.toString(): the largest unit the value reaches, with one decimal cut (not rounded)
// and a trailing `.0` dropped (Strings.format1Decimals). The stats' `deployment_stats.cache_size`
// is written this way, while an assignment's `task_parameters.cache_size` keeps the exact `<n>b`.
// See docs/rules.md, "Byte sizes".
import type { EsError } from '../errors/envelope.js';
import { errors, OTHER_MESSAGES } from '../errors/messages.js';
import { javaTrim } from './internal/java.js';

const UNITS: ReadonlyArray<readonly [number, string]> = [
  [1024 ** 5, 'pb'],
  [1024 ** 4, 'tb'],
  [1024 ** 3, 'gb'],
  [1024 ** 2, 'mb'],
  [1024, 'kb'],
];

/** `new ByteSizeValue(bytes).toString()`: `253.3mb` for 265632637 bytes, `1kb`, `512b`. */
export function byteSizeToString(bytes: number): string {
  for (const [size, suffix] of UNITS) {
    if (bytes >= size) {
      return format1Decimals(bytes / size, suffix);
    }
  }
  return format1Decimals(bytes, 'b');
}

function format1Decimals(value: number, suffix: string): string {
  const text = String(value);
  const dot = text.indexOf('.');
  if (dot === -1) {
    return `${text}${suffix}`;
  }
  const fraction = text.charAt(dot + 1);
  return fraction === '0'
    ? `${text.slice(0, dot)}${suffix}`
    : `${text.slice(0, dot + 1)}${fraction}${suffix}`;
}

/** The units ByteSizeValue reads, in the order `parseBytesSizeValue` tries the suffixes. */
const PARSE_UNITS: ReadonlyArray<readonly [string, number, string]> = [
  ['k', 1024, 'kb'],
  ['kb', 1024, 'kb'],
  ['m', 1024 ** 2, 'mb'],
  ['mb', 1024 ** 2, 'mb'],
  ['g', 1024 ** 3, 'gb'],
  ['gb', 1024 ** 3, 'gb'],
  ['t', 1024 ** 4, 'tb'],
  ['tb', 1024 ** 4, 'tb'],
  ['p', 1024 ** 5, 'pb'],
  ['pb', 1024 ** 5, 'pb'],
];

const LONG_MAX = 9223372036854775807n;

/** A parsed byte size: its bytes and the text `getStringRep()` writes back. */
export type ByteSizeResult = { ok: true; bytes: number; stringRep: string } | { ok: false; error: EsError };

/**
 * `ByteSizeValue.parseBytesSizeValue(value, setting)`: a number with a unit (`b`, `k`/`kb`, `m`/`mb`,
 * `g`/`gb`, `t`/`tb`, `p`/`pb`, any case), at most two decimals with a unit above bytes; `0` and
 * `-1` alone need no unit. Anything else is a 400 `parse_exception`, e.g. `failed to parse setting
 * [cache_size] with value [100] as a size in bytes: unit is missing or unrecognized`.
 */
export function parseByteSizeValue(value: string, setting: string): ByteSizeResult {
  switch (value) {
    case '0':
    case '0b':
    case '0B':
      return { ok: true, bytes: 0, stringRep: '0' };
    case '1b':
    case '1B':
      return { ok: true, bytes: 1, stringRep: '1b' };
    case '-1':
    case '-1b':
    case '-1B':
      return { ok: true, bytes: -1, stringRep: '-1' };
  }
  const lower = javaTrim(value.toLowerCase());
  for (const [suffix, unitBytes, unitSuffix] of PARSE_UNITS) {
    if (lower.endsWith(suffix)) {
      return parseWithUnit(value, javaTrim(lower.slice(0, -suffix.length)), unitBytes, unitSuffix, setting);
    }
  }
  if (lower.endsWith('b')) {
    const number = javaTrim(lower.slice(0, -1));
    const n = parseJavaLong(number);
    if (n === undefined) {
      return { ok: false, error: errors.badByteSize(setting, value, '', numberFormat(number)) };
    }
    return sized(value, n, 1, 'b', setting);
  }
  return {
    ok: false,
    error: errors.badByteSize(setting, value, 'as a size in bytes: unit is missing or unrecognized'),
  };
}

function parseWithUnit(
  value: string,
  number: string,
  unitBytes: number,
  unitSuffix: string,
  setting: string,
): ByteSizeResult {
  const n = parseJavaLong(number);
  if (n !== undefined) {
    return sized(value, n, unitBytes, unitSuffix, setting);
  }
  // new BigDecimal(s): a decimal, maybe with an exponent; its scale is the digits after the point
  // minus the exponent.
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(number);
  if (!m || `${m[2]}${m[3] ?? ''}`.length === 0) {
    return { ok: false, error: errors.badByteSize(setting, value, '', numberFormat(number)) };
  }
  const scale = (m[3] ?? '').length - Number(m[4] ?? 0);
  if (scale > 2) {
    return { ok: false, error: errors.byteSizeTooPrecise(setting, value) };
  }
  const bytes = Math.trunc(Number(number) * unitBytes);
  const rep =
    bytes <= 0 ? String(bytes) : bytes % unitBytes === 0 ? `${bytes / unitBytes}${unitSuffix}` : `${bytes}b`;
  return { ok: true, bytes, stringRep: rep };
}

/** ByteSizeValue.of(size, unit): -1 only in bytes, nothing below, nothing above Long.MAX_VALUE bytes. */
function sized(
  value: string,
  size: bigint,
  unitBytes: number,
  unitSuffix: string,
  setting: string,
): ByteSizeResult {
  let problem: string | undefined;
  if (size < -1n || (size === -1n && unitBytes !== 1)) {
    problem = OTHER_MESSAGES.byteSizeBelowMinusOne(`${size}${unitSuffix}`);
  } else if (size > LONG_MAX / BigInt(unitBytes)) {
    problem = OTHER_MESSAGES.byteSizeTooLarge(String(LONG_MAX), `${size}${unitSuffix}`);
  }
  if (problem !== undefined) {
    return {
      ok: false,
      error: errors.badByteSize(setting, value, 'as a size in bytes', {
        type: 'illegal_argument_exception',
        reason: problem,
      }),
    };
  }
  const bytes = Number(size) * unitBytes;
  // getStringRep(): the number in its unit when it divides, else bytes; 0 and -1 bare.
  const stringRep = size <= 0n ? String(size) : `${size}${unitSuffix}`;
  return { ok: true, bytes, stringRep };
}

/** Long.parseLong: an optional sign and decimal digits, within the long range. */
function parseJavaLong(text: string): bigint | undefined {
  if (!/^[+-]?\d+$/.test(text)) {
    return undefined;
  }
  const n = BigInt(text);
  return n > LONG_MAX || n < -LONG_MAX - 1n ? undefined : n;
}

function numberFormat(number: string) {
  return { type: 'number_format_exception', reason: `For input string: "${number}"` };
}
