import { connect } from 'node:net';
import { validateErrorEnvelope } from '@mldeploy/core';
import { describe, expect, it } from 'vitest';
import { defaultSeed } from '../src/index.js';
import { useMockServer } from '../src/testing.js';
import { call, UPDATE } from './helpers.js';

const mock = useMockServer({ convergeMs: 0 });
const P = 'cluster:admin/xpack/ml/trained_models/deployment/update';

async function rejected(path: string, body: string | undefined, headers: Record<string, string> = {}) {
  await mock.server.reset(defaultSeed());
  const before = mock.server.state();
  const reply = await call(mock.url, 'POST', path, body === undefined ? { headers } : { body, headers });
  expect(mock.server.state()).toEqual(before);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  return reply;
}

describe('bad input gets an Elasticsearch answer and changes nothing', () => {
  it('malformed JSON', async () => {
    const reply = await rejected(UPDATE, '{"number_of_allocations": 4');
    expect(reply.status).toBe(400);
    expect(validateErrorEnvelope(reply.json).ok).toBe(true);
  });

  it('a body that is not an object', async () => {
    for (const body of ['[]', '4', '"text"', 'null']) {
      const reply = await rejected(UPDATE, body);
      expect(reply.status, body).toBe(400);
      expect(validateErrorEnvelope(reply.json).ok, body).toBe(true);
    }
  });

  it('prototype-pollution keys are unknown fields', async () => {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const reply = await rejected(UPDATE, `{"${key}":{"polluted":true},"number_of_allocations":2}`);
      expect(reply.status, key).toBe(400);
      expect(reply.json.error.reason, key).toBe(`[1:2] [${P}] unknown field [${key}]`);
    }
    const nested = await rejected(UPDATE, '{"adaptive_allocations":{"__proto__":{"polluted":true}}}');
    expect(nested.status).toBe(400);
    expect(nested.json.error.type).toBe('x_content_parse_exception');
  });

  it('wrong content types', async () => {
    for (const type of ['text/plain', 'application/xml', 'multipart/form-data; boundary=x']) {
      const reply = await rejected(UPDATE, '{"number_of_allocations":2}', { 'content-type': type });
      expect(reply.status, type).toBe(406);
      expect(reply.json.error).toBe(`Content-Type header [${type}] is not supported`);
    }
  });

  it('odd and URL-encoded ids are looked up, decoded, and answered 404', async () => {
    for (const [raw, decoded] of [
      ['my%20model', 'my model'],
      ['caf%C3%A9', 'café'],
      ['a%2Fb', 'a/b'],
      ['x'.repeat(3000), 'x'.repeat(3000)],
      ['%3Cscript%3E', '<script>'],
    ] as const) {
      const reply = await rejected(
        `/_ml/trained_models/${raw}/deployment/_update`,
        '{"number_of_allocations":2}',
      );
      expect(reply.status, raw.slice(0, 20)).toBe(404);
      expect(reply.json.error.reason).toBe(`No known model deployment with id [${decoded}]`);
    }
  });

  it('an inconsistent body model_id with an encoded path id', async () => {
    const reply = await rejected('/_ml/trained_models/my%20model/deployment/_update', '{"model_id":"other"}');
    expect(reply.status).toBe(400);
    expect(reply.json.error.reason).toBe(
      "Inconsistent model_id; 'other' specified in the body differs from 'my model' specified as a URL argument",
    );
  });

  it('huge numbers and floats in the body', async () => {
    const huge = await rejected(UPDATE, '{"number_of_allocations":99999999999999999999}');
    expect(huge.status).toBe(400);
    expect(huge.json.error.type).toBe('x_content_parse_exception');
  });
});

describe('bytes that are not HTTP', () => {
  function raw(data: string): Promise<string> {
    const url = new URL(mock.url);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname, () => socket.end(data));
      let answer = '';
      socket.on('data', (chunk) => {
        answer += chunk.toString();
      });
      socket.on('close', () => resolve(answer));
      socket.on('error', reject);
    });
  }

  it('get a 400 with the envelope and the product header', async () => {
    for (const data of ['GARBAGE\r\n\r\n', 'GET / HTTP/1.1\r\nBad Header: y\r\n\r\n']) {
      const answer = await raw(data);
      const [head = '', body = ''] = answer.split('\r\n\r\n');
      expect(head).toMatch(/^HTTP\/1\.1 400 /);
      expect(head.toLowerCase()).toContain('x-elastic-product: elasticsearch');
      expect(validateErrorEnvelope(JSON.parse(body)).ok).toBe(true);
      expect(JSON.parse(body).error.reason).toMatch(/^invalid HTTP request: /);
    }
    expect((await call(mock.url, 'GET', '/')).status).toBe(200);
  });
});
