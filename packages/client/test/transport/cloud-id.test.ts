import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { useMockServer } from '@mldeploy/mock-server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';

// Elastic Cloud speaks https on the host a Cloud ID names. Here an https proxy with a test-only
// certificate for 127.0.0.1 stands in front of the real mock, and the Cloud ID decodes to it:
// `0.0.1:<port>$127` is https://127.0.0.1:<port>.
const cert = readFileSync(new URL('../fixtures/tls-cert.pem', import.meta.url), 'utf8');
const key = readFileSync(new URL('../fixtures/tls-key.pem', import.meta.url), 'utf8');
const mock = useMockServer();
let proxy: Server;
let cloudId = '';
const seen: string[] = [];

beforeAll(async () => {
  proxy = createServer({ cert, key }, (req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const upstream = request(
      new URL(req.url ?? '/', mock.server.url),
      { method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const { port } = proxy.address() as AddressInfo;
  cloudId = `local-mock:${Buffer.from(`0.0.1:${port}$127$kibana`).toString('base64')}`;
});
afterAll(async () => {
  proxy.closeAllConnections();
  await new Promise((resolve) => proxy.close(resolve));
});

describe('a client made from a Cloud ID', () => {
  it('talks https to the host the Cloud ID names', async () => {
    const client = createClient({ cloudId, ca: cert });
    const stats = await client.getDeploymentStats();
    expect(stats.trained_model_stats.some((s) => s.deployment_stats !== undefined)).toBe(true);
    expect(seen.some((line) => line.startsWith('GET /_ml/trained_models/'))).toBe(true);
  });
});
