import { describe, expect, it } from 'vitest';
import { createClient, describeChanges, fixedAllocations, prepareUpdate } from '../../src/index.js';

const client = createClient({ node: 'http://127.0.0.1:1' });
const started = {
  number_of_allocations: 1,
  adaptive_allocations: null,
  assignment_state: 'started',
} as const;
const adaptiveOn = {
  number_of_allocations: 2,
  adaptive_allocations: { enabled: true, min_number_of_allocations: 1, max_number_of_allocations: 4 },
  assignment_state: 'started',
} as const;

describe('prepareUpdate', () => {
  it('builds the request updateDeployment sends', () => {
    for (const [input, options] of [
      [{ number_of_allocations: 4 }, {}],
      [{ number_of_allocations: 3 }, { asQueryParameter: true, timeout: '10s' }],
      [{ adaptive_allocations: { enabled: true, max_number_of_allocations: 8 } }, {}],
    ] as const) {
      const { request, check } = prepareUpdate('my model/x', input, options);
      const { headers: _headers, ...described } = client.describeUpdate('my model/x', input, options);
      expect({
        method: request.method,
        path: request.path,
        query: request.query,
        body: request.body,
      }).toEqual(described);
      expect(check.ok).toBe(true);
    }
  });

  it('answers the refusal Elasticsearch would give instead of throwing', () => {
    const { check, changes, request } = prepareUpdate('d', {
      number_of_allocations: 2,
      adaptive_allocations: { enabled: true },
    });
    expect(request.body).toBe('{"number_of_allocations":2,"adaptive_allocations":{"enabled":true}}');
    expect(check.ok || check.error.body).toMatchObject({
      error: {
        reason:
          'Validation Failed: 1: [number_of_allocations] cannot be set if adaptive allocations is enabled;',
      },
    });
    expect(changes).toEqual([]);
  });

  it('applies the rules of the deployment’s state when it is given', () => {
    const numberAlone = prepareUpdate('d', { number_of_allocations: 2 }, {}, adaptiveOn);
    expect(numberAlone.check.ok).toBe(false);
    expect(prepareUpdate('d', { number_of_allocations: 2 }).check.ok).toBe(true);
    const same = prepareUpdate('d', { number_of_allocations: 1 }, {}, started);
    expect(same.check).toMatchObject({ ok: true, noop: true });
    expect(same.changes).toEqual(['change nothing (Elasticsearch answers the current assignment)']);
  });

  it('says what a request changes', () => {
    const { changes } = prepareUpdate('d', {
      adaptive_allocations: { enabled: true, min_number_of_allocations: null, max_number_of_allocations: 8 },
    });
    expect(changes).toEqual([
      'turn adaptive allocations on',
      'clear the adaptive minimum',
      'set the adaptive maximum to 8',
    ]);
    expect(describeChanges({ number_of_allocations: 3, source: 'query' })).toEqual([
      'set number_of_allocations to 3 (query parameter)',
    ]);
  });
});

describe('fixedAllocations', () => {
  it('turns adaptive allocations off with the number only while they are on', () => {
    expect(fixedAllocations(3, adaptiveOn.adaptive_allocations)).toEqual({
      number_of_allocations: 3,
      adaptive_allocations: { enabled: false },
    });
    expect(fixedAllocations(3, null)).toEqual({ number_of_allocations: 3 });
    expect(fixedAllocations(3, { enabled: false, max_number_of_allocations: 4 })).toEqual({
      number_of_allocations: 3,
    });
    // The request it makes is one Elasticsearch accepts on that deployment.
    expect(
      prepareUpdate('d', fixedAllocations(3, adaptiveOn.adaptive_allocations), {}, adaptiveOn).check.ok,
    ).toBe(true);
  });
});
