// validateUpdateBody is generated with AJV's `allErrors: false` (scripts/standalone.ts,
// FIRST_ISSUE_SCHEMAS): it must accept exactly what the every-issue validator of the same schema
// accepts, and answer its first issue, field for field.
import { updateDeploymentCases } from '@mldeploy/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileValidator, UpdateDeploymentBody, validateUpdateBody } from '../src/index.js';

/** The same schema compiled with the options of every other validator (`allErrors: true`). */
const everyIssue = compileValidator(UpdateDeploymentBody);

function expectFirstIssueOf(body: unknown): void {
  const fast = validateUpdateBody(body);
  const full = everyIssue(body);
  expect(fast.ok, JSON.stringify(body)).toBe(full.ok);
  if (!fast.ok && !full.ok) {
    expect(full.issues.length).toBeGreaterThan(0);
    expect(fast.issues, JSON.stringify(body)).toEqual([full.issues[0]]);
  }
}

// The bodies of the validation benchmark (bench/lib/validation.mjs).
const BENCH_BODIES = [
  '{"number_of_allocations":4}',
  '{"adaptive_allocations":{"enabled":true,"min_number_of_allocations":1,"max_number_of_allocations":8}}',
  '{"number_of_allocations":3,"adaptive_allocations":{"enabled":false}}',
  '{"adaptive_allocations":null}',
  '{"adaptive_allocations":{"min_number_of_allocations":null}}',
  '{"model_id":"my-model","number_of_allocations":2,"timeout":"10s"}',
  '{"number_of_allocations":0}',
  '{"numbr_of_allocations":2}',
  '{"number_of_allocations":"abc"}',
  '{"number_of_allocations":null}',
  '{"adaptive_allocations":{"enabled":true,"min_number_of_allocations":5,"max_number_of_allocations":2}}',
  '{"number_of_allocations":2,"adaptive_allocations":{"enabled":true}}',
  '{"adaptive_allocations":{"enabled":true,"minimum":1}}',
  '{"model_id":"other","number_of_allocations":2}',
];

/** The contract cases' bodies that are JSON at all (the others never reach a shape check). */
const CASE_BODIES = updateDeploymentCases.flatMap((c) => {
  if (c.given.body === undefined) {
    return [];
  }
  try {
    return [{ name: c.name, body: JSON.parse(c.given.body) as unknown }];
  } catch {
    return [];
  }
});

describe('validateUpdateBody stops at the first issue, the one the every-issue validator lists first', () => {
  it.each(BENCH_BODIES)('on the bench body %s', (text) => {
    expectFirstIssueOf(JSON.parse(text));
  });

  it('on the contract cases', () => {
    expect(CASE_BODIES.length).toBeGreaterThan(20);
    for (const { body } of CASE_BODIES) {
      expectFirstIssueOf(body);
    }
  });

  it('answers ill-shaped bench bodies with exactly one issue', () => {
    const ill = BENCH_BODIES.map((b) => JSON.parse(b) as unknown).filter((b) => !everyIssue(b).ok);
    expect(ill.length).toBeGreaterThan(3);
    for (const body of ill) {
      const fast = validateUpdateBody(body);
      expect(fast.ok ? [] : fast.issues).toHaveLength(1);
    }
  });

  it('on bodies built from the schema’s fields and wrong values', () => {
    const value = fc.oneof(
      fc.integer({ min: -3, max: 3 }),
      fc.constantFrom(2_147_483_647, 2_147_483_648, 1.5, -1, Number.MAX_SAFE_INTEGER),
      fc.constantFrom(null, true, false, '', '4', 'abc', [], [1]),
    );
    const adaptive = fc.oneof(
      value,
      fc.dictionary(
        fc.constantFrom('enabled', 'min_number_of_allocations', 'max_number_of_allocations', 'minimum', 'x'),
        value,
        { maxKeys: 4 },
      ),
    );
    const field = fc.constantFrom(
      'number_of_allocations',
      'model_id',
      'model_threads',
      'timeout',
      'numbr',
      'a',
    );
    const body = fc.oneof(
      fc.record(
        {
          number_of_allocations: value,
          adaptive_allocations: adaptive,
          model_id: value,
          model_threads: value,
          timeout: value,
        },
        { requiredKeys: [] },
      ),
      fc.dictionary(field, value, { maxKeys: 4 }),
      value,
    );
    fc.assert(
      fc.property(body, (b) => {
        expectFirstIssueOf(b);
      }),
      { numRuns: 2_000 },
    );
  });
});
