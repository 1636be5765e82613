import type { Socket } from 'node:net';
import { validateErrorEnvelope, validateStringError } from '@mldeploy/core';
import { SEEDED_ID } from '@mldeploy/mock-server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send } from './helpers/http.js';
import { type SpawnedMock, spawnMock } from './helpers/mock.js';
import { openSocket, rawExchange, type SocketAnswer } from './helpers/raw-socket.js';

// Slow and abusive clients against the real binary (its own process, as in production): oversized
// bodies, slow bodies, idle and half-open connections, pipelining, bytes that are not HTTP. The
// server must stay up and keep answering everyone else in good time.

const MAX_BODY = 1024;
const UPDATE = `/_ml/trained_models/${SEEDED_ID}/deployment/_update`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let mock: SpawnedMock;
beforeAll(async () => {
  mock = await spawnMock(['--quiet', '--converge-ms', '0', '--max-body', String(MAX_BODY)]);
});
afterAll(async () => {
  await mock?.stop();
});

/** One well-behaved request; answers its status and how long it took. */
async function probe(): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const res = await send(mock.url, { method: 'GET', path: '/_ml/trained_models/_stats' }, 3_000);
  return { status: res.status, ms: performance.now() - started };
}

/** The deployment's allocations, read over HTTP. */
async function allocations(): Promise<number> {
  const res = await send(mock.url, { method: 'GET', path: '/_mock/state' });
  const state = JSON.parse(res.text) as {
    deployments: Array<{ deployment_id: string; number_of_allocations: number }>;
  };
  return state.deployments.find((d) => d.deployment_id === SEEDED_ID)?.number_of_allocations ?? -1;
}

/** Elasticsearch's envelope (or string error) with the HTTP status inside and its product header. */
function expectEsError(answer: SocketAnswer, status?: number): void {
  if (status !== undefined) {
    expect(answer.status).toBe(status);
  }
  expect(answer.status).toBeGreaterThanOrEqual(400);
  expect(answer.status).toBeLessThan(500);
  expect(answer.headers['x-elastic-product']).toBe('Elasticsearch');
  const body = JSON.parse(answer.body) as unknown;
  expect(validateErrorEnvelope(body).ok || validateStringError(body).ok, answer.body).toBe(true);
  expect((body as { status: number }).status).toBe(answer.status);
}

const post = (length: number | 'chunked', extra = '') =>
  `POST ${UPDATE} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n${
    length === 'chunked' ? 'Transfer-Encoding: chunked' : `Content-Length: ${length}`
  }\r\n${extra}\r\n`;

describe('oversized bodies', () => {
  it('answers a body over the limit with 413 and the Elasticsearch envelope, and changes nothing', async () => {
    const before = await allocations();
    const body = JSON.stringify({ number_of_allocations: 2, pad: 'x'.repeat(MAX_BODY) });
    const answer = await rawExchange(mock.url, post(Buffer.byteLength(body)) + body);
    expectEsError(answer, 413);
    expect(JSON.parse(answer.body).error.type).toBe('content_too_long_exception');
    expect(await allocations()).toBe(before);
  });

  it('answers a chunked body that grows over the limit with 413 and the envelope', async () => {
    const chunk = 'y'.repeat(600);
    const chunks = Array.from({ length: 4 }, () => `${chunk.length.toString(16)}\r\n${chunk}\r\n`).join('');
    const answer = await rawExchange(mock.url, `${post('chunked')}${chunks}0\r\n\r\n`);
    expectEsError(answer, 413);
  });

  it('refuses a 50 MB announced body early, without reading it, and keeps answering others', async () => {
    const socket = await openSocket(mock.url);
    let text = '';
    socket.on('data', (d: Buffer) => {
      text += d;
    });
    socket.on('error', () => {});
    socket.write(post(50 * 1024 * 1024));
    // Write a few megabytes of it; the server should have answered long before the end.
    for (let i = 0; i < 16 && !socket.destroyed; i++) {
      socket.write('z'.repeat(256 * 1024));
      await sleep(5);
    }
    for (let i = 0; i < 100 && !text.includes('\r\n\r\n'); i++) {
      await sleep(20);
    }
    socket.destroy();
    expect(text).toMatch(/^HTTP\/1\.1 413 /);
    expect((await probe()).status).toBe(200);
  });
});

describe('slow clients', () => {
  it('serves other clients promptly while one dribbles its body a byte at a time', async () => {
    const body = JSON.stringify({ number_of_allocations: 2 });
    const socket = await openSocket(mock.url);
    let text = '';
    socket.on('data', (d: Buffer) => {
      text += d;
    });
    socket.write(post(Buffer.byteLength(body)));
    const slowest: number[] = [];
    for (const byte of body) {
      socket.write(byte);
      const p = await probe();
      expect(p.status).toBe(200);
      slowest.push(p.ms);
      await sleep(20);
    }
    for (let i = 0; i < 100 && !text.includes('\r\n\r\n'); i++) {
      await sleep(10);
    }
    socket.destroy();
    expect(text).toMatch(/^HTTP\/1\.1 200 /);
    expect(Math.max(...slowest)).toBeLessThan(1_000);
  });

  it('serves other clients while many connections sit idle or stop halfway through their headers', async () => {
    const sockets: Socket[] = [];
    try {
      for (let i = 0; i < 300; i++) {
        const s = await openSocket(mock.url);
        s.on('error', () => {});
        if (i % 3 === 1) {
          s.write('POST /_ml/trained_models/x/deployment/_update HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le');
        } else if (i % 3 === 2) {
          s.write(post(100)); // headers complete, body never comes
        }
        sockets.push(s);
      }
      const probes = await Promise.all(Array.from({ length: 20 }, () => probe()));
      expect(probes.map((p) => p.status)).toEqual(probes.map(() => 200));
      expect(Math.max(...probes.map((p) => p.ms))).toBeLessThan(2_000);
    } finally {
      for (const s of sockets) {
        s.destroy();
      }
    }
    expect((await probe()).status).toBe(200);
  });

  it('answers 100 pipelined requests on one connection, in order', async () => {
    const socket = await openSocket(mock.url);
    let text = '';
    socket.on('data', (d: Buffer) => {
      text += d;
    });
    const requests = Array.from({ length: 100 }, (_, i) => {
      const body = JSON.stringify({ number_of_allocations: 1 + (i % 2) });
      return `${post(Buffer.byteLength(body))}${body}`;
    });
    socket.write(requests.join(''));
    for (let i = 0; i < 200 && (text.match(/HTTP\/1\.1 /g)?.length ?? 0) < 100; i++) {
      await sleep(10);
    }
    socket.destroy();
    const statuses = [...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => m[1]);
    expect(statuses).toEqual(requests.map(() => '200'));
  });

  it('answers 500 clients connecting at once', async () => {
    const answers = await Promise.all(
      Array.from({ length: 500 }, () =>
        rawExchange(mock.url, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n', 10_000),
      ),
    );
    expect(answers.filter((a) => a.status !== 200)).toEqual([]);
  });
});

describe('bytes that are not HTTP', () => {
  const malformed: Array<[string, string]> = [
    ['a request line that is not HTTP', 'GARBAGE\r\n\r\n'],
    [
      'a raw non-ASCII byte in the path',
      `GET /_ml/trained_models/\u00e9/_stats HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`,
    ],
    ['a header name with a space', 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header: y\r\n\r\n'],
    ['a broken chunk size', `${post('chunked')}zz\r\n`],
    ['both Content-Length and chunked', `${post('chunked', 'Content-Length: 5\r\n')}0\r\n\r\n`],
    ['headers over 16 KB', `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`],
  ];

  it.each(malformed)('survives %s and keeps answering others', async (_name, data) => {
    const answer = await rawExchange(mock.url, data);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect((await probe()).status).toBe(200);
  });

  // Elasticsearch answers a request its HTTP decoder rejects with its own error envelope
  // (RestController.dispatchBadRequest) and the x-elastic-product header. An HTTP server's default
  // client-error answer (Node's bare 400, or a framework's own JSON body) has no such header:
  // clients that check the product header, as the official ones do, would report "not
  // Elasticsearch" instead of the 400.
  it.each(malformed)('answers %s with an Elasticsearch error envelope', async (_name, data) => {
    const answer = await rawExchange(mock.url, data);
    expectEsError(answer);
  });
});
