import { WWW_AUTHENTICATE } from '@mldeploy/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultSeed } from '../src/index.js';
import { SEEDED_ID, useMockServer } from '../src/testing.js';
import { call, UPDATE } from './helpers.js';

const mock = useMockServer({ convergeMs: 0 });
const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;
const apiKey = (id: string, key: string) => `ApiKey ${Buffer.from(`${id}:${key}`).toString('base64')}`;

beforeAll(async () => {
  const seed = defaultSeed();
  seed.cluster.converge_ms = 0;
  seed.security = {
    enabled: true,
    users: [
      { username: 'admin', password: 'admin-secret', roles: ['machine_learning_admin'] },
      { username: 'reader', password: 'reader-secret', roles: ['machine_learning_user', 'viewer'] },
    ],
    api_keys: [
      { id: 'key-ml', api_key: 'key-ml-secret', username: 'svc', privileges: ['manage_ml'] },
      { id: 'key-ro', api_key: 'key-ro-secret', username: 'svc', privileges: ['monitor_ml'] },
    ],
  };
  await mock.server.reset(seed);
});

describe('security, when turned on', () => {
  it('answers 401 without credentials, with the WWW-Authenticate values', async () => {
    const reply = await call(mock.url, 'POST', `${UPDATE}?timeout=5s`, {
      body: '{"number_of_allocations":2}',
    });
    expect(reply.status).toBe(401);
    expect(reply.json.error.reason).toBe(
      `missing authentication credentials for REST request [${UPDATE}?timeout=5s]`,
    );
    expect(reply.json.error.header).toEqual({ 'WWW-Authenticate': WWW_AUTHENTICATE });
    expect(reply.json.error.root_cause[0].header).toEqual({ 'WWW-Authenticate': WWW_AUTHENTICATE });
    expect(reply.headers.get('www-authenticate')).toContain('ApiKey');
    expect(mock.server.state().deployments[0]?.number_of_allocations).toBe(1);
  });

  it('answers 401 for a wrong password or an unknown API key, without echoing secrets', async () => {
    const bad = await call(mock.url, 'GET', '/', {
      headers: { authorization: basic('admin', 'wrong-password') },
    });
    expect(bad.status).toBe(401);
    expect(bad.json.error.reason).toBe('unable to authenticate user [admin] for REST request [/]');
    expect(bad.text).not.toContain('wrong-password');
    const key = await call(mock.url, 'GET', '/', { headers: { authorization: apiKey('key-ml', 'nope') } });
    expect(key.status).toBe(401);
    expect(key.text).not.toContain('nope');
  });

  it('lets a user with manage_ml update, and tells a monitor-only user why not (403)', async () => {
    const ok = await call(mock.url, 'POST', UPDATE, {
      body: '{"number_of_allocations":2}',
      headers: { authorization: basic('admin', 'admin-secret') },
    });
    expect(ok.status).toBe(200);
    const denied = await call(mock.url, 'POST', UPDATE, {
      body: '{"number_of_allocations":3}',
      headers: { authorization: basic('reader', 'reader-secret') },
    });
    expect(denied.status).toBe(403);
    expect(denied.json.error.reason).toBe(
      'action [cluster:admin/xpack/ml/trained_models/deployment/update] is unauthorized for user [reader] with effective roles [machine_learning_user,viewer], this action is granted by the cluster privileges [manage_ml,manage,all]',
    );
    expect(mock.server.state().deployments[0]?.number_of_allocations).toBe(2);
  });

  it('names API keys by id and owner in 403s, and lets monitor_ml read stats', async () => {
    const denied = await call(mock.url, 'POST', UPDATE, {
      body: '{"number_of_allocations":3}',
      headers: { authorization: apiKey('key-ro', 'key-ro-secret') },
    });
    expect(denied.status).toBe(403);
    expect(denied.json.error.reason).toContain(
      'is unauthorized for API key id [key-ro] of user [svc], this action',
    );
    const stats = await call(mock.url, 'GET', `/_ml/trained_models/${SEEDED_ID}/_stats`, {
      headers: { authorization: apiKey('key-ro', 'key-ro-secret') },
    });
    expect(stats.status).toBe(200);
  });

  it('validates before it authorizes: an invalid request gets 400, not 403', async () => {
    const reply = await call(mock.url, 'POST', UPDATE, {
      body: '{"number_of_allocations":0}',
      headers: { authorization: basic('reader', 'reader-secret') },
    });
    expect(reply.status).toBe(400);
    expect(reply.json.error.reason).toBe(
      'Validation Failed: 1: [number_of_allocations] must be a positive integer;',
    );
  });

  it('keeps the control endpoints outside security', async () => {
    expect((await call(mock.url, 'GET', '/_mock/state')).status).toBe(200);
  });
});
