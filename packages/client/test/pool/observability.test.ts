import { ApiError } from '@mldeploy/core';
import { SEEDED_ID, useMockServer } from '@mldeploy/mock-server/testing';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, type DiagnosticEvents } from '../../src/index.js';
import { virtualClock } from '../helpers/clock.js';
import { registerMemoryTracer } from '../helpers/memory-tracer.js';
import { control } from '../helpers/mock.js';
import { TRANSPORTS } from '../helpers/transports.js';

const mock = useMockServer({ httpNodes: 3, clock: 'manual' });
const urls = () => mock.server.nodes.map((n) => n.url);
const portOf = (i: number) => mock.server.nodes[i]?.port;

afterEach(async () => {
  await control(mock.server, 'DELETE', '/_mock/faults');
  await mock.server.reset();
  mock.server.clearRequests();
});

describe.each(TRANSPORTS)('diagnostics over %s', (kind) => {
  it('emits request, response and retry events with the request id, node, attempt and timing', async () => {
    await control(mock.server, 'POST', '/_mock/faults', { status: 503, count: 1, node: 'ml-node-1' });
    const client = createClient({
      nodes: urls(),
      transport: kind,
      auth: { apiKey: 'c2VjcmV0' },
      ...virtualClock(),
    });
    const seen: Array<[string, unknown]> = [];
    for (const name of ['request', 'response', 'retry'] as const) {
      client.diagnostic.on(name, (event: DiagnosticEvents[typeof name]) => seen.push([name, event]));
    }
    await client.updateDeployment(SEEDED_ID, { number_of_allocations: 2 });
    expect(seen.map(([name]) => name)).toEqual(['request', 'response', 'retry', 'request', 'response']);
    const [first, failed, retry, second, answered] = seen.map(([, event]) => event) as [
      DiagnosticEvents['request'],
      DiagnosticEvents['response'],
      DiagnosticEvents['retry'],
      DiagnosticEvents['request'],
      DiagnosticEvents['response'],
    ];
    expect(first).toMatchObject({
      requestId: 1,
      name: 'ml.update_trained_model_deployment',
      method: 'POST',
      path: `/_ml/trained_models/${SEEDED_ID}/deployment/_update`,
      node: urls()[0],
      attempt: 0,
    });
    // Credentials never reach an event.
    expect(first.headers.authorization).toBe('ApiKey [redacted]');
    expect(failed).toMatchObject({ requestId: 1, node: urls()[0], attempt: 0, status: 503 });
    expect(failed.durationMs).toBeGreaterThanOrEqual(0);
    expect(retry).toMatchObject({ requestId: 1, node: urls()[0], attempt: 1, reason: '503' });
    expect(second).toMatchObject({ requestId: 1, node: urls()[2], attempt: 1 });
    expect(answered).toMatchObject({ requestId: 1, node: urls()[2], attempt: 1, status: 200 });
    await client.close();
  });

  it('sends X-Opaque-Id: the client prefix and the call id', async () => {
    const client = createClient({ nodes: urls(), transport: kind, opaqueIdPrefix: 'svc-a:' });
    await client.getDeploymentStats(SEEDED_ID, { opaqueId: 'job-42' });
    await client.request({ method: 'GET', path: '/', opaqueId: 'raw-1' });
    await client.info();
    expect(mock.server.requests().map((r) => r.headers['x-opaque-id'])).toEqual([
      'svc-a:job-42',
      'svc-a:raw-1',
      undefined,
    ]);
    await client.close();
  });

  it('gzips request bodies with compression, and the cluster reads them', async () => {
    const client = createClient({ nodes: urls(), transport: kind, compression: true });
    const answer = await client.updateDeployment(SEEDED_ID, { number_of_allocations: 2 });
    expect(answer.assignment.task_parameters.number_of_allocations).toBe(2);
    const [sent] = mock.server.requests({ path: '_update' });
    expect(sent?.headers['content-encoding']).toBe('gzip');
    expect(sent?.headers['accept-encoding']).toMatch(/gzip/);
    expect(sent?.body).toBe('{"number_of_allocations":2}');
    await client.close();
  });

  it('aborts an answer larger than maxResponseSize, without retrying it', async () => {
    const client = createClient({ nodes: urls(), transport: kind, maxResponseSize: 100 });
    const error = await client.getDeploymentStats().catch((e: unknown) => e);
    expect((error as ApiError).code).toBe('ABORTED');
    expect((error as ApiError).message).toMatch(
      /^The content length \(\d+\) is bigger than the maximum allowed string \(100\)$/,
    );
    expect(mock.server.requests()).toHaveLength(1);
    await client.close();
  });

  it('hands onMeta the status, headers, node and attempts; raw requests carry them too', async () => {
    const client = createClient({ nodes: urls(), transport: kind });
    let meta: unknown;
    await client.info({ onMeta: (m) => (meta = m) });
    expect(meta).toMatchObject({ requestId: 1, status: 200, node: urls()[0], attempts: 1 });
    expect((meta as { headers: Record<string, string> }).headers['x-elastic-product']).toBe('Elasticsearch');
    const raw = await client.request({ method: 'GET', path: '/' });
    expect(raw.meta).toMatchObject({ requestId: 2, node: urls()[1], attempts: 1 });
    await client.close();
  });
});

describe('redaction', () => {
  it('removes credentials from events, or leaves them when off', async () => {
    const headersOf = async (redaction: NonNullable<Parameters<typeof createClient>[0]['redaction']>) => {
      const client = createClient({
        nodes: urls(),
        auth: { username: 'u', password: 'p' },
        redaction,
        headers: { 'x-tenant': 't1' },
      });
      let headers: Record<string, string> = {};
      client.diagnostic.on('request', (e) => {
        headers = e.headers;
      });
      await client.info();
      await client.close();
      return headers;
    };
    expect((await headersOf({ type: 'remove' })).authorization).toBeUndefined();
    expect((await headersOf({ type: 'off' })).authorization).toBe(`Basic ${btoa('u:p')}`);
    expect((await headersOf({ additionalKeys: ['X-Tenant'] }))['x-tenant']).toBe('[redacted]');
  });
});

describe('OpenTelemetry', () => {
  it('makes one client span per call with the official client attributes', async () => {
    const tracer = registerMemoryTracer();
    try {
      const client = createClient({ nodes: urls().map((u) => u.replace('http://', 'http://user:secret@')) });
      await client.updateDeployment(SEEDED_ID, { number_of_allocations: 2 });
      expect(tracer.spans).toHaveLength(1);
      const [span] = tracer.spans;
      expect(span).toMatchObject({
        name: 'ml.update_trained_model_deployment',
        tracer: '@mldeploy/client',
        kind: SpanKind.CLIENT,
        ended: true,
        attributes: {
          'db.system': 'elasticsearch',
          'db.operation.name': 'ml.update_trained_model_deployment',
          'http.request.method': 'POST',
          'db.operation.parameter.model_id': SEEDED_ID,
          'db.response.status_code': '200',
          // Credentials of the node URL never reach a span.
          'url.full': `http://127.0.0.1:${portOf(0)}/`,
          'server.address': '127.0.0.1',
          'server.port': portOf(0),
        },
      });
      await client.close();
    } finally {
      tracer.unregister();
    }
  });

  it('marks a failed call: status ERROR, error.type, the exception, the last node', async () => {
    const tracer = registerMemoryTracer();
    try {
      await control(mock.server, 'POST', '/_mock/faults', { status: 503, count: 10 });
      const client = createClient({ nodes: urls(), maxRetries: 1, ...virtualClock() });
      const error = await client.getDeploymentStats(SEEDED_ID).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      const [span] = tracer.spans;
      expect(span?.status).toEqual({ code: SpanStatusCode.ERROR });
      expect(span?.exceptions).toEqual([error]);
      expect(span?.attributes).toMatchObject({
        'db.operation.name': 'ml.get_trained_models_stats',
        'error.type': 'SERVICE_UNAVAILABLE',
        'db.response.status_code': '503',
        // The first node failed, then the third (round-robin among the living): the last one tried.
        'server.port': portOf(2),
      });
      await client.close();
    } finally {
      tracer.unregister();
    }
  });

  it('makes no span when turned off, nor when no tracer provider is registered', async () => {
    const tracer = registerMemoryTracer();
    try {
      const client = createClient({ nodes: urls(), openTelemetry: { enabled: false } });
      await client.info();
      expect(tracer.spans).toHaveLength(0);
    } finally {
      tracer.unregister();
    }
    const client = createClient({ nodes: urls() });
    await client.info();
    expect(tracer.spans).toHaveLength(0);
  });
});
