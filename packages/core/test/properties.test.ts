import {
  checkUpdateRequest,
  planUpdate,
  resolveAdaptiveSettings,
  validateAdaptiveSettings,
} from '@mldeploy/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const ID = 'm1';
const INT = fc.integer({ min: -2_147_483_648, max: 2_147_483_647 });
const reasonOf = (body: string, query?: string) => {
  const r = checkUpdateRequest({ modelId: ID, body, query });
  return r.ok
    ? undefined
    : typeof r.error.body.error === 'string'
      ? r.error.body.error
      : r.error.body.error.reason;
};

describe('update rules, for all inputs', () => {
  it('accepts every integer n >= 1 in the body and as a query parameter', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2_147_483_647 }), (n) => {
        const body = checkUpdateRequest({ modelId: ID, body: JSON.stringify({ number_of_allocations: n }) });
        const query = checkUpdateRequest({ modelId: ID, query: `number_of_allocations=${n}` });
        expect(body.ok && body.value.number_of_allocations).toBe(n);
        expect(query.ok && query.value.number_of_allocations).toBe(n);
      }),
    );
  });

  it('rejects every integer n < 1 with the positive-integer message', () => {
    fc.assert(
      fc.property(fc.integer({ min: -2_147_483_648, max: 0 }), (n) => {
        expect(reasonOf(JSON.stringify({ number_of_allocations: n }))).toBe(
          'Validation Failed: 1: [number_of_allocations] must be a positive integer;',
        );
      }),
    );
  });

  it('rejects every min > max (both set) with the ordering message', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 10_000 }), (a, b) => {
        fc.pre(a !== b);
        const [min, max] = a > b ? [a, b] : [b, a];
        const body = JSON.stringify({
          adaptive_allocations: {
            enabled: true,
            min_number_of_allocations: min,
            max_number_of_allocations: max,
          },
        });
        expect(reasonOf(body)).toBe(
          'Validation Failed: 1: [min_number_of_allocations] must not be larger than [max_number_of_allocations];',
        );
      }),
    );
  });

  it('accepts every 0 <= min <= max with max >= 1', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 10_000 }), (x, y) => {
        const [min, max] = [Math.min(x, y), Math.max(x, y, 1)];
        const body = JSON.stringify({
          adaptive_allocations: {
            enabled: true,
            min_number_of_allocations: min,
            max_number_of_allocations: max,
          },
        });
        expect(checkUpdateRequest({ modelId: ID, body }).ok).toBe(true);
      }),
    );
  });

  it('rejects unknown keys anywhere in the body', () => {
    const known = new Set([
      'number_of_allocations',
      'model_threads',
      'adaptive_allocations',
      'model_id',
      'timeout',
    ]);
    const knownAdaptive = new Set(['enabled', 'min_number_of_allocations', 'max_number_of_allocations']);
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 30 }), fc.boolean(), (key, nested) => {
        fc.pre(nested ? !knownAdaptive.has(key) : !known.has(key));
        const body = nested
          ? JSON.stringify({ adaptive_allocations: { [key]: 1 } })
          : JSON.stringify({ [key]: 1 });
        const r = checkUpdateRequest({ modelId: ID, body });
        expect(r.ok).toBe(false);
        if (!r.ok && typeof r.error.body.error !== 'string') {
          expect(r.error.body.error.type).toBe('x_content_parse_exception');
          const text = nested
            ? (r.error.body.error.caused_by?.reason ?? '')
            : (r.error.body.error.reason ?? '');
          expect(text).toContain(`unknown field [${key}]`);
        }
      }),
    );
  });

  it('rejects unknown query parameters, whatever their name', () => {
    const allowed = new Set([
      'number_of_allocations',
      'timeout',
      'master_timeout',
      'model_id',
      'pretty',
      'human',
      'error_trace',
      'filter_path',
      'format',
    ]);
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z_]{1,20}$/), (name) => {
        fc.pre(!allowed.has(name));
        const r = checkUpdateRequest({ modelId: ID, query: `${name}=1`, body: '{}' });
        expect(r.ok).toBe(false);
        expect(reasonOf('{}', `${name}=1`)).toMatch(
          new RegExp(
            `^request \\[/_ml/trained_models/m1/deployment/_update\\] contains unrecognized parameter: \\[${name}\\]`,
          ),
        );
      }),
    );
  });

  it('never throws, whatever the body text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), fc.string(), (body, query) => {
        const r = checkUpdateRequest({ modelId: ID, body, query });
        expect(typeof r.ok).toBe('boolean');
        if (!r.ok) {
          expect(r.error.status).toBeGreaterThanOrEqual(400);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('merges per field: a request value replaces, -1 clears, absence keeps', () => {
    const bound = fc.option(fc.integer({ min: -1, max: 50 }), { nil: undefined });
    const enabled = fc.option(fc.boolean(), { nil: undefined });
    fc.assert(
      fc.property(enabled, bound, bound, enabled, bound, bound, (e1, min1, max1, e2, min2, max2) => {
        const existing = { enabled: e1, min_number_of_allocations: min1, max_number_of_allocations: max1 };
        const update = { enabled: e2, min_number_of_allocations: min2, max_number_of_allocations: max2 };
        const merged = resolveAdaptiveSettings(existing, update);
        const expectBound = (u: number | undefined, e: number | undefined) =>
          u === undefined ? e : u === -1 ? undefined : u;
        expect(merged?.enabled).toBe(e2 ?? e1);
        expect(merged?.min_number_of_allocations).toBe(expectBound(min2, min1));
        expect(merged?.max_number_of_allocations).toBe(expectBound(max2, max1));
      }),
    );
  });

  it('rejects any number while stored settings are enabled, unless the request disables them', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 1, max: 100 }),
        fc.boolean(),
        (current, n, disable) => {
          const checked = checkUpdateRequest({
            modelId: ID,
            body: JSON.stringify(
              disable
                ? { number_of_allocations: n, adaptive_allocations: { enabled: false } }
                : { number_of_allocations: n },
            ),
          });
          expect(checked.ok).toBe(true);
          if (!checked.ok) {
            return;
          }
          const plan = planUpdate(
            {
              number_of_allocations: current,
              adaptive_allocations: { enabled: true, max_number_of_allocations: 100 },
              assignment_state: 'started',
            },
            checked.value,
          );
          if (disable) {
            expect(plan.kind).toBe('apply');
          } else {
            expect(plan.kind === 'error' && plan.error.body.error).toMatchObject({
              type: 'validation_exception',
            });
          }
        },
      ),
    );
  });

  it('validateAdaptiveSettings: -1 and null bounds never fail', () => {
    fc.assert(
      fc.property(fc.option(fc.boolean(), { nil: undefined }), INT, (enabled, other) => {
        expect(
          validateAdaptiveSettings({ enabled, min_number_of_allocations: -1, max_number_of_allocations: -1 }),
        ).toEqual([]);
        expect(
          validateAdaptiveSettings({
            enabled,
            min_number_of_allocations: -1,
            max_number_of_allocations: Math.max(1, other),
          }),
        ).toEqual([]);
      }),
    );
  });
});
