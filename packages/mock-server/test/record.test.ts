import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathFor, STATS_ENDPOINT, UPDATE_ENDPOINT } from '@mldeploy/core/rules';
import { classifyCase, DEFAULT_FIXTURE, parseCaseFile, runCases } from '@mldeploy/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSeed, type MockServer, startMockServer } from '../src/index.js';
import { SEEDED_ID, seedWith } from '../src/testing.js';
import { call, UPDATE } from './helpers.js';

// `--record` in front of a real mock: the cases it writes are replayed by the testkit's runner
// (what `mldeploy verify --cases` runs) against a fresh mock, and must all pass.
const base = seedWith(
  { ...defaultSeed(), cluster: { ...defaultSeed().cluster, converge_ms: 0 } },
  DEFAULT_FIXTURE,
);
const dir = mkdtempSync(join(tmpdir(), 'mldeploy-record-'));
const servers: MockServer[] = [];

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

async function start(options: Parameters<typeof startMockServer>[0]): Promise<MockServer> {
  const server = await startMockServer(options);
  servers.push(server);
  return server;
}

const ADAPTIVE =
  '{"adaptive_allocations":{"enabled":true,"min_number_of_allocations":1,"max_number_of_allocations":4}}';

describe('--record', () => {
  const file = join(dir, 'recorded.jsonl');
  let upstream: MockServer;
  let proxy: MockServer;

  beforeAll(async () => {
    upstream = await start({ clock: 'manual', seed: base });
    proxy = await start({ proxy: { url: upstream.url, record: file } });
    const missing = pathFor(UPDATE_ENDPOINT, { model_id: 'no-such-deployment' });
    const exchanges: Array<[string, string, string?]> = [
      ['POST', UPDATE, '{"number_of_allocations":0}'],
      ['POST', `${UPDATE}?nope=1`, '{"number_of_allocations":2}'],
      ['GET', UPDATE],
      ['POST', missing, '{"number_of_allocations":2}'],
      ['POST', UPDATE, '{"number_of_allocations":3}'],
      ['GET', pathFor(STATS_ENDPOINT, {})],
      ['POST', UPDATE, ADAPTIVE],
      ['POST', UPDATE, '{"number_of_allocations":2}'],
    ];
    for (const [method, path, body] of exchanges) {
      const reply = await call(proxy.url, method, path, body !== undefined ? { body } : {});
      expect(reply.headers.get('x-mldeploy-contract')).toBe('ok');
    }
    await proxy.close();
  });

  it('writes one case per exchange, stateless only where core decided alone', () => {
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(8);
    const cases = parseCaseFile(readFileSync(file, 'utf8'));
    expect(cases.map((c) => [c.endpoint, c.given.method, c.want.status, c.stateless])).toEqual([
      ['update', 'POST', 400, true],
      ['update', 'POST', 400, true],
      ['update', 'GET', 405, true],
      ['update', 'POST', 404, false],
      ['update', 'POST', 200, false],
      ['stats', 'GET', 200, false],
      ['update', 'POST', 200, false],
      ['update', 'POST', 400, false],
    ]);
    expect(cases[0]?.want.reason).toBe(
      'Validation Failed: 1: [number_of_allocations] must be a positive integer;',
    );
    expect(cases[0]?.before).toBeUndefined();
    expect(cases[3]?.before).toBe('missing');
    expect(cases[3]?.given.modelId).toBe('no-such-deployment');
    expect(cases[4]?.before).toEqual({
      number_of_allocations: 1,
      adaptive_allocations: null,
      assignment_state: 'started',
    });
    expect(cases[4]?.want.after).toEqual({ number_of_allocations: 3, adaptive_allocations: null });
    expect(cases[5]?.given).toEqual({ method: 'GET' });
    expect(cases[7]?.before).toEqual({
      number_of_allocations: 3,
      adaptive_allocations: JSON.parse(ADAPTIVE).adaptive_allocations,
      assignment_state: 'started',
    });
    expect(cases[7]?.want.reason).toBe(
      'Validation Failed: 1: [number_of_allocations] cannot be set if adaptive allocations is enabled;',
    );
  });

  it('replays green against a fresh mock with the runner of mldeploy verify', async () => {
    const fresh = await start({ seed: base });
    const cases = parseCaseFile(readFileSync(file, 'utf8'));
    const results = await runCases(cases, { baseUrl: fresh.url, deploymentId: SEEDED_ID });
    // The safe cases first (the six rejected before any state, and the stats of all), then the rest.
    const order = [
      ...cases.filter((c) => classifyCase(c) === 'safe'),
      ...cases.filter((c) => classifyCase(c) === 'stateful'),
    ];
    expect(order.map((c) => classifyCase(c))).toEqual([
      ...Array(5).fill('safe'),
      ...Array(3).fill('stateful'),
    ]);
    expect(results.map((r) => [r.name, r.kind, r.mismatches, r.skipped ?? null])).toEqual(
      order.map((c) => [c.name, classifyCase(c), [], null]),
    );
    expect(results.every((r) => r.passed)).toBe(true);
  });
});

describe('a recording of a drifted upstream', () => {
  it('fails against the mock where the upstream differed, naming the field', async () => {
    const reworded = 'Validation Failed: 1: [number_of_allocations] must be greater than zero;';
    const fake = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const error = {
          root_cause: [{ type: 'action_request_validation_exception', reason: reworded }],
          type: 'action_request_validation_exception',
          reason: reworded,
        };
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error, status: 400 }));
      });
    });
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
    try {
      const file = join(dir, 'drifted.jsonl');
      const proxy = await start({
        proxy: {
          url: `http://127.0.0.1:${(fake.address() as AddressInfo).port}`,
          record: file,
          onViolation: () => {},
        },
      });
      const reply = await call(proxy.url, 'POST', UPDATE, { body: '{"number_of_allocations":0}' });
      expect(reply.headers.get('x-mldeploy-contract')).toBe('violation');
      await proxy.close();
      const mock = await start({ seed: base });
      const [result] = await runCases(parseCaseFile(readFileSync(file, 'utf8')), { baseUrl: mock.url });
      expect(result?.passed).toBe(false);
      expect(result?.mismatches).toEqual([
        `reason: expected ${JSON.stringify(reworded)}, got "Validation Failed: 1: [number_of_allocations] must be a positive integer;"`,
      ]);
    } finally {
      await new Promise((resolve) => fake.close(resolve));
    }
  });
});

describe('credentials and the recording', () => {
  it('never writes the upstream credentials or the client’s', async () => {
    const KEY = 'record-key-secret';
    const PASSWORD = 'record-password-secret';
    const secured = {
      ...base,
      security: {
        enabled: true,
        users: [{ username: 'ml-admin', password: PASSWORD, roles: ['machine_learning_admin'] }],
        api_keys: [{ id: 'record-key-id', api_key: KEY, privileges: ['manage_ml', 'monitor_ml'] }],
      },
    };
    const upstream = await start({ seed: secured });
    const encoded = Buffer.from(`record-key-id:${KEY}`).toString('base64');
    const basic = Buffer.from(`ml-admin:${PASSWORD}`).toString('base64');
    const file = join(dir, 'secured.jsonl');
    const withKey = await start({ proxy: { url: upstream.url, auth: { apiKey: encoded }, record: file } });
    const passthrough = await start({ proxy: { url: upstream.url, record: file } });
    expect((await call(withKey.url, 'POST', UPDATE, { body: '{"number_of_allocations":2}' })).status).toBe(
      200,
    );
    const own = await call(passthrough.url, 'POST', UPDATE, {
      body: '{"number_of_allocations":1}',
      headers: { authorization: `Basic ${basic}` },
    });
    expect(own.status).toBe(200);
    await withKey.close();
    await passthrough.close();
    const text = readFileSync(file, 'utf8');
    expect(parseCaseFile(text).map((c) => [c.want.status, c.before])).toEqual([
      [200, { number_of_allocations: 1, adaptive_allocations: null, assignment_state: 'started' }],
      [200, { number_of_allocations: 2, adaptive_allocations: null, assignment_state: 'started' }],
    ]);
    const everything = text + JSON.stringify([withKey.requests(), passthrough.requests()]);
    for (const secret of [KEY, PASSWORD, encoded, basic]) {
      expect(everything).not.toContain(secret);
    }
  });
});
