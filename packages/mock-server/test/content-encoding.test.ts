import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { useMockServer } from '../src/testing.js';
import { type Reply, UPDATE } from './helpers.js';

const mock = useMockServer();

async function post(body: Uint8Array | string, encoding: string) {
  const response = await fetch(`${mock.url}${UPDATE}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-encoding': encoding },
    body,
  });
  return { status: response.status, json: (await response.json()) as Reply['json'] };
}

describe('compressed request bodies', () => {
  it('reads a gzip body as Elasticsearch does (the official clients with compression: true)', async () => {
    const answer = await post(gzipSync('{"number_of_allocations":2}'), 'gzip');
    expect(answer.status).toBe(200);
    expect(answer.json.assignment.task_parameters.number_of_allocations).toBe(2);
    expect(mock.server.requests({ path: '_update' }).at(-1)?.body).toBe('{"number_of_allocations":2}');
  });

  it('answers 400 with the envelope for a body that is not what its encoding says', async () => {
    const answer = await post('{"number_of_allocations":2}', 'gzip');
    expect(answer.status).toBe(400);
    expect(answer.json.error.reason).toMatch(/^the request body is not valid gzip/);
  });

  it('answers 400 for an encoding it does not know', async () => {
    const answer = await post('{}', 'zstd');
    expect(answer.status).toBe(400);
    expect(answer.json.error.reason).toBe('unsupported Content-Encoding [zstd]');
  });
});
