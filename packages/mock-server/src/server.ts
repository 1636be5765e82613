// The HTTP transport: a thin fastify adapter over the engine. Routes come from core's ENDPOINTS
// (every method registered, so the pipeline can answer 405); `/_mock/` and unknown paths fall to
// the not-found handler, which hands them to the engine too. Transport-only concerns stay here:
// body limits (413), unparseable HTTP (400), dropped connections and the console's files.
import { readFile, stat } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { colonPattern } from '@mldeploy/core/endpoints';
import { ENDPOINTS, type EndpointKey, errors } from '@mldeploy/core/rules';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import type { Clock } from './clock.js';
import { type EngineOptions, initialSeedOf, MockEngine, withOverrides } from './engine.js';
import { errorAnswer, type MockRequest, render, type WireAnswer } from './http.js';
import type { JournalEntry, JournalFilter } from './journal.js';
import { isEveryInterface, isLoopback } from './listen-notice.js';
import type { LoadBody, LoadView } from './load.js';
import { writeStateFile } from './persist.js';
import type { RouteMatch } from './pipeline.js';
import { type ContractProxy, createProxy, type ProxyOptions } from './proxy.js';
import { loadSeed, type SeedDocument } from './seed.js';
import { staticFiles } from './static.js';

/** Options of {@link startMockServer}. */
export interface MockServerOptions extends Omit<EngineOptions, 'onPersist'> {
  /** Port on `host`; 0 (the default) picks a free one. */
  port?: number;
  /** A loopback address, or `0.0.0.0` / `::` for every interface (containers, CI services); default 127.0.0.1. */
  host?: string;
  /** Keep the state in this file: loaded at start when it exists, written atomically on each change. */
  stateFile?: string;
  /** A built console to serve at `/_console/`. */
  consoleDir?: string;
  /** The largest request body; larger ones get 413. Default 100mb, as `http.max_content_length`. */
  maxBodyBytes?: number;
  /** No per-request log lines (default true in the library). */
  quiet?: boolean;
  /** Where log lines go; default stdout. */
  log?: (line: string) => void;
  /**
   * Proxy mode: forward every Elasticsearch request to this upstream and judge its answers against
   * core (`/_mock/` stays local). See docs/contract-testing.md ("The validating proxy").
   */
  proxy?: ProxyOptions;
}

/** A running mock server. */
export interface MockServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  host: string;
  close(): Promise<void>;
  /** Loads a seed (object or path); without one, the seed the server started with. */
  reset(seed?: object | string): Promise<void>;
  /** The state as a seed document (a deep copy that `reset` accepts back). */
  state(): SeedDocument;
  /** Moves simulated time forward by `ms`: convergence, the scaler and `wait_for` progress. */
  advance(ms: number): void;
  /**
   * Sets a deployment's simulated inference load from now: a rate (requests per second) and an
   * inference time (ms), or a schedule; `rate: 0` stops it. Throws a RangeError on a bad load or an
   * unknown deployment (nothing changes). See docs/scaler.md.
   */
  setLoad(load: LoadBody): LoadView;
  /** The simulated clock. */
  readonly clock: Clock;
  /** The requests the mock answered, oldest first (Elasticsearch ones unless `kind` says otherwise). */
  requests(filter?: JournalFilter): JournalEntry[];
  /** Empties the request journal. */
  clearRequests(): void;
  /** Proxy mode: the upstream's origin and path prefix (never its credentials). */
  upstream?: string;
}

/** What Node's HTTP parser error codes mean, for the 400 it answers. */
const HTTP_PARSER_ERRORS: Record<string, string> = {
  HPE_HEADER_OVERFLOW: 'the request headers are too large',
  HPE_INVALID_METHOD: 'the request line is not HTTP',
  HPE_INVALID_URL: 'the request target is not a valid URI',
  HPE_INVALID_HEADER_TOKEN: 'a header name holds a character headers may not have',
  HPE_INVALID_CHUNK_SIZE: 'a chunk size is not a hexadecimal number',
  HPE_UNEXPECTED_CONTENT_LENGTH: 'Content-Length and chunked Transfer-Encoding are both set',
  HPE_INVALID_CONSTANT: 'the request is not HTTP/1.x',
  HPE_INVALID_VERSION: 'the HTTP version is not valid',
};

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const;
const DEFAULT_MAX_BODY = 100 * 1024 * 1024;

/** The request as the engine reads it. */
function toMockRequest(request: FastifyRequest): MockRequest {
  const url = request.url;
  const q = url.indexOf('?');
  return {
    method: request.method,
    url,
    path: q < 0 ? url : url.slice(0, q),
    query: q < 0 ? '' : url.slice(q + 1),
    headers: request.headers,
    body:
      typeof request.body === 'string'
        ? request.body
        : Buffer.isBuffer(request.body)
          ? request.body.toString('utf8')
          : undefined,
  };
}

/** Proxy mode: the upstream answers, the engine journals the exchange. */
async function sendProxied(
  proxy: ContractProxy,
  engine: MockEngine,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  const mock = toMockRequest(request);
  const answer = await proxy.handle(mock, Buffer.isBuffer(request.body) ? request.body : undefined);
  engine.recordProxied(mock, answer, answer.violations);
  reply.code(answer.status);
  reply.headers(answer.headers);
  reply.send(answer.body);
}

function send(request: FastifyRequest, reply: FastifyReply, answer: WireAnswer): void {
  if (answer.drop) {
    reply.hijack();
    request.raw.socket.destroy();
    return;
  }
  reply.code(answer.status);
  reply.headers(answer.headers);
  reply.send(answer.body);
}

/** Starts a mock server on 127.0.0.1 and resolves once it listens. */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopback(host) && !isEveryInterface(host)) {
    throw new Error(
      `mldeploy-mock listens on loopback or on every interface (0.0.0.0, ::) only; [${host}] is neither`,
    );
  }
  const stateFile = options.stateFile;
  const engineOptions: EngineOptions = { ...options };
  if (stateFile) {
    engineOptions.onPersist = (state) => writeStateFile(stateFile, state());
  }
  const engine = new MockEngine(engineOptions, initialSeedOf(options));
  if (stateFile) {
    // Atomic writes rename over the target: never do that to a device, a pipe or a directory.
    const existing = await stat(stateFile).catch(() => undefined);
    if (existing && !existing.isFile()) {
      throw new Error(`--state-file [${stateFile}] exists and is not a regular file`);
    }
    const saved = await readIfExists(stateFile);
    if (saved !== undefined) {
      engine.load(withOverrides(loadSeed(JSON.parse(saved), stateFile), options));
    }
  }
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const log =
    options.quiet === false || (options.quiet === undefined && options.log)
      ? (options.log ?? ((line: string) => process.stdout.write(`${line}\n`)))
      : undefined;
  const sockets = new Set<Socket>();
  const proxy = options.proxy ? createProxy(options.proxy, log ?? options.log) : undefined;

  const app = Fastify({
    bodyLimit: maxBody,
    exposeHeadRoutes: false,
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true, maxParamLength: 10_000 },
    forceCloseConnections: true,
    // Bytes Node's HTTP parser rejects get Elasticsearch's envelope and product header too.
    clientErrorHandler: (error, socket) => {
      const code = (error as { code?: string }).code ?? '';
      if (code === 'ECONNRESET' || !socket.writable) {
        socket.destroy();
        return;
      }
      const answer = errors.malformedHttp(HTTP_PARSER_ERRORS[code] ?? (code || 'unparseable'));
      const body = JSON.stringify(answer.body);
      socket.end(
        `HTTP/1.1 ${answer.status} Bad Request\r\nx-elastic-product: Elasticsearch\r\ncontent-type: application/json; charset=UTF-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      );
    },
    frameworkErrors: (error, request, reply) => {
      send(request, reply, render(toMockRequest(request), errorAnswer(errors.badUri(error.message))));
    },
  });

  app.server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  app.removeAllContentTypeParsers();
  // The proxy forwards the body's bytes as they came.
  app.addContentTypeParser('*', { parseAs: proxy ? 'buffer' : 'string' }, (_request, body, done) => {
    done(null, body);
  });

  if (log) {
    app.addHook('onRequest', (request, _reply, done) => {
      (request as FastifyRequest & { startedAt: number }).startedAt = performance.now();
      done();
    });
    app.addHook('onResponse', async (request, reply) => {
      const ms = performance.now() - (request as FastifyRequest & { startedAt: number }).startedAt;
      log(
        `${new Date().toISOString()} ${request.method} ${request.url} ${reply.statusCode} ${ms.toFixed(1)}ms`,
      );
    });
  }

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    const mock = toMockRequest(request);
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || error.statusCode === 413) {
      const length = Number(request.headers['content-length'] ?? maxBody + 1);
      send(request, reply, render(mock, errorAnswer(errors.contentTooLarge(length, maxBody))));
      return;
    }
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      send(request, reply, render(mock, errorAnswer(errors.badUri(error.message))));
      return;
    }
    send(request, reply, render(mock, errorAnswer(errors.internalError(error.message))));
  });

  // Unknown paths and the control plane: the engine answers (404s included).
  app.setNotFoundHandler(async (request, reply) => {
    if (proxy && !request.url.startsWith('/_mock/')) {
      return sendProxied(proxy, engine, request, reply);
    }
    send(request, reply, await engine.handle(toMockRequest(request), null));
  });

  // Elasticsearch routes, one per path template of core's endpoints.
  for (const key of Object.keys(ENDPOINTS) as EndpointKey[]) {
    for (const template of ENDPOINTS[key].paths) {
      app.route({
        method: [...METHODS],
        url: colonPattern(template),
        handler: async (request, reply) => {
          if (proxy) {
            return sendProxied(proxy, engine, request, reply);
          }
          const match: RouteMatch = { key, params: request.params as Record<string, string> };
          const answer = engine.handle(toMockRequest(request), match);
          send(request, reply, answer instanceof Promise ? await answer : answer);
        },
      });
    }
  }
  // `/_mock/` routes are registered too, so fastify's trailing-slash rules apply to them alike.
  app.route({
    method: [...METHODS],
    url: '/_mock/*',
    handler: async (request, reply) => {
      send(request, reply, await engine.handle(toMockRequest(request)));
    },
  });

  if (options.consoleDir) {
    const serve = staticFiles(options.consoleDir);
    const sendFile = async (wanted: string, reply: FastifyReply) => {
      const file = await serve(wanted);
      if (file.cacheControl) {
        reply.header('cache-control', file.cacheControl);
      }
      return reply.code(file.status).type(file.contentType).send(file.body);
    };
    // With ignoreTrailingSlash, `/_console/` also lands here: only the bare path redirects.
    app.get('/_console', async (request, reply) => {
      if ((request.url.split('?')[0] ?? '') === '/_console') {
        return reply.redirect('/_console/', 301);
      }
      return sendFile('', reply);
    });
    app.get('/_console/*', async (request, reply) => {
      let wanted: string;
      try {
        wanted = decodeURIComponent((request.params as { '*': string })['*']);
      } catch {
        return reply.code(400).type('text/plain').send('bad path');
      }
      return sendFile(wanted, reply);
    });
  }

  await app.listen({ port: options.port ?? 0, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    host,
    close: () => {
      closing ??= app.close().then(async () => {
        for (const socket of sockets) {
          socket.destroy();
        }
        await proxy?.close();
      });
      return closing;
    },
    reset: async (seed) => engine.reset(seed),
    state: () => engine.state(),
    advance: (ms) => engine.advance(ms),
    setLoad: (load) => engine.setLoad(load),
    clock: engine.clock,
    requests: (filter) => engine.requests(filter),
    clearRequests: () => engine.clearRequests(),
    ...(proxy ? { upstream: proxy.upstream } : {}),
  };
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw e;
  }
}
