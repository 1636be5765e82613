import type { Server } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MockEngine } from '../src/engine.js';
import { closeHttpServer, createHttpServer, listen, portOf } from '../src/http-server.js';
import { createRequestListener } from '../src/request-listener.js';
import { SEEDED_ID } from '../src/testing.js';
import { call, UPDATE } from './helpers.js';

// One engine behind several `http.Server`s through one request listener (what serving one
// simulated cluster on several ports builds on): every server answers from the same state, and
// what the listener keeps per connection (pipelining) stays with its connection.

const engine = new MockEngine({ clock: 'manual', convergeMs: 0 });
const listener = createRequestListener(engine, { maxBodyBytes: 1024 });
const servers: Server[] = [createHttpServer(listener), createHttpServer(listener)];
const urls: string[] = [];

beforeAll(async () => {
  for (const server of servers) {
    await listen(server, 0, '127.0.0.1');
    urls.push(`http://127.0.0.1:${portOf(server)}`);
  }
});
afterAll(async () => {
  await Promise.all(servers.map(closeHttpServer));
});

const allocationsVia = async (url: string): Promise<number> => {
  const res = await call(url, 'GET', '/_mock/state');
  const deployment = (
    res.json.deployments as Array<{ deployment_id: string; number_of_allocations: number }>
  ).find((d) => d.deployment_id === SEEDED_ID);
  return deployment?.number_of_allocations ?? -1;
};

/** Writes raw bytes on a new connection and resolves with everything read until the server closes it. */
function exchange(port: number, data: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(data));
    let text = '';
    socket.on('data', (d: Buffer) => {
      text += d.toString('utf8');
    });
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
  });
}

describe('one request listener on several servers', () => {
  it('serves one cluster: a change made through one server is what the other answers', async () => {
    const [first = '', second = ''] = urls;
    expect(first).not.toBe(second);
    for (const [via, seen, n] of [
      [first, second, 3],
      [second, first, 2],
    ] as const) {
      const res = await call(via, 'POST', UPDATE, { body: JSON.stringify({ number_of_allocations: n }) });
      expect(res.status, res.text).toBe(200);
      expect(await allocationsVia(seen)).toBe(n);
    }
    expect(engine.requests().map((r) => r.status)).toEqual([200, 200]);
  });

  it('keeps the pipelined requests of each connection in order, whichever server accepted it', async () => {
    const update = (n: number, last: boolean) => {
      const body = JSON.stringify({ number_of_allocations: n });
      return `POST ${UPDATE} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n${last ? 'Connection: close\r\n' : ''}\r\n${body}`;
    };
    const texts = await Promise.all(
      servers.map((server, i) =>
        exchange(portOf(server), [1, 2, 3 + i].map((n, k) => update(n, k === 2)).join('')),
      ),
    );
    for (const text of texts) {
      expect([...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => m[1])).toEqual(['200', '200', '200']);
    }
    // Each connection's last update came last on it; one of the two connections finished last.
    expect([3, 4]).toContain(await allocationsVia(urls[0] ?? ''));
  });

  it('refuses a body over the limit on either server with 413, then closes that connection only', async () => {
    const body = 'x'.repeat(2048);
    for (const server of servers) {
      const text = await exchange(
        portOf(server),
        `POST ${UPDATE} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      );
      expect(text).toMatch(/^HTTP\/1\.1 413 /);
      expect(text.toLowerCase()).toContain('connection: close');
    }
    expect((await call(urls[1] ?? '', 'GET', '/_ml/trained_models/_stats')).status).toBe(200);
  });
});
