import { officialUpdateResponseExamples } from '@mldeploy/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STANDALONE_SCHEMAS } from '../scripts/standalone.js';
import { compileValidator } from '../src/validate/compile.js';
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
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        samples.push(value);
        return true;
      }),
      { numRuns: 200, seed: 42 },
    );
    for (const [name, schema] of Object.entries(STANDALONE_SCHEMAS)) {
      const runtime = compileValidator(schema);
      const generated = (precompiled as unknown as Record<string, (v: unknown) => unknown>)[name];
      expect(generated, name).toBeTypeOf('function');
      for (const sample of samples) {
        expect(generated?.(sample), `${name} ${JSON.stringify(sample)?.slice(0, 80)}`).toEqual(
          runtime(sample),
        );
      }
    }
  });
});
