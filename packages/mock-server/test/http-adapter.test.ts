// The HTTP adapter's own rules (server.ts, router.ts), over raw sockets against a real server on
// 127.0.0.1: how targets are routed, which bodies are read and how far, how answers go on the
// wire (keep-alive, pipelining, HEAD), logging, closing, and a 500 for any failure of the mock's.
import { lookup } from 'node:dns/promises';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateErrorEnvelope, validateStringError } from '@mldeploy/core';
import { describe, expect, it } from 'vitest';
import { type Clock, defaultSeed, manualClock, startMockServer } from '../src/index.js';
import { SEEDED_ID, useMockServer } from '../src/testing.js';
import { UPDATE } from './helpers.js';

const STATS = '/_ml/trained_models/_stats';
const UPDATE_BODY = '{"number_of_allocations":2}';

interface Answer {
  status: number;
  /** Lower-case names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  body: string;
}

/**
 * Writes `data` on one connection and reads until the server closes it (the last request should
 * say `Connection: close`), within a bound. Answers the raw text.
 */
function exchange(url: string, data: string | Array<string | Buffer>, timeoutMs = 5_000): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname.replace(/^\[|\]$/g, ''), () => {
      for (const part of typeof data === 'string' ? [data] : data) {
        socket.write(part);
      }
    });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new Error(`not closed within ${timeoutMs} ms: ${Buffer.concat(chunks).toString().slice(0, 300)}`),
      );
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
  });
}

/** Splits the answers to `methods` (in order) out of a connection's text; bodies by content-length. */
function parseAnswers(text: string, methods: string[]): Answer[] {
  const answers: Answer[] = [];
  let at = 0;
  for (const method of methods) {
    const end = text.indexOf('\r\n\r\n', at);
    if (end < 0) {
      break;
    }
    const [statusLine = '', ...lines] = text.slice(at, end).split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const i = line.indexOf(':');
      const name = line.slice(0, i).trim().toLowerCase();
      const value = line.slice(i + 1).trim();
      headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
    }
    const length = method === 'HEAD' ? 0 : Number(headers['content-length'] ?? 0);
    const bodyBytes = Buffer.from(text.slice(end + 4), 'utf8').subarray(0, length);
    answers.push({ status: Number(statusLine.split(' ')[1]), headers, body: bodyBytes.toString('utf8') });
    at = end + 4 + bodyBytes.toString('utf8').length;
  }
  return answers;
}

/** One request on its own connection; `Connection: close` is added. */
async function request(
  url: string,
  method: string,
  target: string,
  init: { headers?: string[]; body?: string } = {},
): Promise<Answer> {
  const head = [
    `${method} ${target} HTTP/1.1`,
    'Host: 127.0.0.1',
    'Connection: close',
    ...(init.headers ?? []),
  ];
  if (
    init.body !== undefined &&
    !(init.headers ?? []).some((h) => /^(content-length|transfer-encoding):/i.test(h))
  ) {
    head.push(`Content-Length: ${Buffer.byteLength(init.body)}`);
  }
  const text = await exchange(url, `${head.join('\r\n')}\r\n\r\n${init.body ?? ''}`);
  const [answer] = parseAnswers(text, [method]);
  if (!answer) {
    throw new Error(`no answer: ${JSON.stringify(text.slice(0, 300))}`);
  }
  return answer;
}

const JSON_TYPE = 'Content-Type: application/json';

/** Elasticsearch's envelope (or its string error) with the status inside and the product header. */
function expectEsError(answer: Answer, status: number): void {
  expect(answer.status).toBe(status);
  expect(answer.headers['x-elastic-product']).toBe('Elasticsearch');
  const body = JSON.parse(answer.body) as { status?: number };
  expect(validateErrorEnvelope(body).ok || validateStringError(body).ok, answer.body).toBe(true);
  expect(body.status).toBe(status);
}

const allocations = (server: { state(): ReturnType<typeof defaultSeed> }) =>
  server.state().deployments.find((d) => d.deployment_id === SEEDED_ID)?.number_of_allocations;

describe('routing', () => {
  const mock = useMockServer({ convergeMs: 0, clock: 'manual' });

  it('reads runs of slashes as one and ignores a trailing slash, on every route', async () => {
    const canonical = await request(mock.url, 'GET', STATS);
    expect(canonical.status).toBe(200);
    for (const target of [`${STATS}/`, '//_ml//trained_models///_stats', `/${STATS}//`]) {
      const answer = await request(mock.url, 'GET', target);
      expect(answer.status, target).toBe(200);
      expect(answer.body, target).toBe(canonical.body);
    }
    const info = await request(mock.url, 'GET', '//');
    expect(JSON.parse(info.body).tagline).toBe('You Know, for Search');
    await mock.server.reset(defaultSeed());
    const update = await request(mock.url, 'POST', `/${UPDATE.replaceAll('/', '//')}/`, {
      headers: [JSON_TYPE],
      body: UPDATE_BODY,
    });
    expect(update.status).toBe(200);
    expect(allocations(mock.server)).toBe(2);
    // The control plane too.
    const state = await request(mock.url, 'GET', '/_mock/state/');
    expect(state.status).toBe(200);
    expect(JSON.parse(state.body).deployments[0].deployment_id).toBe(SEEDED_ID);
  });

  it('decodes the path before matching, but for delimiters, which stay inside one parameter', async () => {
    expect((await request(mock.url, 'GET', '/_ml/trained%5Fmodels/_stats')).status).toBe(200);
    const slash = await request(mock.url, 'GET', '/_ml/trained_models/a%2F_stats');
    expect(slash.status).toBe(404);
    expect(JSON.parse(slash.body).error.reason).toBe('Could not find trained model [a/_stats]');
    const percent = await request(mock.url, 'GET', '/_ml/trained_models/100%25/_stats');
    expect(JSON.parse(percent.body).error.reason).toBe('Could not find trained model [100%]');
  });

  it('answers a path that does not decode with a 400 envelope, whatever the method, and routes on', async () => {
    for (const [method, target] of [
      ['POST', '/_ml/trained_models/%E0%A4%A/deployment/_update'],
      ['GET', '/_ml/trained_models/100%/_stats?pretty'],
      ['TRACE', '/%zz'],
    ] as const) {
      const answer = await request(mock.url, method, target, { headers: [JSON_TYPE], body: '{}' });
      expectEsError(answer, 400);
      expect(JSON.parse(answer.body).error.type).toBe('illegal_argument_exception');
      expect(JSON.parse(answer.body).error.reason).toBe(`'${target}' is not a valid url component`);
    }
    // Only the path is decoded for routing: a bad escape in the query is the endpoint's business.
    const query = await request(mock.url, 'GET', `${STATS}?q=%zz`);
    expect(query.status).toBe(400);
    expect(JSON.parse(query.body).error.reason).toBe(
      'request [/_ml/trained_models/_stats] contains unrecognized parameter: [q]',
    );
    expect((await request(mock.url, 'GET', '/')).status).toBe(200);
  });

  it('matches parameters up to 10,000 characters and answers longer ones with a 400', async () => {
    const long = `/_ml/trained_models/${'x'.repeat(10_000)}/_stats`;
    const fits = await request(mock.url, 'GET', long);
    expect(fits.status).toBe(404);
    expect(JSON.parse(fits.body).error.type).toBe('resource_not_found_exception');
    const tooLong = `/_ml/trained_models/${'x'.repeat(10_001)}/_stats`;
    const refused = await request(mock.url, 'GET', tooLong);
    expectEsError(refused, 400);
    expect(JSON.parse(refused.body).error.reason).toBe(`'${tooLong}' is exceeding the max param length`);
  });

  it('routes an absolute-form target by its path, and `*` as `/`', async () => {
    const { port } = new URL(mock.url);
    const stats = await request(mock.url, 'GET', `http://127.0.0.1:${port}${STATS}?size=1`);
    expect(stats.status).toBe(200);
    expect(JSON.parse(stats.body).count).toBeGreaterThan(0);
    const star = await request(mock.url, 'OPTIONS', '*');
    expectEsError(star, 405);
    expect(star.headers.allow).toBe('GET,HEAD');
  });

  it('answers an unknown method as an unknown path, and a known one with 405 and Allow', async () => {
    const unknown = await request(mock.url, 'PROPFIND', STATS);
    expectEsError(unknown, 400);
    expect(JSON.parse(unknown.body).error).toBe(`no handler found for uri [${STATS}] and method [PROPFIND]`);
    const wrong = await request(mock.url, 'DELETE', STATS);
    expectEsError(wrong, 405);
    expect(wrong.headers.allow).toBe('GET');
    expectEsError(await request(mock.url, 'GET', '/_nothing/here/'), 400);
  });
});

describe('request bodies', () => {
  const MAX = 256;
  const mock = useMockServer({ convergeMs: 0, clock: 'manual', maxBodyBytes: MAX });
  const padded = (size: number) => {
    const body = JSON.stringify({ number_of_allocations: 2, pad: '' });
    return body.replace('""', `"${'x'.repeat(size - body.length)}"`);
  };

  it('answers a Content-Length over the limit with 413 before reading, and closes the connection', async () => {
    await mock.server.reset(defaultSeed());
    const body = padded(MAX + 1);
    // Only the headers are sent: the answer must not wait for the body.
    const text = await exchange(
      mock.url,
      `POST ${UPDATE} HTTP/1.1\r\nHost: x\r\n${JSON_TYPE}\r\nContent-Length: ${body.length}\r\n\r\n`,
    );
    const [answer] = parseAnswers(text, ['POST']);
    expectEsError(answer as Answer, 413);
    expect(answer?.headers.connection).toBe('close');
    expect(JSON.parse(answer?.body ?? '').error.reason).toBe(
      `Request content length [${MAX + 1}] exceeds the limit of [${MAX}] bytes`,
    );
    expect(allocations(mock.server)).toBe(1);
  });

  it('answers a chunked body that grows past the limit with 413, and changes nothing', async () => {
    await mock.server.reset(defaultSeed());
    const body = padded(MAX + 40);
    const chunks = [body.slice(0, 200), body.slice(200)]
      .map((c) => `${c.length.toString(16)}\r\n${c}\r\n`)
      .join('');
    const answer = await request(mock.url, 'POST', UPDATE, {
      headers: [JSON_TYPE, 'Transfer-Encoding: chunked'],
      body: `${chunks}0\r\n\r\n`,
    });
    expectEsError(answer, 413);
    expect(answer.headers.connection).toBe('close');
    // No length was announced: the one past the limit is named.
    expect(JSON.parse(answer.body).error.reason).toBe(
      `Request content length [${MAX + 1}] exceeds the limit of [${MAX}] bytes`,
    );
    expect(allocations(mock.server)).toBe(1);
  });

  it('handles nothing pipelined after a body it refused: that connection ends with the 413', async () => {
    await mock.server.reset(defaultSeed());
    const next = `POST ${UPDATE} HTTP/1.1\r\nHost: x\r\n${JSON_TYPE}\r\nContent-Length: ${UPDATE_BODY.length}\r\n\r\n${UPDATE_BODY}`;
    const big = padded(MAX + 40);
    for (const first of [
      `POST ${UPDATE} HTTP/1.1\r\nHost: x\r\n${JSON_TYPE}\r\nContent-Length: ${big.length}\r\n\r\n${big}`,
      `POST ${UPDATE} HTTP/1.1\r\nHost: x\r\n${JSON_TYPE}\r\nTransfer-Encoding: chunked\r\n\r\n${big.length.toString(16)}\r\n${big}\r\n0\r\n\r\n`,
    ]) {
      const answers = parseAnswers(await exchange(mock.url, first + next), ['POST', 'POST']);
      expect(answers.map((a) => a.status)).toEqual([413]);
      expect(allocations(mock.server)).toBe(1);
    }
  });

  it('accepts a body of exactly the limit, and decodes a body as UTF-8 across chunks', async () => {
    await mock.server.reset(defaultSeed());
    const exact = await request(mock.url, 'POST', UPDATE, { headers: [JSON_TYPE], body: padded(MAX) });
    // Read and judged by the endpoint: the pad field is not one of its fields.
    expectEsError(exact, 400);
    expect(JSON.parse(exact.body).error.reason).toContain('unknown field [pad]');
    // `é` split between two chunks still reads as one character.
    const body = Buffer.from('{"model_id":"café"}');
    const cut = body.indexOf(0xa9);
    const chunk = (b: Buffer) =>
      Buffer.concat([Buffer.from(`${b.length.toString(16)}\r\n`), b, Buffer.from('\r\n')]);
    const text = await exchange(mock.url, [
      `POST ${UPDATE} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${JSON_TYPE}\r\nTransfer-Encoding: chunked\r\n\r\n`,
      chunk(body.subarray(0, cut)),
      chunk(body.subarray(cut)),
      '0\r\n\r\n',
    ]);
    const [answer] = parseAnswers(text, ['POST']);
    expect(JSON.parse(answer?.body ?? '').error.reason).toBe(
      `Inconsistent model_id; 'café' specified in the body differs from '${SEEDED_ID}' specified as a URL argument`,
    );
  });

  it('never reads the body of a GET, and reads that of a DELETE', async () => {
    mock.server.clearRequests();
    expect((await request(mock.url, 'GET', STATS, { headers: [JSON_TYPE], body: '{"x":1}' })).status).toBe(
      200,
    );
    await request(mock.url, 'DELETE', STATS, { headers: [JSON_TYPE], body: '{"x":1}' });
    expect(mock.server.requests().map((r) => [r.method, r.body])).toEqual([
      ['GET', null],
      ['DELETE', '{"x":1}'],
    ]);
  });

  it('refuses a Content-Type that is not a media type at all, before reading the body', async () => {
    await mock.server.reset(defaultSeed());
    for (const type of ['json', '', 'application/json/x; a']) {
      const answer = await request(mock.url, 'POST', UPDATE, {
        headers: [`Content-Type: ${type}`],
        body: UPDATE_BODY,
      });
      expectEsError(answer, 400);
      expect(JSON.parse(answer.body).error.reason, type).toBe('Unsupported Media Type');
    }
    // A media type Elasticsearch does not read is the pipeline's 406, after the body.
    const text = await request(mock.url, 'POST', UPDATE, {
      headers: ['Content-Type: text/plain'],
      body: UPDATE_BODY,
    });
    expectEsError(text, 406);
    expect(allocations(mock.server)).toBe(1);
  });
});

describe('answers on the wire', () => {
  const mock = useMockServer({ convergeMs: 0, clock: 'manual' });

  it('answers pipelined requests on one connection in order, each as it would alone', async () => {
    await mock.server.reset(defaultSeed());
    const post = (n: number) => {
      const body = `{"number_of_allocations":${n}}`;
      return `POST ${UPDATE} HTTP/1.1\r\nHost: x\r\n${JSON_TYPE}\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
    };
    const requests: Array<[string, string]> = [
      ['POST', post(3)],
      ['GET', `GET ${STATS} HTTP/1.1\r\nHost: x\r\n\r\n`],
      ['HEAD', 'HEAD / HTTP/1.1\r\nHost: x\r\n\r\n'],
      ['GET', 'GET /nope HTTP/1.1\r\nHost: x\r\n\r\n'],
      ['PUT', `PUT ${STATS} HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n`],
      ['POST', post(2)],
      ['GET', 'GET /_mock/state HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'],
    ];
    const text = await exchange(mock.url, requests.map(([, r]) => r).join(''));
    const answers = parseAnswers(
      text,
      requests.map(([m]) => m),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 400, 405, 200, 200]);
    expect(JSON.parse(answers[0]?.body ?? '').assignment.task_parameters.number_of_allocations).toBe(3);
    expect(JSON.parse(answers[5]?.body ?? '').assignment.task_parameters.number_of_allocations).toBe(2);
    expect(JSON.parse(answers[6]?.body ?? '').deployments[0].number_of_allocations).toBe(2);
  });

  it('answers HEAD with the headers and no body, and keeps the connection for the next request', async () => {
    const text = await exchange(
      mock.url,
      'HEAD / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    );
    const [head, get] = parseAnswers(text, ['HEAD', 'GET']);
    expect(head?.status).toBe(200);
    expect(head?.headers['x-elastic-product']).toBe('Elasticsearch');
    expect(head?.headers['content-type']).toBe('application/json');
    expect(head?.headers['keep-alive']).toBe('timeout=72');
    expect(text.indexOf('\r\n\r\nHTTP/1.1 200 ')).toBeGreaterThan(0); // nothing between the two
    expect(JSON.parse(get?.body ?? '').tagline).toBe('You Know, for Search');
    expect(get?.headers['content-length']).toBe(String(Buffer.byteLength(get?.body ?? '')));
  });

  it('cuts the connection for a drop_connection fault, and only that one', async () => {
    await request(mock.url, 'POST', '/_mock/faults', {
      headers: [JSON_TYPE],
      body: '{"drop_connection":true,"path":"/_stats"}',
    });
    expect(await exchange(mock.url, `GET ${STATS} HTTP/1.1\r\nHost: x\r\n\r\n`)).toBe('');
    expect((await request(mock.url, 'GET', STATS)).status).toBe(200);
  });
});

describe('a failure of the mock itself', () => {
  /** The manual clock, until `armed`: then reading or sleeping on it fails. */
  const real = manualClock(Date.parse('2026-01-01T00:00:00Z'));
  let armed = false;
  const clock: Clock = {
    mode: 'manual',
    now: () => {
      if (armed) {
        throw new Error('the clock broke');
      }
      return real.now();
    },
    sleep: (ms) => (armed ? Promise.reject(new Error('the clock broke while sleeping')) : real.sleep(ms)),
    advance: (ms) => real.advance(ms),
    pending: () => real.pending(),
  };
  const mock = useMockServer({ convergeMs: 0, clock });

  it('is a 500 with the envelope, never a crash or a hang, and the server answers on', async () => {
    armed = true;
    try {
      const sync = await request(mock.url, 'POST', UPDATE, { headers: [JSON_TYPE], body: UPDATE_BODY });
      expect(sync.status).toBe(500);
      expect(sync.headers['x-elastic-product']).toBe('Elasticsearch');
      expect(JSON.parse(sync.body).error.reason).toBe('the clock broke');
      armed = false;
      await request(mock.url, 'POST', '/_mock/faults', { headers: [JSON_TYPE], body: '{"latency_ms":10}' });
      armed = true;
      const later = await request(mock.url, 'GET', '/');
      expect(later.status).toBe(500);
      expect(JSON.parse(later.body).error.reason).toBe('the clock broke while sleeping');
    } finally {
      armed = false;
    }
    expect((await request(mock.url, 'GET', '/')).status).toBe(200);
  });
});

describe('logging and closing', () => {
  it('logs one line per answered request, and close() ends open connections', async () => {
    const lines: string[] = [];
    const server = await startMockServer({ port: 0, maxBodyBytes: 64, log: (line) => lines.push(line) });
    const { port } = new URL(server.url);
    const idle = connect(Number(port), '127.0.0.1');
    const closed = new Promise<void>((resolve) => idle.on('close', () => resolve()));
    idle.on('error', () => {});
    try {
      await request(server.url, 'GET', '/?pretty');
      await request(server.url, 'POST', UPDATE, { headers: [JSON_TYPE], body: 'x'.repeat(100) });
      // A keep-alive connection that stays open after its answer.
      idle.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
      await new Promise<void>((resolve) => idle.once('data', () => resolve()));
    } finally {
      await server.close();
    }
    await closed;
    expect(idle.destroyed).toBe(true);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z GET \/\?pretty 200 \d+\.\dms$/);
    expect(lines[1]).toMatch(new RegExp(` POST ${UPDATE} 413 \\d+\\.\\dms$`));
    expect(server.close()).toBeInstanceOf(Promise);
    await server.close();
  });

  it('listens on every address localhost names', async () => {
    const server = await startMockServer({ port: 0, host: 'localhost' });
    try {
      expect(server.url).toBe(`http://localhost:${server.port}`);
      const addresses = await lookup('localhost', { all: true });
      expect(addresses.length).toBeGreaterThan(0);
      for (const { address, family } of addresses) {
        const url = `http://${family === 6 ? `[${address}]` : address}:${server.port}`;
        const answer = await request(url, 'GET', '/');
        expect(answer.status, address).toBe(200);
      }
    } finally {
      await server.close();
    }
  });
});

describe('proxy mode', () => {
  it('forwards the body bytes as they came and passes the upstream answer on as it came', async () => {
    const received: Buffer[] = [];
    const upstream = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push(Buffer.concat(chunks));
        if (req.url?.includes('empty')) {
          res.writeHead(204, { 'content-type': 'application/json', 'x-elastic-product': 'Elasticsearch' });
          res.end();
          return;
        }
        // No content type at all: the bytes come back as they are, typed as bytes.
        res.writeHead(200, { 'x-elastic-product': 'Elasticsearch' });
        res.end(Buffer.from([0x7b, 0xff, 0x7d]));
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const proxy = await startMockServer({
      port: 0,
      proxy: { url: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}` },
    });
    try {
      const bytes = Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]); // `{"` + invalid UTF-8 + `"}`
      const text = await exchange(proxy.url, [
        `POST ${UPDATE} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${JSON_TYPE}\r\nContent-Length: ${bytes.length}\r\n\r\n`,
        bytes,
      ]);
      expect(received[0]?.equals(bytes)).toBe(true);
      const [answer] = parseAnswers(text, ['POST']);
      expect(answer?.status).toBe(200);
      expect(answer?.headers['content-type']).toBe('application/octet-stream');
      expect(answer?.headers['content-length']).toBe('3');
      expect(answer?.headers['x-mldeploy-contract']).toBeDefined();
      const empty = await request(proxy.url, 'GET', '/_ml/trained_models/empty/_stats');
      expect(empty.status).toBe(204);
      expect(empty.headers['content-type']).toBeUndefined();
      expect(empty.headers['content-length']).toBeUndefined();
      expect(empty.body).toBe('');
      // The control plane stays local, with its slashes read as everywhere else.
      expect((await request(proxy.url, 'GET', '/_mock/state/')).status).toBe(200);
      expect(received).toHaveLength(2);
    } finally {
      await proxy.close();
      await new Promise((resolve) => upstream.close(resolve));
    }
  });
});

describe('the console', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mldeploy-console-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'export {};');
  const mock = useMockServer({ consoleDir: dir });

  it('redirects only the bare path, tolerates slashes, and refuses a path that does not decode', async () => {
    const bare = await request(mock.url, 'GET', '/_console?x=1');
    expect(bare.status).toBe(301);
    expect(bare.headers.location).toBe('/_console/');
    const asset = await request(mock.url, 'GET', '/_console//assets//app.js');
    expect(asset.body).toBe('export {};');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    const page = await request(mock.url, 'GET', '/_console/deployments/x/');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.body).toContain('<title>console</title>');
    const bad = await request(mock.url, 'GET', '/_console/%25zz');
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toBe('text/plain');
    expect(bad.body).toBe('bad path');
    // Only GET serves it; other methods find no handler.
    expectEsError(await request(mock.url, 'POST', '/_console/', { body: '' }), 400);
  });
});
