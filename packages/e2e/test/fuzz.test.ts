import { SEEDED_ID, useMockServer } from '@mldeploy/mock-server/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { esShapeProblems } from './helpers/es-shape.js';
import { HangError, type RawRequest, send } from './helpers/http.js';
import { seeded } from './helpers/seeded.js';

// Property-based fuzzing of the mock over real HTTP. Every request, however malformed, must get an
// Elasticsearch-shaped answer (the error envelope or string error with the HTTP status, or a 2xx
// body the contract allows), never a 5xx and never a hang; and a rejected request (4xx) must leave
// the state exactly as it was. Each run starts from the seed, so a failure shrinks to one request.

// E2E_FUZZ_RUNS raises the count for a longer local hunt; the suite keeps it small.
const RUNS = Number(process.env.E2E_FUZZ_RUNS ?? 250);
const TIMEOUT_MS = 5_000;

// ---- arbitraries ---------------------------------------------------------------------------

/**
 * Percent-encodes what is not visible ASCII, and `#` (a fragment has no place in a request
 * target), so that the request line stays valid HTTP (raw bytes
 * above 0x7e are refused by Node's HTTP parser before any handler runs; abusive.test.ts covers
 * requests that are not valid HTTP at all).
 */
const onRequestLine = (s: string) => s.replace(/[^\u0021-\u007e]|#/gu, (c) => encodeURIComponent(c));

const oddText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    '',
    ' ',
    '%',
    '%zz',
    '%00',
    '%2F',
    '..',
    '../..',
    '*',
    '_all',
    'a,b',
    '\u0000',
    'é',
    '🦄',
    '\\',
  ),
);

const knownIds = fc.constantFrom(SEEDED_ID, '.elser_model_2', 'elastic__distilbert*', '*', '_all');

/** Deployment and model ids: known ones, odd characters, encoded or raw, and over-long ones. */
const ids = fc.oneof(
  { weight: 3, arbitrary: knownIds.map(encodeURIComponent) },
  { weight: 3, arbitrary: oddText.map(encodeURIComponent) },
  { weight: 2, arbitrary: oddText.map(onRequestLine) },
  { weight: 1, arbitrary: fc.integer({ min: 256, max: 12_000 }).map((n) => 'x'.repeat(n)) },
);

const queryKeys = fc.oneof(
  fc.constantFrom(
    'number_of_allocations',
    'timeout',
    'master_timeout',
    'pretty',
    'human',
    'error_trace',
    'filter_path',
    'format',
    'wait_for',
    'allow_no_match',
    'force',
    'from',
    'size',
    'deployment_id',
    'threads_per_allocation',
    'priority',
    'queue_capacity',
    'cache_size',
    'numbr_of_allocations',
  ),
  oddText,
);
const queryValues = fc.oneof(
  fc.integer({ min: -3, max: 40 }).map(String),
  fc.constantFrom(
    '',
    '-1',
    '0',
    '1s',
    '10m',
    '-5s',
    '1.5s',
    'true',
    'false',
    'yes',
    '2147483648',
    '1e3',
    'low',
    'started',
  ),
  oddText,
);
/** Query strings: none, well-formed with odd values, or raw bytes. */
const queries = fc.oneof(
  fc.constant(''),
  fc
    .array(fc.tuple(queryKeys, queryValues), { maxLength: 4 })
    .map(
      (pairs) => `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}`,
    ),
  oddText.map((s) => `?${onRequestLine(s)}`),
);

const numberish = fc.oneof(
  fc.integer({ min: -5, max: 40 }),
  fc.constantFrom(0, -1, 2147483647, 2147483648, -2147483649, 1e21, 2.5, -0.0),
  fc.double(),
  fc.string({ maxLength: 6 }),
  fc.constant(null),
  fc.boolean(),
  fc.constant([]),
  fc.constant({}),
);
const adaptive = fc.oneof(
  fc.constant(null),
  fc.record(
    {
      enabled: fc.oneof(fc.boolean(), numberish),
      min_number_of_allocations: numberish,
      max_number_of_allocations: numberish,
    },
    { requiredKeys: [] },
  ),
  fc.string({ maxLength: 5 }),
);
/** Bodies that look like an update, one field off. */
const nearMissBodies = fc
  .record(
    {
      number_of_allocations: numberish,
      adaptive_allocations: adaptive,
      model_id: fc.oneof(fc.constant(SEEDED_ID), oddText, numberish),
      model_threads: numberish,
      timeout: fc.oneof(fc.constantFrom('1s', '0', '-1', 'zz'), numberish),
      deployment_id: oddText,
    },
    { requiredKeys: [] },
  )
  .chain((body) =>
    fc
      .dictionary(oddText, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 2 })
      .map((extra) => ({ ...extra, ...body })),
  )
  .map((b) => JSON.stringify(b));

/** Bodies of every kind: near misses, any JSON, broken JSON, deep nesting, prototype keys, bytes. */
const bodies = fc.oneof(
  { weight: 4, arbitrary: nearMissBodies },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
  { weight: 2, arbitrary: nearMissBodies.chain((s) => fc.nat(s.length).map((n) => s.slice(0, n))) },
  { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 100, max: 20_000 }), fc.constantFrom('[', '{"a":'))
      .map(([depth, open]) => `{"adaptive_allocations":${open.repeat(depth)}`),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '{"__proto__":{"number_of_allocations":3}}',
      '{"constructor":{"prototype":{"polluted":true}}}',
      '{"adaptive_allocations":{"__proto__":{"enabled":true}}}',
      '{"number_of_allocations":2,"number_of_allocations":3}',
      '\ufeff{"number_of_allocations":2}',
      '{"number_of_allocations":2}garbage',
      '{"number_of_allocations":2}{"number_of_allocations":3}',
      '{"number_of_allocations":0x10}',
      "{'number_of_allocations':2}",
      '{"number_of_allocations":NaN}',
      '{"number_of_allocations":Infinity}',
      '{"number_of_allocations":1e999}',
      '{"number_of_allocations":"\\u0032"}',
      '/* c */ {"number_of_allocations":2}',
      'null',
      '',
    ),
  },
);

const contentTypes = fc.oneof(
  fc.constantFrom(
    undefined,
    'application/json',
    'application/json; charset=utf-8',
    'application/json; charset=UTF-16',
    'APPLICATION/JSON',
    'application/vnd.elasticsearch+json; compatible-with=8',
    'application/vnd.elasticsearch+json; compatible-with=7',
    'application/vnd.elasticsearch+json; compatible-with=9',
    'application/vnd.elasticsearch+json; compatible-with=abc',
    'application/vnd.elasticsearch+json',
    'application/x-ndjson',
    'application/yaml',
    'application/cbor',
    'application/smile',
    'text/plain',
    'text/html',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    '*/*',
    ';',
    '',
  ),
  fc.stringMatching(/^[\x21-\x7e][\x20-\x7e]{0,30}$/),
);

/**
 * Extra headers that a sloppy or hostile client sends. `Expect` is left out: Node answers an
 * expectation it does not know with a bare 417 before any handler runs, as Netty does for
 * Elasticsearch.
 */
const extraHeaders = fc.dictionary(
  fc.constantFrom(
    'accept',
    'accept-encoding',
    'content-encoding',
    'x-opaque-id',
    'x-elastic-product-origin',
    'authorization',
    'x-forwarded-for',
    'origin',
    'user-agent',
  ),
  fc.oneof(
    fc.constantFrom(
      'application/json',
      'application/vnd.elasticsearch+json; compatible-with=7',
      'gzip',
      'deflate',
      'Basic Zm9vOmJhcg==',
      'ApiKey x',
      'Bearer',
      '*/*',
      '',
    ),
    fc.stringMatching(/^[\x21-\x7e][\x20-\x7e]{0,30}$/),
  ),
  { maxKeys: 3 },
);

const methods = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS');

/** Paths of every route (and a few that are none), with fuzzed ids. */
const paths = fc.oneof(
  ids.map((id) => `/_ml/trained_models/${id}/deployment/_update`),
  ids.map((id) => `/_ml/trained_models/${id}/deployment/_start`),
  ids.map((id) => `/_ml/trained_models/${id}/deployment/_stop`),
  ids.map((id) => `/_ml/trained_models/${id}/_stats`),
  ids.map((id) => `/_ml/trained_models/${id}`),
  fc.constantFrom(
    '/',
    '/_ml/trained_models',
    '/_ml/trained_models/_stats',
    '//_ml//trained_models',
    '/_ml/trained_models/',
  ),
  ids.map((id) => `/_ml/trained_models/${id}/deployment`),
  ids.map((id) => `/_ml/${id}`),
  oddText.map((s) => `/${onRequestLine(s)}`),
);

/** A request with an optional content type and body. */
function request(
  method: string,
  path: string,
  contentType: string | undefined,
  headers: Record<string, string>,
  body: string | undefined,
): RawRequest {
  const h: Record<string, string> = { ...headers };
  if (contentType !== undefined) {
    h['content-type'] = contentType;
  }
  return body === undefined ? { method, path, headers: h } : { method, path, headers: h, body };
}

// ---- the properties ---------------------------------------------------------------------------

describe('fuzzing the mock server over HTTP', () => {
  const mock = useMockServer({ convergeMs: 0 });

  /** Sends one request and checks it: ES-shaped, in time, and no state change when rejected. */
  async function check(req: RawRequest): Promise<void> {
    const seed = JSON.stringify(mock.server.state());
    let res: Awaited<ReturnType<typeof send>>;
    try {
      res = await send(mock.server.url, req, TIMEOUT_MS);
    } catch (e) {
      if (e instanceof HangError) {
        throw e;
      }
      // Node's own client refused to send it (an invalid header value, say): not the server's concern.
      if (e instanceof TypeError || (e as { code?: string }).code?.startsWith('ERR_')) {
        return;
      }
      throw new Error(`${req.method} ${req.path}: ${(e as Error).message}`);
    }
    const problems = esShapeProblems(req, res);
    const after = JSON.stringify(mock.server.state());
    if (res.status >= 400 && after !== seed) {
      problems.push(`${req.method} ${req.path} -> ${res.status} changed the state`);
    }
    if (after !== seed) {
      // A successful change: start the next run from the seed again.
      await mock.server.reset();
    }
    expect(
      problems,
      `body: ${JSON.stringify(req.body)?.slice(0, 300)}; headers: ${JSON.stringify(req.headers)}`,
    ).toEqual([]);
  }

  it('answers any update request with an Elasticsearch answer and changes nothing when it rejects it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          { weight: 3, arbitrary: fc.constant(encodeURIComponent(SEEDED_ID)) },
          { weight: 1, arbitrary: ids },
        ),
        queries,
        fc.oneof(
          { weight: 3, arbitrary: fc.constant('application/json') },
          { weight: 2, arbitrary: contentTypes },
        ),
        extraHeaders,
        fc.option(bodies, { nil: undefined, freq: 8 }),
        async (id, query, contentType, headers, body) => {
          await check(
            request(
              'POST',
              `/_ml/trained_models/${id}/deployment/_update${query}`,
              contentType,
              headers,
              body,
            ),
          );
        },
      ),
      seeded(RUNS),
    );
  });

  it('answers any method on any route with an Elasticsearch answer and changes nothing when it rejects it', async () => {
    await fc.assert(
      fc.asyncProperty(
        methods,
        paths,
        queries,
        contentTypes,
        extraHeaders,
        fc.option(bodies, { nil: undefined, freq: 3 }),
        async (method, path, query, contentType, headers, body) => {
          await check(request(method, `${path}${query}`, contentType, headers, body));
        },
      ),
      seeded(RUNS),
    );
  });
});

describe('fuzzing credentials against a secured mock server', () => {
  const mock = useMockServer({
    convergeMs: 0,
    seed: {
      security: {
        enabled: true,
        users: [
          { username: 'admin', password: 'admin-password', roles: ['superuser'] },
          { username: 'viewer', password: 'viewer-password', roles: ['viewer'] },
        ],
        api_keys: [{ id: 'key-id', api_key: 'key-secret', privileges: ['monitor_ml'] }],
      },
      deployments: [
        {
          deployment_id: SEEDED_ID,
          model_id: SEEDED_ID,
          number_of_allocations: 1,
          threads_per_allocation: 1,
          priority: 'normal',
          queue_capacity: 10_000,
          state: 'started',
        },
      ],
    },
  });

  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
  const authorizations = fc.oneof(
    fc.constant(undefined),
    fc.constantFrom(
      `Basic ${b64('admin:admin-password')}`,
      `Basic ${b64('viewer:viewer-password')}`,
      `Basic ${b64('admin:wrong')}`,
      `Basic ${b64('admin')}`,
      `Basic ${b64(':')}`,
      'Basic !!!not-base64!!!',
      'Basic',
      `ApiKey ${b64('key-id:key-secret')}`,
      `ApiKey ${b64('key-id:wrong')}`,
      'ApiKey',
      'Bearer abc',
      'Negotiate abc',
    ),
    fc
      .tuple(fc.constantFrom('Basic', 'ApiKey', 'Bearer', 'basic', 'APIKEY'), oddText)
      .map(([scheme, s]) => `${scheme} ${b64(s)}`),
    fc.stringMatching(/^[\x21-\x7e][\x20-\x7e]{0,40}$/),
  );

  it('answers any credentials with 401/403 envelopes (WWW-Authenticate on 401) or a real answer, never a state change when rejected', async () => {
    await fc.assert(
      fc.asyncProperty(
        methods,
        paths,
        authorizations,
        fc.option(nearMissBodies, { nil: undefined, freq: 2 }),
        async (method, path, authorization, body) => {
          const headers: Record<string, string> = authorization === undefined ? {} : { authorization };
          const req = request(method, path, 'application/json', headers, body);
          const seed = JSON.stringify(mock.server.state());
          let res: Awaited<ReturnType<typeof send>>;
          try {
            res = await send(mock.server.url, req, TIMEOUT_MS);
          } catch (e) {
            if (e instanceof TypeError || (e as { code?: string }).code?.startsWith('ERR_')) {
              return;
            }
            throw e;
          }
          const problems = esShapeProblems(req, res);
          if (res.status === 401 && !res.headers['www-authenticate']) {
            problems.push(`${method} ${path} -> 401 without WWW-Authenticate`);
          }
          const after = JSON.stringify(mock.server.state());
          if (res.status >= 400 && after !== seed) {
            problems.push(`${method} ${path} -> ${res.status} changed the state`);
          }
          if (after !== seed) {
            await mock.server.reset();
          }
          expect(problems).toEqual([]);
        },
      ),
      seeded(Math.round(RUNS * 0.8)),
    );
  });
});
