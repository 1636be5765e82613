import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startMockServer } from '../src/index.js';
import { SEEDED_ID, useMockServer } from '../src/testing.js';
import { call, UPDATE } from './helpers.js';

// One simulated cluster on three ports: each port answers as one node (docs/multi-node.md).
const mock = useMockServer({ httpNodes: 3, clock: 'manual' });
const node = (i: number) => mock.server.nodes[i] as (typeof mock.server.nodes)[number];

afterEach(async () => {
  await call(mock.url, 'DELETE', '/_mock/faults');
  mock.server.clearRequests();
});

/** Whether a TCP connection to the port is refused (nothing listens). */
function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/', agent: false });
    req.on('response', (res) => {
      res.resume();
      resolve(false);
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
    req.end();
  });
}

describe('a mock with several HTTP nodes', () => {
  it('listens on one port per node, the first at url, and names each node in GET /', async () => {
    const nodes = mock.server.nodes;
    expect(nodes).toHaveLength(3);
    expect(nodes[0]?.url).toBe(mock.url);
    expect(new Set(nodes.map((n) => n.port)).size).toBe(3);
    // The seed's two nodes lend their names and ids to the first two; the third is made up.
    expect(nodes.map((n) => n.name)).toEqual(['ml-node-1', 'ml-node-2', 'node-3']);
    for (const n of nodes) {
      const info = await call(n.url, 'GET', '/');
      expect(info.status).toBe(200);
      expect(info.json.name).toBe(n.name);
      expect(info.json.cluster_name).toBe('mldeploy-mock');
    }
  });

  it('serves one cluster: a change made through one node is read through another', async () => {
    const changed = await call(node(1).url, 'POST', UPDATE, { body: '{"number_of_allocations":2}' });
    expect(changed.status).toBe(200);
    const stats = await call(node(2).url, 'GET', `/_ml/trained_models/${SEEDED_ID}/_stats`);
    const deployment = stats.json.trained_model_stats.find(
      (s: { deployment_stats?: { deployment_id: string } }) =>
        s.deployment_stats?.deployment_id === SEEDED_ID,
    );
    expect(deployment.deployment_stats.number_of_allocations).toBe(2);
  });

  it('records in the journal which node served each request, and filters by it', async () => {
    await call(node(0).url, 'GET', '/');
    await call(node(2).url, 'GET', '/');
    await call(node(2).url, 'GET', '/_ml/trained_models/_stats');
    expect(mock.server.requests().map((r) => r.node)).toEqual(['ml-node-1', 'node-3', 'node-3']);
    const listed = await call(mock.url, 'GET', '/_mock/requests?node=node-3');
    expect(listed.json.requests.map((r: { path: string }) => r.path)).toEqual([
      '/',
      '/_ml/trained_models/_stats',
    ]);
  });

  it('injects a 503 on one node only', async () => {
    await call(mock.url, 'POST', '/_mock/faults', {
      body: JSON.stringify({ status: 503, count: 5, node: 'ml-node-2' }),
    });
    expect((await call(node(0).url, 'GET', '/')).status).toBe(200);
    expect((await call(node(1).url, 'GET', '/')).status).toBe(503);
    expect((await call(node(2).url, 'GET', '/')).status).toBe(200);
    expect((await call(node(1).url, 'GET', '/')).status).toBe(503);
  });

  it('refuses connections on one node until the faults are cleared', async () => {
    await call(mock.url, 'POST', '/_mock/faults', {
      body: JSON.stringify({ refuse_connections: true, node: 'node-3' }),
    });
    expect(await refused(node(2).port)).toBe(true);
    expect(await refused(node(1).port)).toBe(false);
    const faults = await call(mock.url, 'GET', '/_mock/faults');
    expect(faults.json.refused).toEqual(['node-3']);
    await call(mock.url, 'DELETE', '/_mock/faults');
    expect(await refused(node(2).port)).toBe(false);
    expect((await call(node(2).url, 'GET', '/')).json.name).toBe('node-3');
  });

  it('refuses refuse_connections without a node', async () => {
    const answer = await call(mock.url, 'POST', '/_mock/faults', { body: '{"refuse_connections":true}' });
    expect(answer.status).toBe(400);
    expect(answer.json.error.reason).toBe('refuse_connections needs the node that refuses');
  });

  it('resets a connection mid-answer: the change is made, the answer is cut', async () => {
    await call(mock.url, 'POST', '/_mock/faults', {
      body: JSON.stringify({ reset: true, node: 'ml-node-1' }),
    });
    const error = await call(node(0).url, 'POST', UPDATE, { body: '{"number_of_allocations":3}' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    // The cluster did the work before the connection was cut.
    const stats = await call(node(1).url, 'GET', `/_ml/trained_models/${SEEDED_ID}/_stats`);
    const deployment = stats.json.trained_model_stats.find(
      (s: { deployment_stats?: { deployment_id: string } }) =>
        s.deployment_stats?.deployment_id === SEEDED_ID,
    );
    expect(deployment.deployment_stats.number_of_allocations).toBe(3);
    expect(mock.server.requests({ path: '_update' }).map((r) => r.node)).toEqual(['ml-node-1']);
  });

  it('slows one node on the simulated clock', async () => {
    await call(mock.url, 'POST', '/_mock/faults', {
      body: JSON.stringify({ latency_ms: 5000, node: 'node-3' }),
    });
    let answered = false;
    const slow = call(node(2).url, 'GET', '/').then((r) => {
      answered = true;
      return r;
    });
    // The other nodes answer at once while node-3 holds its request until the clock moves.
    expect((await call(node(0).url, 'GET', '/')).status).toBe(200);
    expect(answered).toBe(false);
    while (!answered) {
      mock.server.advance(5000);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect((await slow).json.name).toBe('node-3');
  });
});

describe('GET /_nodes/_all/http (what clients sniff)', () => {
  it('lists every HTTP node with the address it publishes and its roles, on any node', async () => {
    for (const n of mock.server.nodes) {
      const answer = await call(n.url, 'GET', '/_nodes/_all/http');
      expect(answer.status).toBe(200);
      expect(answer.json._nodes).toEqual({ total: 3, successful: 3, failed: 0 });
      expect(answer.json.cluster_name).toBe('mldeploy-mock');
      const listed = Object.entries(answer.json.nodes).map(([id, v]) => {
        const node = v as { name: string; roles: string[]; http: { publish_address: string } };
        return [id, node.name, node.http.publish_address, node.roles.includes('ml')];
      });
      expect(listed).toEqual(mock.server.nodes.map((m) => [m.id, m.name, `127.0.0.1:${m.port}`, true]));
    }
  });

  it('narrows to _local, ids and names, and leaves http out unless the metric asks', async () => {
    const local = await call(node(1).url, 'GET', '/_nodes/_local/http');
    expect(Object.values(local.json.nodes).map((n) => (n as { name: string }).name)).toEqual(['ml-node-2']);
    const named = await call(mock.url, 'GET', '/_nodes/node-3,ml-node-1/http');
    expect(Object.keys(named.json.nodes)).toEqual([node(0).id, node(2).id]);
    const os = await call(mock.url, 'GET', '/_nodes/_all/os');
    expect(Object.values(os.json.nodes).every((n) => (n as { http?: unknown }).http === undefined)).toBe(
      true,
    );
  });

  it('refuses a query parameter it does not know, as Elasticsearch does', async () => {
    const answer = await call(mock.url, 'GET', '/_nodes/_all/http?foo=1');
    expect(answer.status).toBe(400);
    expect(answer.json.error.type).toBe('illegal_argument_exception');
  });
});

describe('httpNodes', () => {
  it('takes a spec per node: names, ids and roles', async () => {
    const server = await startMockServer({
      quiet: true,
      httpNodes: [{ name: 'master-1', id: 'm1', roles: ['master'] }, { name: 'coord-1' }],
    });
    try {
      expect(server.nodes.map((n) => [n.name, n.id, n.roles.length])).toEqual([
        ['master-1', 'm1', 1],
        ['coord-1', 'uckeG3R8TLe2MMNBQ6AGrw', 11],
      ]);
    } finally {
      await server.close();
    }
  });

  it('rejects a count out of range', async () => {
    await expect(startMockServer({ quiet: true, httpNodes: 0 })).rejects.toThrow(
      /httpNodes must be an integer/,
    );
  });

  it('leaves a single-node server as it was: one node, requests not tagged', async () => {
    const server = await startMockServer({ quiet: true });
    try {
      expect(server.nodes).toHaveLength(1);
      await call(server.url, 'GET', '/');
      expect(server.requests()[0]?.node).toBeUndefined();
    } finally {
      await server.close();
    }
  });
});
