import { LIMITS } from '../../defaults.js';
import { parseTimeValue } from '../time-value.js';

const INT_MAX = LIMITS.max_int;
const INT_MIN = -INT_MAX - 1;

function isInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= INT_MIN && value <= INT_MAX;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The fast path of the `_update` body parser, for the common well-formed body: the native
 * `JSON.parse`, then the same field rules as the strict parser. It answers the parsed values only
 * when it is sure the strict parser would answer exactly them, and `undefined` otherwise (any
 * escape, float or exponent syntax, `-0`, duplicate key, unknown or deprecated field, coercion or
 * error), in which case the strict parser decides, with Elasticsearch's messages.
 */
export function fastUpdateBody(text: string): Map<string, unknown> | undefined {
  if (text.length > 2048 || text.includes('\\')) {
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(parsed)) {
    return undefined;
  }
  // Numbers must be plain integers as Jackson reads them, and keys unique: JSON.parse keeps the
  // last of duplicate keys where Elasticsearch rejects them. One scan outside strings counts the
  // keys (a string followed by a colon) and finds fractions, exponents and -0.
  let tokens = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      const close = text.indexOf('"', i + 1);
      let j = close + 1;
      while (
        j < text.length &&
        (text.charCodeAt(j) === 32 ||
          text.charCodeAt(j) === 10 ||
          text.charCodeAt(j) === 13 ||
          text.charCodeAt(j) === 9)
      ) {
        j++;
      }
      if (text.charCodeAt(j) === 58 /* : */) {
        tokens += 1;
      }
      i = close;
    } else if (c >= 48 && c <= 57) {
      const next = text.charCodeAt(i + 1);
      if (next === 46 /* . */ || next === 101 /* e */ || next === 69 /* E */) {
        return undefined;
      }
    } else if (c === 45 /* - */ && text.charCodeAt(i + 1) === 48 /* 0 */) {
      return undefined;
    }
  }
  let keys = Object.keys(parsed).length;
  const values = new Map<string, unknown>();
  for (const [key, value] of Object.entries(parsed)) {
    switch (key) {
      case 'model_id':
        if (typeof value !== 'string') {
          return undefined;
        }
        values.set(key, value);
        break;
      case 'timeout':
        if (typeof value !== 'string' || !parseTimeValue(value, 'timeout').ok) {
          return undefined;
        }
        values.set(key, value);
        break;
      case 'number_of_allocations':
        if (!isInt(value)) {
          return undefined;
        }
        values.set(key, value);
        break;
      case 'adaptive_allocations': {
        if (value === null) {
          values.set(key, null);
          break;
        }
        if (!isObject(value)) {
          return undefined;
        }
        keys += Object.keys(value).length;
        const settings = new Map<string, unknown>();
        for (const [name, setting] of Object.entries(value)) {
          if (name === 'enabled') {
            if (typeof setting !== 'boolean') {
              return undefined;
            }
            settings.set(name, setting);
          } else if (name === 'min_number_of_allocations' || name === 'max_number_of_allocations') {
            if (setting === null) {
              settings.set(name, -1);
            } else if (isInt(setting)) {
              settings.set(name, setting);
            } else {
              return undefined;
            }
          } else {
            return undefined;
          }
        }
        values.set(key, settings);
        break;
      }
      default:
        return undefined;
    }
  }
  return tokens === keys ? values : undefined;
}
