import { ApiError } from '@mldeploy/core';
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';

const noNetwork: typeof fetch = () => {
  throw new Error('no request may reach the network');
};
const client = createClient({
  node: 'http://127.0.0.1:1',
  fetch: noNetwork,
  auth: { apiKey: { id: 'id', api_key: 'secret' } },
});

describe('local checks', () => {
  it('rejects zero allocations with the server message, without a request', async () => {
    const error = await client.updateDeployment('d', { number_of_allocations: 0 }).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.status).toBe(400);
    expect(error.reason).toBe('Validation Failed: 1: [number_of_allocations] must be a positive integer;');
  });

  it('describes the exact request with the credentials redacted', () => {
    const d = client.describeUpdate('my model/x', { number_of_allocations: 4 }, { timeout: '10s' });
    expect(d).toEqual({
      method: 'POST',
      path: '/_ml/trained_models/my%20model%2Fx/deployment/_update',
      query: 'timeout=10s',
      body: '{"number_of_allocations":4}',
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        authorization: 'ApiKey [redacted]',
      },
    });
  });

  it('sends the number as a query parameter without a body when asked', () => {
    const d = client.describeUpdate('d', { number_of_allocations: 3 }, { asQueryParameter: true });
    expect(d.query).toBe('number_of_allocations=3');
    expect(d.body).toBeUndefined();
  });

  it('refuses adaptive settings with the query parameter as the server would', () => {
    expect(() =>
      client.describeUpdate(
        'd',
        { number_of_allocations: 3, adaptive_allocations: null },
        { asQueryParameter: true },
      ),
    ).toThrow(/does not support having a body/);
  });
});
