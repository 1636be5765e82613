// The HTTP transport: a thin `node:http` adapter over the engine. router.ts decides where a
// request goes (core's endpoints, `/_mock/`, the console, nothing); the engine answers. What is
// the transport's alone stays here: reading bodies and their limit (413), targets that cannot be
// routed (400), unparseable HTTP (400), dropped connections and the console's files. Every error
// answer is the Elasticsearch envelope, written by `render` like the engine's own.
import { lookup } from 'node:dns';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { type EsError, errors } from '@mldeploy/core/rules';
import type { Clock } from './clock.js';
import { decodeContentEncoding } from './content-encoding.js';
import { type EngineOptions, initialSeedOf, MockEngine, withOverrides } from './engine.js';
import { errorAnswer, type MockRequest, render, type WireAnswer } from './http.js';
import {
  type HttpNodeSpec,
  type MockHttpNode,
  nodeOfSocket,
  nodeSpecs,
  startHttpNodes,
  writeReset,
} from './http-nodes.js';
import type { JournalEntry, JournalFilter } from './journal.js';
import { isEveryInterface, isLoopback } from './listen-notice.js';
import type { LoadBody, LoadView } from './load.js';
import { writeStateFile } from './persist.js';
import { type ContractProxy, createProxy, type ProxyOptions } from './proxy.js';
import { routeOf, type Target } from './router.js';
import { loadSeed, type SeedDocument } from './seed.js';
import { type StaticAnswer, staticFiles } from './static.js';

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
  /**
   * Serve the one simulated cluster on this many ports (or one per spec), each answering as one
   * node: failover, resurrection and sniffing for clients to test against (docs/multi-node.md).
   */
  httpNodes?: number | HttpNodeSpec[];
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
  /** The HTTP nodes, the first at `url` (one unless `httpNodes` asked for more). */
  nodes: MockHttpNode[];
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

const DEFAULT_MAX_BODY = 100 * 1024 * 1024;
/** How long an idle keep-alive connection is kept (the `Keep-Alive: timeout=72` clients see). */
const KEEP_ALIVE_MS = 72_000;

/** Methods whose body is never read. */
const BODYLESS_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'TRACE']);
/** Methods whose body is read; other methods' bodies are not (QUERY must say its media type). */
const BODY_METHODS: ReadonlySet<string> = new Set(['DELETE', 'OPTIONS', 'PATCH', 'PUT', 'POST', 'QUERY']);

/** `type/subtype` tokens of a Content-Type (RFC 9110 §8.3.1); a body of any other is refused. */
const MEDIA_TYPE_TOKEN = /^[\w!#$%&'*+.^`|~-]+$/;
const MEDIA_SUBTYPE_TOKEN = /^[\w!#$%&'*+.^`|~-]+\s*$/;

/** Whether a Content-Type header is a media type at all (its parameters are not judged here). */
function isMediaType(header: string): boolean {
  const semicolon = header.indexOf(';');
  const media = semicolon < 0 ? header : header.slice(0, semicolon);
  const slash = media.indexOf('/');
  if (slash < 0) {
    return false;
  }
  const type = media.slice(0, slash).trimStart();
  const subtype = media.slice(slash + 1).trimEnd();
  return MEDIA_TYPE_TOKEN.test(type) && MEDIA_SUBTYPE_TOKEN.test(subtype);
}

/** The request as the engine reads it: target, method and headers as they came. */
function toMockRequest(req: IncomingMessage, body: string | undefined): MockRequest {
  const url = req.url as string;
  const q = url.indexOf('?');
  const request: { -readonly [K in keyof MockRequest]: MockRequest[K] } = {
    method: req.method as string,
    url,
    path: q < 0 ? url : url.slice(0, q),
    query: q < 0 ? '' : url.slice(q + 1),
    headers: req.headers,
    body,
  };
  const node = nodeOfSocket(req.socket);
  if (node !== undefined) {
    request.node = node;
  }
  return request;
}

/**
 * Writes an answer: the headers at once with the body's length, then the body. A HEAD answer or
 * an empty one has no body (an empty one says `content-length: 0`).
 */
function send(req: IncomingMessage, res: ServerResponse, answer: WireAnswer): void {
  if (answer.drop) {
    req.socket.destroy();
    return;
  }
  if (answer.reset) {
    writeReset(req, res, answer);
    return;
  }
  const { status, headers, body } = answer;
  if (body === undefined) {
    if (status >= 200 && status !== 204 && status !== 304 && req.method !== 'HEAD') {
      headers['content-length'] = '0';
    }
    res.writeHead(status, headers);
    res.end();
    return;
  }
  headers['content-length'] = String(Buffer.byteLength(body));
  res.writeHead(status, headers);
  res.end(body);
}

/** An error of core's, written for the request like every other answer. */
function sendError(req: IncomingMessage, res: ServerResponse, error: EsError): void {
  send(req, res, render(toMockRequest(req, undefined), errorAnswer(error)));
}

/** A hand-written 400 for bytes Node's HTTP parser rejects, with the envelope and product header. */
function onClientError(error: Error & { code?: string }, socket: Socket): void {
  const code = error.code ?? '';
  if (code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const answer = errors.malformedHttp(HTTP_PARSER_ERRORS[code] ?? (code || 'unparseable'));
  const body = JSON.stringify(answer.body);
  socket.end(
    `HTTP/1.1 ${answer.status} Bad Request\r\nx-elastic-product: Elasticsearch\r\ncontent-type: application/json; charset=UTF-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/** Starts a mock server on 127.0.0.1 and resolves once it listens. */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopback(host) && !isEveryInterface(host)) {
    throw new Error(
      `mldeploy-mock listens on loopback or on every interface (0.0.0.0, ::) only; [${host}] is neither`,
    );
  }
  const specs = nodeSpecs(options.httpNodes ?? 1);
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
  const proxy = options.proxy ? createProxy(options.proxy, log ?? options.log) : undefined;
  const serveFile = options.consoleDir ? staticFiles(options.consoleDir) : undefined;
  const serveConsole = serveFile !== undefined;

  /** Any failure of ours is a 500 with the envelope, never a crash or a hung request. */
  const fail = (req: IncomingMessage, res: ServerResponse, error: unknown): void => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    sendError(req, res, errors.internalError(error instanceof Error ? error.message : String(error)));
  };

  /** Answers a request whose body (if any) has been read. */
  const dispatch = (
    req: IncomingMessage,
    res: ServerResponse,
    target: Target,
    body: string | Buffer | undefined,
  ): void => {
    const text = typeof body === 'string' || body === undefined ? body : body.toString('utf8');
    const request = toMockRequest(req, text);
    let answer: WireAnswer | Promise<WireAnswer>;
    switch (target.kind) {
      case 'es':
        if (proxy) {
          sendProxied(proxy, engine, res, request, body).catch((e) => fail(req, res, e));
          return;
        }
        answer = engine.handle(request, target.match);
        break;
      case 'mock':
        answer = engine.handle(request);
        break;
      case 'none':
        if (proxy && !request.url.startsWith('/_mock/')) {
          sendProxied(proxy, engine, res, request, body).catch((e) => fail(req, res, e));
          return;
        }
        answer = engine.handle(request, null);
        break;
      case 'console':
        sendConsole(req, res, target.file, serveFile).catch((e) => fail(req, res, e));
        return;
      default:
        sendError(req, res, errors.badUri(target.reason));
        return;
    }
    if (answer instanceof Promise) {
      answer.then(
        (a) => send(req, res, a),
        (e) => fail(req, res, e),
      );
    } else {
      send(req, res, answer);
    }
  };

  /**
   * Reads the body, then dispatches; 413 past `maxBody`, after which the connection closes.
   * Later requests pipelined on the connection wait until this one is dispatched.
   */
  const readBody = (req: IncomingMessage, res: ServerResponse, target: Target, conn: Connection): void => {
    const announced = Number(req.headers['content-length']);
    if (announced > maxBody) {
      conn.closing = true;
      tooLarge(req, res, announced, maxBody);
      return;
    }
    conn.reading = true;
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (received > maxBody) {
        req.off('data', onData);
        req.off('end', onEnd);
        req.off('error', onError);
        refuse(conn);
        tooLarge(req, res, announced, maxBody);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      req.off('error', onError);
      conn.reading = false;
      const raw = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, received);
      const decoded = proxy ? { ok: true as const, bytes: raw } : decodeContentEncoding(req, raw);
      if (!decoded.ok) {
        sendError(req, res, errors.badUri(decoded.reason));
        drain(conn);
        return;
      }
      const bytes = decoded.bytes;
      try {
        dispatch(req, res, target, proxy ? bytes : bytes.toString('utf8'));
      } catch (e) {
        fail(req, res, e);
      }
      drain(conn);
    };
    const onError = (error: Error): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      refuse(conn);
      res.setHeader('connection', 'close');
      sendError(req, res, errors.badUri(error.message));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  };

  /** Answers one request: routes it, reads its body if its method has one, dispatches it. */
  const handle = (req: IncomingMessage, res: ServerResponse, conn: Connection): void => {
    try {
      const method = req.method as string;
      const target = routeOf(method, req.url as string, serveConsole);
      // One line per answered request; a target that cannot be routed is answered unlogged.
      if (log !== undefined && target.kind !== 'bad') {
        logOnFinish(req, res, log);
      }
      if (target.kind === 'bad' || BODYLESS_METHODS.has(method) || !BODY_METHODS.has(method)) {
        dispatch(req, res, target, undefined);
        return;
      }
      const contentType = req.headers['content-type'];
      if (contentType === undefined) {
        if (method === 'QUERY') {
          sendError(req, res, errors.badUri("Method 'QUERY' must provide a 'Content-Type' header."));
          return;
        }
        const length = req.headers['content-length'];
        if (req.headers['transfer-encoding'] === undefined && (length === undefined || length === '0')) {
          dispatch(req, res, target, undefined);
          return;
        }
      } else if (!isMediaType(contentType)) {
        sendError(req, res, errors.badUri('Unsupported Media Type'));
        return;
      }
      readBody(req, res, target, conn);
    } catch (e) {
      fail(req, res, e);
    }
  };

  /** Handles the requests that waited for an earlier one's body, in order, until one reads a body. */
  const drain = (conn: Connection): void => {
    const waiting = conn.waiting;
    while (waiting.length > 0 && !conn.reading && !conn.closing) {
      const req = waiting.shift() as IncomingMessage;
      handle(req, waiting.shift() as ServerResponse, conn);
    }
  };

  const connections = new Map<Socket, Connection>();
  /**
   * Requests are handled in the order they arrive on a connection: one that comes while an earlier
   * one's body is still being read waits for it (Node emits pipelined requests as it parses them,
   * before an earlier body's end). After an answer that closes the connection, later requests
   * are neither handled nor answered: their answers could never be written.
   */
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    let conn = connections.get(req.socket);
    if (conn === undefined) {
      conn = newConnection();
      connections.set(req.socket, conn);
    }
    if (conn.closing) {
      return;
    }
    if (conn.reading) {
      conn.waiting.push(req, res);
      return;
    }
    handle(req, res, conn);
  };

  const servers: Server[] = [];
  const newServer = (): Server => {
    const server = createServer(onRequest);
    server.keepAliveTimeout = KEEP_ALIVE_MS;
    server.requestTimeout = 0;
    server.on('clientError', onClientError);
    server.on('connection', (socket: Socket) => {
      connections.set(socket, newConnection());
      socket.once('close', () => connections.delete(socket));
    });
    servers.push(server);
    return server;
  };

  const main = newServer();
  await listen(main, options.port ?? 0, host);
  const address = main.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  if (host === 'localhost') {
    // Every address `localhost` names, so clients that try ::1 first find the mock too.
    await listenOnOtherAddresses(host, port, address, newServer);
  }
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const nodes = await startHttpNodes({
    specs,
    main,
    host,
    urlHost,
    newServer,
    listen,
    faults: engine.faults,
    seedNodes: engine.state().nodes,
    tag: options.httpNodes !== undefined,
  });
  // What `GET /_nodes/_all/http` publishes: an address clients can reach, even when bound to all.
  const published = isEveryInterface(host) ? '127.0.0.1' : urlHost;
  engine.httpNodes = nodes.map((n) => ({
    name: n.name,
    id: n.id,
    roles: n.roles,
    host: published,
    port: n.port,
  }));
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    host,
    close: () => {
      closing ??= (async () => {
        await Promise.all(
          servers.map(
            (server) =>
              new Promise<void>((resolve) => {
                server.close(() => resolve());
                server.closeAllConnections();
              }),
          ),
        );
        for (const socket of connections.keys()) {
          socket.destroy();
        }
        await proxy?.close();
      })();
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
    nodes,
  };
}

/** What the adapter keeps per connection, for handling pipelined requests in order. */
interface Connection {
  /** A request's body is being read: later requests wait in `waiting`. */
  reading: boolean;
  /** An answer closes the connection: later requests are dropped. */
  closing: boolean;
  /** Waiting requests and their answers, in pairs, oldest first. */
  waiting: Array<IncomingMessage | ServerResponse>;
}

function newConnection(): Connection {
  return { reading: false, closing: false, waiting: [] };
}

/** A body refused mid-way: the connection closes after the answer, and nothing after it is handled. */
function refuse(conn: Connection): void {
  conn.reading = false;
  conn.closing = true;
  conn.waiting.length = 0;
}

/** Logs `<time> <method> <url> <status> <ms>ms` once the answer is written. */
function logOnFinish(req: IncomingMessage, res: ServerResponse, log: (line: string) => void): void {
  const started = performance.now();
  res.once('finish', () => {
    log(
      `${new Date().toISOString()} ${req.method} ${req.url} ${res.statusCode} ${(performance.now() - started).toFixed(1)}ms`,
    );
  });
}

/** 413 with the envelope; the rest of the body is not read, so the connection closes after it. */
function tooLarge(req: IncomingMessage, res: ServerResponse, announced: number, max: number): void {
  res.setHeader('connection', 'close');
  sendError(req, res, errors.contentTooLarge(Number.isNaN(announced) ? max + 1 : announced, max));
}

/** Proxy mode: the upstream answers (its bytes as they came), the engine journals the exchange. */
async function sendProxied(
  proxy: ContractProxy,
  engine: MockEngine,
  res: ServerResponse,
  request: MockRequest,
  body: string | Buffer | undefined,
): Promise<void> {
  const answer = await proxy.handle(request, Buffer.isBuffer(body) ? body : undefined);
  engine.recordProxied(request, answer, answer.violations);
  const headers = answer.headers;
  if ((answer.status >= 100 && answer.status < 200) || answer.status === 204) {
    // No body, so no content-type or length, whatever the upstream sent.
    delete headers['content-type'];
    res.writeHead(answer.status, headers);
    res.end();
    return;
  }
  if (headers['content-type'] === undefined) {
    headers['content-type'] = 'application/octet-stream';
  }
  headers['content-length'] = String(answer.body.length);
  res.writeHead(answer.status, headers);
  res.end(answer.body);
}

/** `/_console` redirects to `/_console/`; files under it come from the built console. */
async function sendConsole(
  req: IncomingMessage,
  res: ServerResponse,
  file: string | undefined,
  serve: ((wanted: string) => Promise<StaticAnswer>) | undefined,
): Promise<void> {
  if (serve === undefined) {
    throw new Error('no console to serve');
  }
  const url = req.url as string;
  const q = url.indexOf('?');
  if (file === undefined && (q < 0 ? url : url.slice(0, q)) === '/_console') {
    res.writeHead(301, { location: '/_console/', 'content-length': '0' });
    res.end();
    return;
  }
  let wanted = '';
  if (file !== undefined) {
    try {
      wanted = decodeURIComponent(file);
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain', 'content-length': '8' });
      res.end('bad path');
      return;
    }
  }
  const answer = await serve(wanted);
  const headers: Record<string, string> = {};
  if (answer.cacheControl) {
    headers['cache-control'] = answer.cacheControl;
  }
  headers['content-type'] = answer.contentType;
  headers['content-length'] = String(Buffer.byteLength(answer.body));
  res.writeHead(answer.status, headers);
  res.end(answer.body);
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** Listens on the other addresses of `localhost` on the same port; those that fail are skipped. */
function listenOnOtherAddresses(
  host: string,
  port: number,
  primary: ReturnType<Server['address']>,
  newServer: () => Server,
): Promise<void> {
  const bound = typeof primary === 'object' && primary ? primary.address : '';
  return new Promise((resolve) => {
    lookup(host, { all: true }, (error, addresses) => {
      if (error) {
        resolve();
        return;
      }
      const others = addresses.filter((a) => a.address !== bound);
      Promise.all(others.map((a) => listen(newServer(), port, a.address).catch(() => undefined))).then(() =>
        resolve(),
      );
    });
  });
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
