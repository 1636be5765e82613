import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBody } from '../src/rules/check-update-request.js';
import { fastUpdateBody } from '../src/rules/internal/fast-body.js';

const KEYS = [
  'number_of_allocations',
  'model_threads',
  'adaptive_allocations',
  'model_id',
  'timeout',
  'enabled',
  'numbr_of_allocations',
  '1',
  '',
];
const ADAPTIVE_KEYS = [
  'enabled',
  'min_number_of_allocations',
  'max_number_of_allocations',
  'minimum',
  '__proto__',
];

const space = fc.constantFrom('', ' ', '\n  ', '\t');
const scalar = fc.oneof(
  fc.integer({ min: -5, max: 40 }).map(String),
  fc.constantFrom('2147483647', '2147483648', '-2147483649', '-0', '0', '1.5', '2.0', '1e2', '4E0'),
  fc.constantFrom(
    'null',
    'true',
    'false',
    '"4"',
    '"abc"',
    '"10s"',
    '"-5s"',
    '"my-model"',
    '"a\\"b"',
    '"x:"',
    '[]',
    '[1]',
  ),
);
const adaptive = fc
  .array(fc.tuple(fc.constantFrom(...ADAPTIVE_KEYS), scalar, space), { maxLength: 4 })
  .map((entries) => `{${entries.map(([k, v, s]) => `${s}"${k}"${s}:${s}${v}`).join(',')}}`);
const body = fc
  .array(fc.tuple(fc.constantFrom(...KEYS), fc.oneof(scalar, adaptive), space), { maxLength: 4 })
  .map((entries) => `{${entries.map(([k, v, s]) => `${s}"${k}"${s}:${s}${v}`).join(',')}}`);

describe('the fast path of the _update body parser', () => {
  it('answers exactly what the strict parser answers whenever it answers at all', () => {
    let taken = 0;
    fc.assert(
      fc.property(body, (text) => {
        const fast = fastUpdateBody(text);
        if (fast === undefined) {
          return;
        }
        taken += 1;
        const strict = parseBody(text, []);
        expect(strict.ok, text).toBe(true);
        expect(fast, text).toEqual(strict.ok ? strict.value : undefined);
      }),
      { numRuns: 3000, seed: 7 },
    );
    expect(taken).toBeGreaterThan(100);
  });

  it('leaves duplicates, escapes, floats and deprecated names to the strict parser', () => {
    for (const text of [
      '{"number_of_allocations":2,"number_of_allocations":3}',
      '{"adaptive_allocations":{"enabled":true,"enabled":false}}',
      '{"model_id":"a\\u0062"}',
      '{"number_of_allocations":2.0}',
      '{"number_of_allocations":1e1}',
      '{"model_threads":2}',
      '{"number_of_allocations":"2"}',
      '{"number_of_allocations":-0}',
    ]) {
      expect(fastUpdateBody(text), text).toBeUndefined();
    }
    expect(fastUpdateBody('{"number_of_allocations":4}')).toEqual(new Map([['number_of_allocations', 4]]));
  });
});
