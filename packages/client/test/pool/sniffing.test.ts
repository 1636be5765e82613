import { startMockServer } from '@mldeploy/mock-server';
import { useMockServer } from '@mldeploy/mock-server/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, type DiagnosticEvents, type MlDeployClient } from '../../src/index.js';
import { virtualClock } from '../helpers/clock.js';
import { TRANSPORTS } from '../helpers/transports.js';

// Sniffing against one simulated cluster on three ports: the client is given the first node
// only and finds the others in GET /_nodes/_all/http.
const mock = useMockServer({ httpNodes: 3, clock: 'manual' });
const urls = () => mock.server.nodes.map((n) => n.url);

afterEach(async () => {
  await fetch(`${mock.server.nodes[2]?.url}/_mock/faults`, { method: 'DELETE' });
  mock.server.clearRequests();
});

/** The next sniff event. */
function sniffed(client: MlDeployClient): Promise<DiagnosticEvents['sniff']> {
  return new Promise((resolve) => {
    const listener = (event: DiagnosticEvents['sniff']) => {
      client.diagnostic.off('sniff', listener);
      resolve(event);
    };
    client.diagnostic.on('sniff', listener);
  });
}

describe.each(TRANSPORTS)('sniffing over %s', (kind) => {
  it('sniffOnStart: finds the nodes of the cluster from one seed node, then uses them all', async () => {
    const client = createClient({ nodes: [urls()[0] as string], transport: kind, sniffOnStart: true });
    const event = await sniffed(client);
    expect(event).toEqual({ reason: 'sniff-on-start', nodes: urls() });
    expect(client.nodes.map((n) => n.id)).toEqual(mock.server.nodes.map((n) => n.id));
    expect(mock.server.requests().map((r) => `${r.method} ${r.path}`)).toEqual(['GET /_nodes/_all/http']);
    mock.server.clearRequests();
    for (let i = 0; i < 3; i++) {
      await client.info();
    }
    expect(mock.server.requests().map((r) => r.node)).toEqual(['ml-node-1', 'ml-node-2', 'node-3']);
    await client.close();
  });
});

describe('sniffing', () => {
  it('sniffInterval: reads the nodes again once the interval passed on the client clock', async () => {
    const clock = virtualClock();
    const client = createClient({ nodes: [urls()[1] as string], sniffInterval: 30_000, ...clock });
    await client.info();
    expect(client.nodes).toHaveLength(1);
    clock.advance(30_001);
    const event = sniffed(client);
    await client.info();
    expect(await event).toMatchObject({ reason: 'sniff-interval', nodes: urls() });
    // The next one is due 30 s later again.
    mock.server.clearRequests();
    await client.info();
    expect(mock.server.requests({ path: '_nodes' })).toHaveLength(0);
    await client.close();
  });

  it('sniffOnConnectionFault: a refused connection makes it read the nodes again', async () => {
    await fetch(`${urls()[2]}/_mock/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refuse_connections: true, node: 'ml-node-1' }),
    });
    const client = createClient({
      nodes: [urls()[0] as string, urls()[1] as string],
      sniffOnConnectionFault: true,
      ...virtualClock(),
    });
    const event = sniffed(client);
    expect((await client.info()).name).toBe('ml-node-2');
    expect(await event).toMatchObject({ reason: 'sniff-on-connection-fault', nodes: urls() });
    // The refusing node is listed again by the cluster, and stays dead until its time comes.
    expect(client.nodes.map((n) => n.url)).toEqual(urls());
    await client.close();
  });

  it('leaves out sniffed master-only nodes, by their roles, as the default filter', async () => {
    const server = await startMockServer({
      quiet: true,
      httpNodes: [
        { name: 'master-1', roles: ['master'] },
        { name: 'data-1', roles: ['data', 'ingest'] },
        { name: 'ml-1', roles: ['ml'] },
      ],
    });
    try {
      const client = createClient({ node: server.url, sniffOnStart: true });
      await sniffed(client);
      expect(client.nodes.map((n) => n.roles?.master)).toEqual([true, false, false]);
      server.clearRequests();
      for (let i = 0; i < 4; i++) {
        await client.info();
      }
      expect(server.requests().map((r) => r.node)).toEqual(['data-1', 'ml-1', 'data-1', 'ml-1']);
      await client.close();
    } finally {
      await server.close();
    }
  });

  it('reports a failed sniff and keeps the nodes it had', async () => {
    const client = createClient({
      nodes: [urls()[0] as string],
      sniffOnStart: true,
      sniffEndpoint: '/_nodes/_all/nothing-here/x',
    });
    const event = await sniffed(client);
    expect(event.reason).toBe('sniff-on-start');
    expect(event.nodes).toEqual([]);
    expect(event.error).toBeInstanceOf(Error);
    expect(client.nodes.map((n) => n.url)).toEqual([urls()[0]]);
    await client.close();
  });
});
