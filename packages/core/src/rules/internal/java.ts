import { LIMITS } from '../../defaults.js';
import { ControlFlowError } from './control-flow-error.js';

// Java's number and boolean parsing, as Elasticsearch applies them to query parameters and
// body values. The thrown messages are Java's own.

const INT_MAX = LIMITS.max_int;
const INT_MIN = -INT_MAX - 1;

/** Thrown where Java throws NumberFormatException. */
export class NumberFormatError extends ControlFlowError {}

/** Java's `Integer.parseInt`: optional sign, ASCII digits, 32-bit range. */
export function parseJavaInt(s: string): number {
  if (!/^[+-]?[0-9]+$/.test(s)) {
    throw new NumberFormatError(`For input string: "${s}"`);
  }
  const n = Number(s);
  if (n < INT_MIN || n > INT_MAX) {
    throw new NumberFormatError(`For input string: "${s}"`);
  }
  return n;
}

/** Java's `Double.parseDouble` (decimal forms, NaN and Infinity; whitespace trimmed). */
export function parseJavaDouble(s: string): number {
  const t = s.trim();
  if (t.length === 0) {
    throw new NumberFormatError(s.length === 0 ? 'empty String' : `For input string: "${s}"`);
  }
  if (/^[+-]?NaN$/.test(t)) {
    return Number.NaN;
  }
  if (/^[+-]?Infinity$/.test(t)) {
    return t.startsWith('-') ? -Infinity : Infinity;
  }
  if (!/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?[fFdD]?$/.test(t)) {
    throw new NumberFormatError(`For input string: "${s}"`);
  }
  return Number(t.replace(/[fFdD]$/, ''));
}

/** Java's `(int) d` narrowing of a double: truncation, NaN to 0, saturation at the int range. */
export function toJavaInt(d: number): number {
  if (Number.isNaN(d)) {
    return 0;
  }
  return Math.max(INT_MIN, Math.min(INT_MAX, Math.trunc(d)));
}

/** True when `n` is within Java's int range. */
export function inIntRange(n: number): boolean {
  return n >= INT_MIN && n <= INT_MAX;
}

/** Elasticsearch's strict `Booleans.parseBoolean`: only "true" and "false". */
export function parseStrictBoolean(value: string): boolean {
  if (value === 'true') {
    return true;
  }
  if (value === 'false') {
    return false;
  }
  throw new Error(`Failed to parse value [${value}] as only [true] or [false] are allowed.`);
}

/** Java's `String.trim()`: strips code points up to U+0020 only. */
export function javaTrim(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 0x20) {
    start++;
  }
  while (end > start && s.charCodeAt(end - 1) <= 0x20) {
    end--;
  }
  return s.slice(start, end);
}
