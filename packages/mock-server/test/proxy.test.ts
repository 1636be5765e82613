import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errors, pathFor, START_ENDPOINT, STATS_ENDPOINT, STOP_ENDPOINT } from '@mldeploy/core/rules';
import {
  DEFAULT_FIXTURE,
  type DeploymentFixture,
  EXAMPLE_DEPLOYMENT_ID,
  updateDeploymentCases,
} from '@mldeploy/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ContractViolation, defaultSeed, type MockServer, startMockServer } from '../src/index.js';
import { SEEDED_ID, seedWith } from '../src/testing.js';
import { call, UPDATE } from './helpers.js';

// The upstream is a real mock on 127.0.0.1 (manual clock, nothing converging), so an answer through
// the proxy can be compared byte for byte with the same request sent to it directly.
const base = { ...defaultSeed(), cluster: { ...defaultSeed().cluster, converge_ms: 0 } };
const START = new Date('2026-01-01T00:00:00Z');

let upstream: MockServer;
let proxy: MockServer;
const logged: string[] = [];

beforeAll(async () => {
  upstream = await startMockServer({ clock: 'manual', now: START, seed: base });
  proxy = await startMockServer({ proxy: { url: upstream.url }, log: (line) => logged.push(line) });
});
afterAll(async () => {
  await proxy?.close();
  await upstream?.close();
});

/** The seed for a case's fixture, its priority included (seedWith leaves priority as it was). */
function fixtureSeed(fixture: DeploymentFixture | 'missing' | undefined): typeof base {
  const seed = seedWith(base, fixture ?? DEFAULT_FIXTURE);
  if (fixture !== undefined && fixture !== 'missing' && fixture.priority !== undefined) {
    for (const d of seed.deployments) {
      if (d.deployment_id === SEEDED_ID) {
        d.priority = fixture.priority;
      }
    }
  }
  return seed;
}

function casePath(modelId: string, query: string | undefined): string {
  return `/_ml/trained_models/${encodeURIComponent(modelId)}/deployment/_update${query !== undefined ? `?${query}` : ''}`;
}

describe('the proxy in front of the mock itself', () => {
  for (const c of updateDeploymentCases) {
    it(`agrees and answers byte for byte: ${c.name}`, async () => {
      const path = casePath(c.given.modelId ?? EXAMPLE_DEPLOYMENT_ID, c.given.query);
      const method = c.given.method ?? 'POST';
      const init = c.given.body !== undefined ? { body: c.given.body } : {};
      await upstream.reset(fixtureSeed(c.before));
      const direct = await call(upstream.url, method, path, init);
      await upstream.reset(fixtureSeed(c.before));
      proxy.clearRequests();
      const through = await call(proxy.url, method, path, init);

      // Whether the mock answers as the case wants is contract-cases.test.ts's concern; here the
      // proxy must give the mock's answer, unchanged, and find core and the mock in agreement.
      expect(through.status).toBe(direct.status);
      expect(through.text).toBe(direct.text);
      for (const name of ['content-type', 'x-elastic-product', 'warning', 'allow']) {
        expect(through.headers.get(name)).toBe(direct.headers.get(name));
      }
      expect(through.headers.get('x-mldeploy-contract')).toBe('ok');
      const [entry] = proxy.requests();
      expect(entry?.status).toBe(direct.status);
      expect(entry?.violations).toEqual([]);
    });
  }

  it('judges the other endpoints too, and keeps /_mock/ local', async () => {
    await upstream.reset(base);
    proxy.clearRequests();
    const requests: Array<[string, string, string?]> = [
      ['GET', '/'],
      ['GET', pathFor(STATS_ENDPOINT, {})],
      ['GET', `${pathFor(STATS_ENDPOINT, { model_id: SEEDED_ID })}?size=-1`],
      ['GET', '/_ml/trained_models?from=abc'],
      ['GET', '/_ml/trained_models'],
      ['POST', `${pathFor(START_ENDPOINT, { model_id: '.elser_model_2' })}?number_of_allocations=0`],
      ['POST', `${pathFor(STOP_ENDPOINT, { model_id: SEEDED_ID })}?nope=1`],
      ['POST', pathFor(STOP_ENDPOINT, { model_id: SEEDED_ID })],
      ['GET', '/_cluster/health'],
    ];
    for (const [method, path, body] of requests) {
      const direct = await call(upstream.url, method, path, body ? { body } : {});
      const through = await call(proxy.url, method, path, body ? { body } : {});
      expect(`${method} ${path} ${through.status} ${through.text}`).toBe(
        `${method} ${path} ${direct.status} ${direct.text}`,
      );
      expect(through.headers.get('x-mldeploy-contract')).toBe('ok');
    }
    // `_stop` removed the deployment upstream: the answers are the upstream's, not the proxy's.
    expect(upstream.state().deployments.map((d) => d.deployment_id)).not.toContain(SEEDED_ID);
    expect(proxy.state().deployments.map((d) => d.deployment_id)).toContain(SEEDED_ID);
    expect(proxy.requests().map((r) => r.violations)).toEqual(requests.map(() => []));
    expect((await call(proxy.url, 'GET', '/_mock/state')).json.deployments).toHaveLength(
      base.deployments.length,
    );
    expect(logged.filter((l) => l.includes('contract violation'))).toEqual([]);
  });
});

/** A tiny fake Elasticsearch on 127.0.0.1 whose answers each test sets. */
interface Fake {
  url: string;
  server: Server;
  answer: (req: IncomingMessage, body: string, res: ServerResponse) => void;
  seen: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }>;
}

function json(res: ServerResponse, status: number, value: unknown, extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=UTF-8',
    'x-elastic-product': 'Elasticsearch',
    ...extra,
  });
  res.end(JSON.stringify(value));
}

async function startFake(): Promise<Fake> {
  const fake: Fake = {
    url: '',
    server: createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        fake.seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
        fake.answer(req, body, res);
      });
    }),
    answer: (_req, _body, res) => json(res, 500, {}),
    seen: [],
  };
  await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
  return fake;
}

describe('a drifting upstream', () => {
  let fake: Fake;
  let drift: MockServer;
  const lines: string[] = [];

  beforeAll(async () => {
    fake = await startFake();
    drift = await startMockServer({ proxy: { url: fake.url, onViolation: (line) => lines.push(line) } });
  });
  afterAll(async () => {
    await drift?.close();
    await new Promise((resolve) => fake?.server.close(resolve));
  });
  beforeEach(() => {
    drift.clearRequests();
    lines.length = 0;
    fake.seen.length = 0;
  });

  const zero = '{"number_of_allocations":0}';

  async function coreAnswerFor(
    body: string,
  ): Promise<{ status: number; json: { error: { type: string; reason: string } } }> {
    const reply = await call(upstream.url, 'POST', UPDATE, { body });
    return { status: reply.status, json: reply.json };
  }

  async function through(
    body: string,
  ): Promise<{ status: number; text: string; contract: string | null; violations: ContractViolation[] }> {
    const reply = await call(drift.url, 'POST', UPDATE, { body });
    const [entry] = drift.requests();
    return {
      status: reply.status,
      text: reply.text,
      contract: reply.headers.get('x-mldeploy-contract'),
      violations: entry?.violations ?? [],
    };
  }

  it('passes a 200 missing a required field through unchanged, and flags it as a shape violation', async () => {
    await upstream.reset(base);
    const real = await call(upstream.url, 'POST', UPDATE, { body: '{"number_of_allocations":2}' });
    const drifted = structuredClone(real.json);
    delete drifted.assignment.task_parameters.number_of_allocations;
    const bytes = `${JSON.stringify(drifted, null, 3)}\n`;
    fake.answer = (_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-custom': 'kept' });
      res.end(bytes);
    };
    const reply = await call(drift.url, 'POST', UPDATE, { body: '{"number_of_allocations":2}' });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe(bytes);
    expect(reply.headers.get('x-custom')).toBe('kept');
    expect(reply.headers.get('x-mldeploy-contract')).toBe('violation');
    const [entry] = drift.requests();
    expect(entry?.violations).toEqual([
      {
        kind: 'response_schema',
        expected: "/assignment/task_parameters: must have required property 'number_of_allocations'",
        actual: expect.stringContaining(
          '{"model_id":"elastic__distilbert-base-uncased-finetuned-conll03-english"',
        ),
      },
    ]);
    expect(lines).toEqual([
      expect.stringContaining(
        `contract violation: POST ${UPDATE}: response_schema: expected /assignment/task_parameters`,
      ),
    ]);
    // The request reached the upstream as it was sent.
    expect(fake.seen[0]?.body).toBe('{"number_of_allocations":2}');
    expect(fake.seen[0]?.url).toBe(UPDATE);
  });

  it('flags a 2xx body that is not JSON, but not one in a format the client asked for', async () => {
    for (const [type, contract] of [
      ['text/plain', 'violation'],
      ['application/yaml', 'ok'],
    ] as const) {
      drift.clearRequests();
      fake.answer = (_req, _body, res) => {
        res.writeHead(200, { 'content-type': type });
        res.end('assignment: {}\n');
      };
      const out = await through('{"number_of_allocations":2}');
      expect([out.status, out.text, out.contract]).toEqual([200, 'assignment: {}\n', contract]);
      expect(out.violations.map((v) => v.kind)).toEqual(contract === 'ok' ? [] : ['response_schema']);
    }
  });

  it('flags a reworded reason', async () => {
    const core = await coreAnswerFor(zero);
    expect(core.status).toBe(400);
    const reworded = structuredClone(core.json);
    reworded.error.reason = 'Validation Failed: 1: [number_of_allocations] must be greater than zero;';
    fake.answer = (_req, _body, res) => json(res, 400, reworded);
    const out = await through(zero);
    expect(out.status).toBe(400);
    expect(out.text).toBe(JSON.stringify(reworded));
    expect(out.contract).toBe('violation');
    expect(out.violations).toEqual([
      {
        kind: 'error_differs',
        expected: { status: 400, type: core.json.error.type, reason: core.json.error.reason },
        actual: { status: 400, type: core.json.error.type, reason: reworded.error.reason },
      },
    ]);
    expect(lines).toHaveLength(1);
  });

  it('flags a changed status', async () => {
    const core = await coreAnswerFor(zero);
    fake.answer = (_req, _body, res) => json(res, 422, { ...core.json, status: 422 });
    const out = await through(zero);
    expect(out.status).toBe(422);
    expect(out.contract).toBe('violation');
    expect(
      out.violations.map((v) => [
        v.kind,
        (v.expected as { status: number }).status,
        (v.actual as { status: number }).status,
      ]),
    ).toEqual([['error_differs', 400, 422]]);
  });

  it('flags a request core rejects that the upstream accepts, and the reverse', async () => {
    await upstream.reset(base);
    const ok = await call(upstream.url, 'POST', UPDATE, { body: '{"number_of_allocations":1}' });
    fake.answer = (_req, _body, res) => json(res, 200, ok.json);
    const accepted = await through(zero);
    expect(accepted.contract).toBe('violation');
    expect(accepted.violations.map((v) => v.kind)).toEqual(['accepted_but_core_rejects']);
    expect(accepted.violations[0]?.actual).toEqual({ status: 200 });

    drift.clearRequests();
    const rejection = await coreAnswerFor(zero);
    fake.answer = (_req, _body, res) => json(res, 400, rejection.json);
    const rejected = await through('{"number_of_allocations":3}');
    expect(rejected.contract).toBe('violation');
    expect(rejected.violations).toEqual([
      {
        kind: 'rejected_but_core_accepts',
        expected: { status: 200 },
        actual: { status: 400, type: rejection.json.error.type, reason: rejection.json.error.reason },
      },
    ]);
  });

  it('does not judge answers that depend on the upstream state (404, 409, 429), credentials (401) or its health (5xx)', async () => {
    const cases: Array<[number, unknown]> = [
      [404, errors.deploymentNotFound(SEEDED_ID).body],
      [409, errors.notStarted().body],
      [429, errors.insufficientResourcesUpdate().body],
      [401, errors.missingCredentials(UPDATE).body],
      [503, { error: 'nope', status: 503 }],
    ];
    for (const [status, body] of cases) {
      drift.clearRequests();
      fake.answer = (_req, _body, res) => json(res, status, body);
      const out = await through('{"number_of_allocations":2}');
      expect([out.status, out.contract, out.violations]).toEqual([status, 'ok', []]);
    }
    expect(lines).toEqual([]);
  });

  it('answers 502 when the upstream cannot be reached, naming it without credentials', async () => {
    const closed = await startFake();
    const url = closed.url;
    await new Promise((resolve) => closed.server.close(resolve));
    const nowhere = await startMockServer({ proxy: { url: url.replace('http://', 'http://me:s3cret@') } });
    try {
      const reply = await call(nowhere.url, 'GET', '/');
      expect(reply.status).toBe(502);
      expect(reply.text).toContain(url);
      expect(reply.text).not.toContain('s3cret');
      expect(nowhere.upstream).toBe(url);
    } finally {
      await nowhere.close();
    }
  });
});

describe('credentials', () => {
  const API_KEY_ID = 'proxy-key-id';
  const API_KEY = 'proxy-key-secret-value';
  const PASSWORD = 'hunter2-upstream-password';
  const secured = {
    ...base,
    security: {
      enabled: true,
      users: [{ username: 'ml-admin', password: PASSWORD, roles: ['machine_learning_admin'] }],
      api_keys: [{ id: API_KEY_ID, api_key: API_KEY, privileges: ['manage_ml'] }],
    },
  };
  const encoded = Buffer.from(`${API_KEY_ID}:${API_KEY}`).toString('base64');
  let securedUpstream: MockServer;

  beforeAll(async () => {
    securedUpstream = await startMockServer({ seed: secured });
  });
  afterAll(async () => {
    await securedUpstream?.close();
  });

  it('sends the configured API key or user upstream, and never journals either', async () => {
    for (const auth of [{ apiKey: encoded }, { username: 'ml-admin', password: PASSWORD }]) {
      const p = await startMockServer({ proxy: { url: securedUpstream.url, auth } });
      try {
        const reply = await call(p.url, 'POST', UPDATE, { body: '{"number_of_allocations":2}' });
        expect(reply.status).toBe(200);
        expect(reply.headers.get('x-mldeploy-contract')).toBe('ok');
        const seen = JSON.stringify([p.requests(), securedUpstream.requests()]);
        expect(seen).not.toContain(encoded);
        expect(seen).not.toContain(PASSWORD);
        expect(seen).not.toContain(Buffer.from(`ml-admin:${PASSWORD}`).toString('base64'));
      } finally {
        await p.close();
      }
    }
  });

  it("passes the client's own credentials on when none are configured, redacted in the journal", async () => {
    const p = await startMockServer({ proxy: { url: securedUpstream.url } });
    try {
      const anonymous = await call(p.url, 'POST', UPDATE, { body: '{"number_of_allocations":1}' });
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toContain('Basic');
      expect(anonymous.headers.get('x-mldeploy-contract')).toBe('ok');
      const reply = await call(p.url, 'POST', UPDATE, {
        body: '{"number_of_allocations":1}',
        headers: { authorization: `ApiKey ${encoded}` },
      });
      expect(reply.status).toBe(200);
      expect(p.requests()[1]?.headers.authorization).toBe('[redacted]');
      expect(JSON.stringify(p.requests())).not.toContain(encoded);
    } finally {
      await p.close();
    }
  });
});
