import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { countingFetch } from '../helpers/mock.js';
import { recorder, TRANSPORTS } from '../helpers/transports.js';

// A tiny Elasticsearch stand-in that remembers the path of every request it receives.
const INFO = { name: 'n', cluster_name: 'c', cluster_uuid: 'u', version: { number: '9.1.0' }, tagline: 't' };
let server: Server;
let origin: string;
const seenPaths: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seenPaths.push(req.url ?? '');
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-elastic-product': 'Elasticsearch' });
      res.end(JSON.stringify(INFO));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('choosing the transport', () => {
  it('goes out on undici by default in Node', async () => {
    const undici = recorder('undici');
    const client = createClient({ node: origin });
    expect((await client.info()).cluster_name).toBe('c');
    expect(undici.calls.map((c) => new URL(c.url).pathname)).toEqual(['/']);
    await client.close();
  });

  it('uses the fetch it is given, and nothing else', async () => {
    const undici = recorder('undici');
    const http = recorder('http');
    const seen = countingFetch();
    await createClient({ node: origin, fetch: seen.fetch }).info();
    expect(seen.calls).toHaveLength(1);
    expect(undici.calls).toHaveLength(0);
    expect(http.calls).toHaveLength(0);
  });

  it('refuses a fetch with another transport, and unknown transports', () => {
    expect(() => createClient({ node: origin, fetch, transport: 'undici' })).toThrow(/transport 'fetch'/);
    expect(() => createClient({ node: origin, transport: 'xhr' as never })).toThrow(/transport must be/);
  });

  for (const kind of TRANSPORTS) {
    it(`keeps the node URL's path prefix over ${kind}`, async () => {
      seenPaths.length = 0;
      const client = createClient({ node: `${origin}/es/`, transport: kind });
      await client.info();
      await client.request({ method: 'GET', path: '/_ml/trained_models', query: 'size=1' });
      expect(seenPaths).toEqual(['/es/', '/es/_ml/trained_models?size=1']);
      await client.close();
    });

    it(`reopens connections after close over ${kind}`, async () => {
      const client = createClient({ node: origin, transport: kind });
      await client.info();
      await client.close();
      expect((await client.info()).version.number).toBe('9.1.0');
      await client.close();
    });
  }
});
