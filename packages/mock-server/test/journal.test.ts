import { describe, expect, it } from 'vitest';
import { defaultSeed, REDACTED_VALUE, startMockServer } from '../src/index.js';
import { SEEDED_ID, useMockServer } from '../src/testing.js';
import { call, UPDATE } from './helpers.js';

const START = Date.parse('2026-02-01T10:00:00.000Z');
const mock = useMockServer({ clock: 'manual', now: START, convergeMs: 0 });

const secured = () => {
  const seed = defaultSeed();
  seed.security = {
    enabled: true,
    users: [{ username: 'ml-admin', password: 'hunter2-password', roles: ['superuser'] }],
    api_keys: [{ id: 'key-id', api_key: 'key-secret-value', roles: ['superuser'] }],
  };
  return seed;
};

describe('the request journal', () => {
  it('records Elasticsearch requests, oldest first, with status, error type and time', async () => {
    await mock.server.reset();
    mock.server.clearRequests();
    await call(mock.url, 'POST', `${UPDATE}?timeout=5s`, { body: '{"number_of_allocations":2}' });
    mock.server.advance(1000);
    await call(mock.url, 'POST', UPDATE, { body: '{"number_of_allocations":0}' });
    await call(mock.url, 'GET', '/_ml/trained_models/nope/_stats');
    const requests = mock.server.requests();
    expect(requests.map((r) => [r.method, r.path, r.status, r.error_type])).toEqual([
      ['POST', UPDATE, 200, null],
      ['POST', UPDATE, 400, 'action_request_validation_exception'],
      ['GET', '/_ml/trained_models/nope/_stats', 404, 'resource_not_found_exception'],
    ]);
    expect(requests[0]).toMatchObject({
      query: 'timeout=5s',
      body: '{"number_of_allocations":2}',
      time: new Date(START).toISOString(),
    });
    expect(requests[0]?.headers['content-type']).toBe('application/json');
    expect(requests[1]?.time).toBe(new Date(START + 1000).toISOString());
    expect(requests[2]?.body).toBeNull();
  });

  it('answers GET /_mock/requests with filters, and keeps control requests apart', async () => {
    mock.server.clearRequests();
    await call(mock.url, 'GET', '/');
    await call(mock.url, 'POST', UPDATE, { body: '{"number_of_allocations":1}' });
    await call(mock.url, 'POST', UPDATE, { body: '{"number_of_allocations":"x"}' });
    await call(mock.url, 'GET', '/_mock/state');
    const all = (await call(mock.url, 'GET', '/_mock/requests')).json.requests;
    expect(all.map((r: { path: string }) => r.path)).toEqual(['/', UPDATE, UPDATE]);
    expect(Object.keys(all[0]).sort()).toEqual(
      ['body', 'error_type', 'headers', 'method', 'path', 'query', 'status', 'time'].sort(),
    );
    const byPath = (await call(mock.url, 'GET', '/_mock/requests?path=_update')).json.requests;
    expect(byPath).toHaveLength(2);
    const byStatus = (await call(mock.url, 'GET', '/_mock/requests?status=400&method=post')).json.requests;
    expect(byStatus.map((r: { body: string }) => r.body)).toEqual(['{"number_of_allocations":"x"}']);
    expect((await call(mock.url, 'GET', '/_mock/requests?method=GET')).json.requests).toHaveLength(1);
    const control = (await call(mock.url, 'GET', '/_mock/requests?kind=control')).json.requests;
    expect(control.map((r: { method: string; path: string }) => `${r.method} ${r.path}`)).toContain(
      'GET /_mock/state',
    );
    expect(mock.server.requests({ kind: 'control', path: '/_mock/requests' })).toEqual([]);
  });

  it('refuses bad filters with the envelope', async () => {
    for (const [query, reason] of [
      ['status=abc', 'status must be an HTTP status code'],
      ['kind=everything', 'kind must be one of [es, control, all]'],
      ['colour=red', 'unknown parameter [colour]'],
    ] as const) {
      const reply = await call(mock.url, 'GET', `/_mock/requests?${query}`);
      expect(reply.status, query).toBe(400);
      expect(reply.json.error.type).toBe('mock_control_exception');
      expect(reply.json.error.reason).toContain(reason);
    }
  });

  it('clears with DELETE /_mock/requests', async () => {
    await call(mock.url, 'GET', '/');
    expect(mock.server.requests().length).toBeGreaterThan(0);
    expect((await call(mock.url, 'DELETE', '/_mock/requests')).json).toEqual({ acknowledged: true });
    expect(mock.server.requests()).toEqual([]);
  });

  it('never holds credentials: authorization and cookies are redacted', async () => {
    await mock.server.reset(secured());
    mock.server.clearRequests();
    const basic = Buffer.from('ml-admin:hunter2-password').toString('base64');
    const apiKey = Buffer.from('key-id:key-secret-value').toString('base64');
    await call(mock.url, 'GET', '/', {
      headers: { authorization: `Basic ${basic}`, cookie: 'sid=s3cr3t-cookie' },
    });
    await call(mock.url, 'POST', UPDATE, {
      body: '{"number_of_allocations":2}',
      headers: { authorization: `ApiKey ${apiKey}` },
    });
    await call(mock.url, 'GET', '/', { headers: { authorization: 'Basic bm9ib2R5Ondyb25n' } });
    await call(mock.url, 'POST', '/_mock/reset', { headers: { authorization: `Basic ${basic}` } });
    const entries = mock.server.requests({ kind: 'all' });
    expect(entries.map((e) => e.status)).toEqual([200, 200, 401, 200]);
    for (const e of entries) {
      expect(e.headers.authorization).toBe(REDACTED_VALUE);
    }
    expect(entries[0]?.headers.cookie).toBe(REDACTED_VALUE);
    const text = JSON.stringify(entries) + (await call(mock.url, 'GET', '/_mock/requests?kind=all')).text;
    for (const secret of [
      basic,
      apiKey,
      'hunter2-password',
      'key-secret-value',
      's3cr3t-cookie',
      'bm9ib2R5Ondyb25n',
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it('records dropped connections with status 0', async () => {
    await mock.server.reset();
    mock.server.clearRequests();
    await call(mock.url, 'POST', '/_mock/faults', { body: '{"drop_connection":true}' });
    await expect(call(mock.url, 'GET', '/')).rejects.toThrow();
    expect(mock.server.requests()).toMatchObject([{ method: 'GET', path: '/', status: 0, error_type: null }]);
  });
});

describe('a bounded journal', () => {
  it('keeps the last journalSize requests, and none with 0', async () => {
    const small = await startMockServer({ journalSize: 3 });
    const off = await startMockServer({ journalSize: 0 });
    try {
      for (let n = 1; n <= 5; n++) {
        await call(small.url, 'GET', `/_ml/trained_models/${SEEDED_ID}/_stats?from=${n}`);
        await call(off.url, 'GET', '/');
      }
      expect(small.requests().map((r) => r.query)).toEqual(['from=3', 'from=4', 'from=5']);
      expect(off.requests()).toEqual([]);
    } finally {
      await small.close();
      await off.close();
    }
  });
});
