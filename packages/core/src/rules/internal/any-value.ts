// Value readers for the model bodies: any JSON value (XContentParser.map() and friends), and the
// array fields ObjectParser reads as a list or a single value (ValueType.STRING_ARRAY).

import type { JsonPullParser, Token } from './json-pull-parser.js';
import type { FieldKind } from './object-parser.js';
import { ValueError } from './object-parser.js';

/** Reads the value at the current token (object, array or scalar) as plain JSON. */
export function readAny(p: JsonPullParser): unknown {
  switch (p.token) {
    case 'START_OBJECT': {
      const out: Record<string, unknown> = {};
      for (let t = p.nextToken(); t !== 'END_OBJECT' && t !== null; t = p.nextToken()) {
        const name = p.text;
        p.nextToken();
        out[name] = readAny(p);
      }
      return out;
    }
    case 'START_ARRAY': {
      const out: unknown[] = [];
      for (let t = p.nextToken(); t !== 'END_ARRAY' && t !== null; t = p.nextToken()) {
        out.push(readAny(p));
      }
      return out;
    }
    case 'VALUE_STRING':
      return p.text;
    case 'VALUE_NUMBER':
      return Number(p.text);
    case 'VALUE_BOOLEAN':
      return p.text === 'true';
    default:
      return null;
  }
}

const SCALARS: readonly Token[] = ['VALUE_STRING', 'VALUE_NUMBER', 'VALUE_BOOLEAN'];

/** `declareStringArray`: an array of strings, or one value; numbers and booleans read as text. */
export const STRING_ARRAY: FieldKind = {
  kind: 'custom',
  accepts: ['START_ARRAY', ...SCALARS],
  read: (p) => {
    if (p.token !== 'START_ARRAY') {
      return [p.text];
    }
    const out: string[] = [];
    for (let t = p.nextToken(); t !== 'END_ARRAY' && t !== null; t = p.nextToken()) {
      if (!SCALARS.includes(t)) {
        throw new ValueError({
          type: 'illegal_state_exception',
          reason: `Can't get text on a ${t} at ${p.tokenLine}:${p.tokenColumn}`,
        });
      }
      out.push(p.text);
    }
    return out;
  },
};

/** `declareDoubleArray`: an array of numbers (strings coerced), or one value. */
export const DOUBLE_ARRAY: FieldKind = {
  kind: 'custom',
  accepts: ['START_ARRAY', 'VALUE_NUMBER', 'VALUE_STRING'],
  read: (p) => {
    const one = (): number => {
      const n = Number(p.text);
      if (p.token === 'VALUE_STRING' && (p.text.trim() === '' || Number.isNaN(n))) {
        throw new ValueError({ type: 'number_format_exception', reason: `For input string: "${p.text}"` });
      }
      return n;
    };
    if (p.token !== 'START_ARRAY') {
      return [one()];
    }
    const out: number[] = [];
    for (let t = p.nextToken(); t !== 'END_ARRAY' && t !== null; t = p.nextToken()) {
      out.push(one());
    }
    return out;
  },
};

/** `declareObject(..., p.map())`: any JSON object. */
export const ANY_OBJECT: FieldKind = { kind: 'custom', accepts: ['START_OBJECT'], read: readAny };

/** `declareLong`: a number, or a string holding one. */
export const LONG: FieldKind = {
  kind: 'custom',
  accepts: ['VALUE_NUMBER', 'VALUE_STRING'],
  read: (p) => {
    const n = Number(p.text);
    if (p.text.trim() === '' || !Number.isFinite(n)) {
      throw new ValueError({ type: 'number_format_exception', reason: `For input string: "${p.text}"` });
    }
    return Math.trunc(n);
  },
};
