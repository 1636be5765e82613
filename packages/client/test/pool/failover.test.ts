import type { ApiError } from '@mldeploy/core';
import { SEEDED_ID, useMockServer } from '@mldeploy/mock-server/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, type DiagnosticEvents, type MlDeployClient } from '../../src/index.js';
import { virtualClock } from '../helpers/clock.js';
import { TRANSPORTS } from '../helpers/transports.js';

// One simulated cluster on three ports (the mock's `httpNodes`): real sockets on 127.0.0.1, the
// mock's clock manual, the client's clock virtual, so resurrection is stepped, never waited for.
const mock = useMockServer({ httpNodes: 3, clock: 'manual' });
const urls = () => mock.server.nodes.map((n) => n.url);
const [N1, N2, N3] = ['ml-node-1', 'ml-node-2', 'node-3'];

/** A control request, through the third node (the tests refuse or fault the first two only). */
async function control(_server: unknown, method: string, path: string, body?: unknown): Promise<void> {
  const init: RequestInit = { method, headers: { 'content-type': 'application/json' } };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
  }
  const response = await fetch(`${mock.server.nodes[2]?.url}${path}`, init);
  if (!response.ok) {
    throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
  }
}

afterEach(async () => {
  await control(mock.server, 'DELETE', '/_mock/faults');
  await mock.server.reset();
  mock.server.clearRequests();
});

/** Every event of one kind the client emits, in order. */
function collect<E extends keyof DiagnosticEvents>(client: MlDeployClient, name: E): DiagnosticEvents[E][] {
  const seen: DiagnosticEvents[E][] = [];
  client.diagnostic.on(name, (event) => seen.push(event));
  return seen;
}

/** The next event of one kind. */
function next<E extends keyof DiagnosticEvents>(
  client: MlDeployClient,
  name: E,
): Promise<DiagnosticEvents[E]> {
  return new Promise((resolve) => {
    const listener = (event: DiagnosticEvents[E]) => {
      client.diagnostic.off(name, listener);
      resolve(event);
    };
    client.diagnostic.on(name, listener);
  });
}

const servedBy = (filter: { path?: string; method?: string } = {}) =>
  mock.server.requests(filter).map((r) => r.node);

describe.each(TRANSPORTS)('a pool of three nodes over %s', (kind) => {
  it('spreads requests round-robin', async () => {
    const client = createClient({ nodes: urls(), transport: kind });
    for (let i = 0; i < 6; i++) {
      await client.info();
    }
    expect(servedBy()).toEqual([N1, N2, N3, N1, N2, N3]);
    await client.close();
  });

  it('with one node refusing connections, 1,000 sequential updates succeed and none goes to it once it is marked dead', async () => {
    await control(mock.server, 'POST', '/_mock/faults', { refuse_connections: true, node: N2 });
    const clock = virtualClock();
    const client = createClient({ nodes: urls(), transport: kind, ...clock });
    const requests = collect(client, 'request');
    const dead = mock.server.nodes[1]?.url;
    for (let i = 0; i < 1000; i++) {
      const answer = await client.updateDeployment(SEEDED_ID, { number_of_allocations: 1 + (i % 2) });
      expect(answer.assignment.task_parameters.number_of_allocations).toBe(1 + (i % 2));
    }
    // The second attempt of all went to the refusing node; it was marked dead and never tried again.
    expect(requests.filter((r) => r.node === dead)).toHaveLength(1);
    expect(requests).toHaveLength(1001);
    const journal = servedBy({ path: '_update' });
    expect(journal).toHaveLength(1000);
    expect(journal.filter((n) => n === N2)).toHaveLength(0);
    // No waiting: a refused connection is retried on the next node at once.
    expect(clock.slept).toEqual([]);
    expect(client.nodes.find((n) => n.url === dead)).toMatchObject({ status: 'dead', deadCount: 1 });
    await client.close();
  });

  it('uses the node again once it recovers and its resurrection time passed (ping), and backs off while it does not', async () => {
    await control(mock.server, 'POST', '/_mock/faults', { refuse_connections: true, node: N2 });
    const clock = virtualClock();
    const client = createClient({ nodes: urls(), transport: kind, ...clock });
    const dead = mock.server.nodes[1]?.url as string;
    for (let i = 0; i < 3; i++) {
      await client.info();
    }
    const marked = client.nodes.find((n) => n.url === dead);
    expect(marked?.resurrectAt).toBe(clock.now() + 60_000);
    // Its time came while it still refuses: the ping fails and the timeout doubles.
    clock.advance(60_000);
    let ping = next(client, 'resurrect');
    await client.info();
    expect(await ping).toMatchObject({ node: dead, strategy: 'ping', isAlive: false });
    expect(client.nodes.find((n) => n.url === dead)).toMatchObject({
      deadCount: 2,
      resurrectAt: clock.now() + 120_000,
    });
    // It recovers; before its time it is still left out.
    await control(mock.server, 'DELETE', '/_mock/faults');
    mock.server.clearRequests();
    for (let i = 0; i < 4; i++) {
      await client.info();
    }
    expect(servedBy()).not.toContain(N2);
    // Its time passes: the next selection pings it (HEAD /), and from then on it serves again.
    clock.advance(120_000);
    ping = next(client, 'resurrect');
    await client.info();
    expect(await ping).toMatchObject({ node: dead, isAlive: true });
    mock.server.clearRequests();
    for (let i = 0; i < 6; i++) {
      await client.info();
    }
    expect(servedBy().filter((n) => n === N2)).toHaveLength(2);
    expect(client.nodes.every((n) => n.status === 'alive')).toBe(true);
    await client.close();
  });

  it('retries a 503 from one node on another, at once', async () => {
    await control(mock.server, 'POST', '/_mock/faults', { status: 503, count: 1, node: N1 });
    const clock = virtualClock();
    const client = createClient({ nodes: urls(), transport: kind, ...clock });
    const retries = collect(client, 'retry');
    let meta: unknown;
    await client.updateDeployment(SEEDED_ID, { number_of_allocations: 2 }, { onMeta: (m) => (meta = m) });
    expect(mock.server.requests().map((r) => [r.node, r.status])).toEqual([
      [N1, 503],
      [N3, 200],
    ]);
    expect(retries).toEqual([
      {
        requestId: 1,
        name: 'ml.update_trained_model_deployment',
        node: urls()[0],
        attempt: 1,
        reason: '503',
        delayMs: 0,
      },
    ]);
    expect(meta).toMatchObject({ requestId: 1, status: 200, node: urls()[2], attempts: 2 });
    expect(clock.slept).toEqual([]);
    await client.close();
  });

  it('backs off only once every node had its try', async () => {
    await control(mock.server, 'POST', '/_mock/faults', { status: 503, count: 4 });
    const clock = virtualClock();
    const client = createClient({ nodes: urls(), transport: kind, ...clock, maxRetries: 4 });
    await client.getDeploymentStats();
    // Attempts 2 and 3 go to the other nodes at once; the 4th waits (every node is dead by then).
    expect(clock.slept).toHaveLength(2);
    expect(mock.server.requests().map((r) => r.status)).toEqual([503, 503, 503, 503, 200]);
    await client.close();
  });

  it('does not repeat a request that may have been done (reset mid-answer) unless it is safe to', async () => {
    await control(mock.server, 'POST', '/_mock/faults', { reset: true, node: N1, count: 2 });
    const client = createClient({ nodes: urls(), transport: kind, ...virtualClock() });
    // _stop is not safe to repeat (a second one answers 404): the error comes back, once sent.
    const error = await client.stopDeployment(SEEDED_ID).catch((e: unknown) => e);
    expect((error as ApiError).code).toBe('NETWORK_ERROR');
    expect(mock.server.requests({ path: '_stop' }).map((r) => r.node)).toEqual([N1]);
    // The stop was done before the answer was cut.
    expect(
      (await client.getDeploymentStats(SEEDED_ID)).trained_model_stats[0]?.deployment_stats,
    ).toBeUndefined();
    await mock.server.reset();
    await control(mock.server, 'POST', '/_mock/faults', { reset: true, node: N1 });
    // _update to a number is: it goes to the next node and succeeds.
    const other = createClient({ nodes: urls(), transport: kind, ...virtualClock() });
    await other.updateDeployment(SEEDED_ID, { number_of_allocations: 2 });
    expect(servedBy({ path: '_update' })).toEqual([N1, N3]);
    await client.close();
    await other.close();
  });

  it('sends any request to another node when the connection was refused (nothing was sent)', async () => {
    await control(mock.server, 'POST', '/_mock/faults', { refuse_connections: true, node: N1 });
    const client = createClient({ nodes: urls(), transport: kind, ...virtualClock() });
    const answer = await client.stopDeployment(SEEDED_ID);
    expect(answer.stopped).toBe(true);
    // The next node in turn after the refusing one, the round-robin going on as the official client's.
    expect(servedBy({ path: '_stop' })).toEqual([N3]);
    await client.close();
  });
});

describe('choosing nodes', () => {
  it('takes a nodeSelector and a nodeFilter', async () => {
    const client = createClient({
      nodes: urls(),
      nodeFilter: (node) => node.url !== urls()[0],
      nodeSelector: (nodes) => nodes[nodes.length - 1] as (typeof nodes)[number],
    });
    await client.info();
    await client.info();
    expect(servedBy()).toEqual([N3, N3]);
    await client.close();
  });

  it('leaves out master-only nodes by default, as the official client', async () => {
    const master = { master: true, data: false, ingest: false, ml: false };
    const client = createClient({
      nodes: [{ url: urls()[0] as string, roles: master }, urls()[1] as string],
    });
    await client.info();
    await client.info();
    expect(servedBy()).toEqual([N2, N2]);
    await client.close();
  });

  it('answers NETWORK_ERROR when the filter leaves no node', async () => {
    const client = createClient({ nodes: urls(), nodeFilter: () => false });
    const error = await client.info().catch((e: unknown) => e);
    expect((error as ApiError).code).toBe('NETWORK_ERROR');
    expect((error as ApiError).message).toMatch(/nodeFilter/);
  });

  it('brings a node back at once with resurrectStrategy optimistic', async () => {
    await control(mock.server, 'POST', '/_mock/faults', { refuse_connections: true, node: N2 });
    const clock = virtualClock();
    const client = createClient({ nodes: urls(), resurrectStrategy: 'optimistic', ...clock });
    const resurrected = collect(client, 'resurrect');
    await client.info();
    await client.info();
    await control(mock.server, 'DELETE', '/_mock/faults');
    clock.advance(60_000);
    mock.server.clearRequests();
    for (let i = 0; i < 3; i++) {
      await client.info();
    }
    expect(resurrected).toEqual([{ requestId: 3, node: urls()[1], strategy: 'optimistic', isAlive: true }]);
    expect(servedBy()).toContain(N2);
    await client.close();
  });
});
