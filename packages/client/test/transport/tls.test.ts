import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { ApiError } from '@mldeploy/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { TRANSPORTS } from '../helpers/transports.js';

// A self-signed cluster: a test-only certificate for 127.0.0.1, answering GET / like Elasticsearch.
const cert = readFileSync(new URL('../fixtures/tls-cert.pem', import.meta.url), 'utf8');
const key = readFileSync(new URL('../fixtures/tls-key.pem', import.meta.url), 'utf8');
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer({ cert, key }, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'x-elastic-product': 'Elasticsearch' });
    res.end(
      JSON.stringify({
        name: 'n',
        cluster_name: 'c',
        cluster_uuid: 'u',
        version: { number: '8.19.0' },
        tagline: 'You Know, for Search',
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  url = `https://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe.each(TRANSPORTS)('over %s', (kind) => {
  describe('self-signed clusters', () => {
    it('refuses an unknown certificate by default', async () => {
      const error = await createClient({ transport: kind, node: url, maxRetries: 0 })
        .info()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).code).toBe('NETWORK_ERROR');
    });

    it('trusts a custom CA', async () => {
      expect((await createClient({ transport: kind, node: url, ca: cert }).info()).version.number).toBe(
        '8.19.0',
      );
    });

    it('accepts any certificate with rejectUnauthorized false', async () => {
      expect(
        (await createClient({ transport: kind, node: url, rejectUnauthorized: false }).info()).cluster_name,
      ).toBe('c');
    });
  });
});
