import { describe, expect, it } from 'vitest';
import { ENDPOINT_KEYS, ENDPOINTS } from '../src/endpoints.js';
import { checkEndpointRequest } from '../src/rules.js';

describe('checkEndpointRequest', () => {
  it('checks a request to every endpoint of the table, by key', () => {
    for (const key of ENDPOINT_KEYS) {
      const params = Object.fromEntries(ENDPOINTS[key].pathParams.map((p) => [p, 'm']));
      const body = ENDPOINTS[key].bodyMode === 'none' ? undefined : '{}';
      const result = checkEndpointRequest(key, { params, query: 'no_such_parameter=1', body });
      // Every endpoint refuses it: a parameter it does not read, or what its own rules find first.
      expect(result.ok, key).toBe(false);
      if (ENDPOINTS[key].bodyMode === 'none') {
        expect(JSON.stringify(result.ok ? null : result.error.body), key).toContain('no_such_parameter');
      }
    }
  });

  it('runs an endpoint’s own rules, and the plain check for one without any', () => {
    const zero = checkEndpointRequest('update', {
      params: { model_id: 'm' },
      body: '{"number_of_allocations":0}',
    });
    expect(zero.ok ? null : zero.error.body).toMatchObject({
      error: { reason: 'Validation Failed: 1: [number_of_allocations] must be a positive integer;' },
    });
    expect(checkEndpointRequest('clearDeploymentCache', { params: { model_id: 'm' } }).ok).toBe(true);
    const body = checkEndpointRequest('clearDeploymentCache', { params: { model_id: 'm' }, body: '{}' });
    expect(body.ok).toBe(false);
  });
});
