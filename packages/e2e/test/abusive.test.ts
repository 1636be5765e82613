import type { Socket } from 'node:net';
import { validateErrorEnvelope, validateStringError } from '@mldeploy/core';
import { SEEDED_ID } from '@mldeploy/mock-server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send } from './helpers/http.js';
import { type SpawnedMock, spawnMock } from './helpers/mock.js';
import {
  openSocket,
  parseAnswer,
  rawExchange,
  readSocket,
  type SocketAnswer,
  written,
} from './helpers/raw-socket.js';

// Slow and abusive clients against the real binary (its own process, as in production): oversized
// bodies, slow bodies, idle and half-open connections, pipelining, bytes that are not HTTP. The
// server must stay up and keep answering everyone else. Nothing here is timed: each test waits for
// the answers it expects (the timeouts are bounds against hanging, not expectations of speed).

const MAX_BODY = 1024;
const UPDATE = `/_ml/trained_models/${SEEDED_ID}/deployment/_update`;
/** A generous bound on one well-behaved request while abusive clients hold the server. */
const PROBE_TIMEOUT_MS = 15_000;
/** Whether `text` holds the end of an answer's headers. */
const headersIn = (text: string) => text.includes('\r\n\r\n');

let mock: SpawnedMock;
beforeAll(async () => {
  mock = await spawnMock(['--quiet', '--converge-ms', '0', '--max-body', String(MAX_BODY)]);
});
afterAll(async () => {
  await mock?.stop();
});

/** One well-behaved request; answers its status (a HangError if none comes within the bound). */
async function probe(): Promise<number> {
  const res = await send(mock.url, { method: 'GET', path: '/_ml/trained_models/_stats' }, PROBE_TIMEOUT_MS);
  return res.status;
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
    const reader = readSocket(socket);
    // Only the headers: the answer cannot wait for a body that was never sent.
    await written(socket, post(50 * 1024 * 1024));
    await reader.until(headersIn);
    expect(reader.text).toMatch(/^HTTP\/1\.1 413 /);
    expect(reader.text.toLowerCase()).toContain('connection: close');
    // Megabytes of the body still come after the answer; the server does not read them.
    for (let i = 0; i < 16 && !reader.closed; i++) {
      await written(socket, 'z'.repeat(256 * 1024));
    }
    socket.destroy();
    expect(await probe()).toBe(200);
  });
});

describe('slow clients', () => {
  it('serves other clients while one dribbles its body a byte at a time, and answers it at the end', async () => {
    const body = JSON.stringify({ number_of_allocations: 2 });
    const socket = await openSocket(mock.url);
    const reader = readSocket(socket);
    await written(socket, post(Buffer.byteLength(body)));
    for (const byte of body) {
      // Until its last byte the body is incomplete: the slow client has no answer yet.
      expect(reader.text).toBe('');
      await written(socket, byte);
      expect(await probe()).toBe(200);
    }
    await reader.until((text) => parseAnswer(text, false) !== undefined);
    socket.destroy();
    expect(reader.text).toMatch(/^HTTP\/1\.1 200 /);
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
      expect(probes).toEqual(probes.map(() => 200));
    } finally {
      for (const s of sockets) {
        s.destroy();
      }
    }
    expect(await probe()).toBe(200);
  });

  it('answers 100 pipelined requests on one connection, in order', async () => {
    const socket = await openSocket(mock.url);
    const reader = readSocket(socket);
    const requests = Array.from({ length: 100 }, (_, i) => {
      const body = JSON.stringify({ number_of_allocations: 1 + (i % 2) });
      return `${post(Buffer.byteLength(body))}${body}`;
    });
    await written(socket, requests.join(''));
    const text = await reader.until((t) => (t.match(/HTTP\/1\.1 /g)?.length ?? 0) >= 100);
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
    expect(await probe()).toBe(200);
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
