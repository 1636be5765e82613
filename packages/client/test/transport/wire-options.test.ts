import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { connect, type Socket } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { ApiError } from '@mldeploy/core';
import { useMockServer } from '@mldeploy/mock-server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { TRANSPORTS } from '../helpers/transports.js';

// Small servers for what the mock does not do: answers compressed with each encoding, a TLS
// cluster with a known certificate, and a forward proxy (CONNECT) in front of the mock.
const INFO = JSON.stringify({
  name: 'n',
  cluster_name: 'c',
  cluster_uuid: 'u',
  version: { number: '9.4.0' },
  tagline: 'You Know, for Search',
});
const ENCODERS: Record<string, (text: string) => Buffer> = {
  gzip: (t) => gzipSync(t),
  deflate: (t) => deflateSync(t),
  br: (t) => brotliCompressSync(t),
};
const cert = readFileSync(new URL('../fixtures/tls-cert.pem', import.meta.url), 'utf8');
const key = readFileSync(new URL('../fixtures/tls-key.pem', import.meta.url), 'utf8');
const mock = useMockServer();

let compressing: HttpServer;
let tls: HttpsServer;
let proxy: HttpServer;
const tunnels: string[] = [];
const sockets = new Set<Socket>();
const portOf = (s: HttpServer | HttpsServer) => {
  const address = s.address();
  return typeof address === 'object' && address ? address.port : 0;
};

beforeAll(async () => {
  compressing = createHttpServer((req, res) => {
    const encoding = String(req.url).slice(1).split('/')[0] as string;
    const body = ENCODERS[encoding]?.(INFO) ?? Buffer.from(INFO);
    res.writeHead(200, {
      'content-type': 'application/json',
      'x-elastic-product': 'Elasticsearch',
      'content-encoding': encoding,
      'content-length': body.length,
    });
    res.end(body);
  });
  tls = createHttpsServer({ cert, key }, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'x-elastic-product': 'Elasticsearch' });
    res.end(INFO);
  });
  proxy = createHttpServer((_req, res) => {
    res.writeHead(405);
    res.end();
  });
  proxy.on('connect', (req, client: Socket, head: Buffer) => {
    tunnels.push(String(req.url));
    const [host, port] = String(req.url).split(':');
    const upstream = connect(Number(port), host as string, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => s.destroy());
      s.on('close', () => sockets.delete(s));
    }
  });
  for (const s of [compressing, tls, proxy]) {
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  }
});
afterAll(async () => {
  for (const s of sockets) {
    s.destroy();
  }
  for (const s of [compressing, tls, proxy]) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

describe.each(TRANSPORTS)('over %s', (kind) => {
  for (const encoding of Object.keys(ENCODERS)) {
    it(`reads an answer compressed with ${encoding}`, async () => {
      const client = createClient({
        transport: kind,
        node: `http://127.0.0.1:${portOf(compressing)}/${encoding}`,
      });
      expect((await client.info()).cluster_name).toBe('c');
      await client.close();
    });
  }
});

describe.each(['undici', 'http'] as const)('caFingerprint over %s', (kind) => {
  const fingerprint = new X509Certificate(cert).fingerprint256;
  it('connects when a certificate of the chain has the fingerprint', async () => {
    for (const given of [fingerprint, fingerprint.replace(/:/g, '').toLowerCase()]) {
      const client = createClient({
        transport: kind,
        node: `https://127.0.0.1:${portOf(tls)}`,
        caFingerprint: given,
        rejectUnauthorized: false,
      });
      expect((await client.info()).cluster_name).toBe('c');
      await client.close();
    }
  });

  it('refuses a server whose chain does not have it, as a connection error', async () => {
    const client = createClient({
      transport: kind,
      node: `https://127.0.0.1:${portOf(tls)}`,
      caFingerprint: `${'AA:'.repeat(31)}AA`,
      rejectUnauthorized: false,
      maxRetries: 0,
    });
    const error = await client.info().catch((e: unknown) => e);
    expect((error as ApiError).code).toBe('NETWORK_ERROR');
    expect((error as ApiError).message).toMatch(/CA fingerprint does not match/);
    await client.close();
  });
});

describe('caFingerprint and proxy settings', () => {
  it('refuses caFingerprint with an http:// node or the fetch transport, as the official client', () => {
    expect(() => createClient({ node: 'http://127.0.0.1:9200', caFingerprint: 'AA' })).toThrow(
      "You can't configure the caFingerprint with a http connection",
    );
    expect(() =>
      createClient({ node: 'https://127.0.0.1:9200', caFingerprint: 'AA', transport: 'fetch' }),
    ).toThrow(/caFingerprint needs transport/);
    expect(() =>
      createClient({ node: 'http://127.0.0.1:9200', proxy: 'http://127.0.0.1:1', transport: 'http' }),
    ).toThrow(/proxy needs transport/);
  });
});

describe.each(['undici', 'fetch'] as const)('proxy over %s', (kind) => {
  it('tunnels every request through the proxy', async () => {
    tunnels.length = 0;
    const client = createClient({
      transport: kind,
      node: mock.url,
      proxy: `http://127.0.0.1:${portOf(proxy)}`,
    });
    expect((await client.info()).cluster_name).toBe('mldeploy-mock');
    expect(tunnels).toEqual([`127.0.0.1:${mock.server.port}`]);
    await client.close();
  });
});

describe.each(['undici', 'fetch'] as const)("proxy: 'env' over %s", (kind) => {
  it('goes through HTTP_PROXY, except for the hosts NO_PROXY lists', async () => {
    const saved = { HTTP_PROXY: process.env.HTTP_PROXY, NO_PROXY: process.env.NO_PROXY };
    try {
      process.env.HTTP_PROXY = `http://127.0.0.1:${portOf(proxy)}`;
      delete process.env.NO_PROXY;
      tunnels.length = 0;
      const through = createClient({ transport: kind, node: mock.url, proxy: 'env' });
      await through.info();
      expect(tunnels).toEqual([`127.0.0.1:${mock.server.port}`]);
      await through.close();
      process.env.NO_PROXY = '127.0.0.1';
      tunnels.length = 0;
      const direct = createClient({ transport: kind, node: mock.url, proxy: 'env' });
      await direct.info();
      expect(tunnels).toEqual([]);
      await direct.close();
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) {
          delete process.env[name];
        } else {
          process.env[name] = value;
        }
      }
    }
  });
});

it('reports an unreachable proxy as a connection error', async () => {
  const client = createClient({ node: mock.url, proxy: 'http://127.0.0.1:1', maxRetries: 0 });
  const error = await client.info().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ApiError);
  expect((error as ApiError).code).toBe('NETWORK_ERROR');
});
