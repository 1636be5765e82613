import { officialUpdateResponseExamples } from '@mldeploy/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STANDALONE_SCHEMAS } from '../scripts/standalone.js';
import { ENDPOINTS, type EndpointKey } from '../src/endpoints.js';
import { compileValidator } from '../src/validate/compile.js';
import { responseValidatorName } from '../src/validate/response-validator-name.js';
import * as precompiled from '../src/validate/validators.js';

describe('precompiled validators', () => {
  it('answer exactly what AJV compiled at runtime answers', () => {
    const samples: unknown[] = [
      ...officialUpdateResponseExamples.map((e) => JSON.parse(e.json)),
      {},
      null,
      [],
      { number_of_allocations: 2 },
      { number_of_allocations: 2.5 },
      { adaptive_allocations: { enabled: true, min_number_of_allocations: 1, extra: 1 } },
      { error: 'x', status: 405 },
      { error: { root_cause: [], type: 't', reason: 'r' }, status: 400 },
      { count: 1, trained_model_stats: [{ model_id: 'm' }] },
    ];
    const validators = Object.entries(STANDALONE_SCHEMAS).map(([name, schema]) => {
      const key = Object.keys(ENDPOINTS).find((k) => responseValidatorName(k) === name) as
        | EndpointKey
        | undefined;
      const generated =
        key === undefined
          ? (precompiled as unknown as Record<string, (v: unknown) => unknown>)[name]
          : precompiled.RESPONSE_VALIDATORS[key];
      expect(generated, name).toBeTypeOf('function');
      return { name, runtime: compileValidator(schema), generated: generated as (v: unknown) => unknown };
    });
    const agree = (sample: unknown) => {
      for (const { name, runtime, generated } of validators) {
        expect(generated(sample), `${name} ${JSON.stringify(sample)?.slice(0, 80)}`).toEqual(runtime(sample));
      }
    };
    for (const sample of samples) {
      agree(sample);
    }
    // Arbitrary JSON too: a sample on which a precompiled and a runtime validator differ fails here.
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        agree(value);
      }),
      { numRuns: 200, seed: 42 },
    );
  });
});
