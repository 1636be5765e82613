import { readFile, stat } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import {
  checkListRequest,
  checkStartRequest,
  checkStopRequest,
  checkUpdateRequest,
  type EsError,
  errors,
  GetClusterInfo,
  GetTrainedModels,
  GetTrainedModelsStats,
  matchesIdExpression,
  parseTimeValue,
  StartDeployment,
  StopDeployment,
  UpdateDeployment,
} from '@mldeploy/core';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { Cluster, type Deployment } from './cluster.js';
import { filterPath } from './filter-path.js';
import { isEveryInterface, isLoopback } from './listen-notice.js';
import { writeStateFile } from './persist.js';
import { authenticate, authorize, type Principal } from './security.js';
import { defaultSeed, loadSeed, type SeedDocument, SeedError } from './seed.js';
import { assignmentJson, clusterInfoJson, modelConfigJson, modelStatsEntries } from './views.js';

/** Options of {@link startMockServer}. */
export interface MockServerOptions {
  /** Port on `host`; 0 (the default) picks a free one. */
  port?: number;
  /** A loopback address, or `0.0.0.0` / `::` for every interface (containers, CI services); default 127.0.0.1. */
  host?: string;
  /** A seed document, or the path of a JSON file holding one; default {@link defaultSeed}. */
  seed?: object | string;
  /** Overrides the seed's `cluster.converge_ms`. */
  convergeMs?: number;
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
}

interface Fault {
  status?: number;
  latency_ms?: number;
  drop_connection?: boolean;
  remaining: number;
  path?: string;
}

interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string | string[]>;
}

interface RouteContext {
  modelId: string | undefined;
  query: string;
  params: URLSearchParams;
  body: string | undefined;
  principal: Principal | undefined;
}

type Handler = (ctx: RouteContext) => Answer | Promise<Answer>;

interface Descriptor {
  action: string;
  privileges: readonly string[];
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

/** The parameters of a request without a query string (never written to). */
const NO_PARAMS = new URLSearchParams();

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const;
const DEFAULT_MAX_BODY = 100 * 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

/** Starts a mock server on 127.0.0.1 and resolves once it listens. */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopback(host) && !isEveryInterface(host)) {
    throw new Error(
      `mldeploy-mock listens on loopback or on every interface (0.0.0.0, ::) only; [${host}] is neither`,
    );
  }
  const initialSeed = resolveSeed(options);
  const cluster = new Cluster(initialSeed);
  if (options.stateFile) {
    // Atomic writes rename over the target: never do that to a device, a pipe or a directory.
    const existing = await stat(options.stateFile).catch(() => undefined);
    if (existing && !existing.isFile()) {
      throw new Error(`--state-file [${options.stateFile}] exists and is not a regular file`);
    }
    const saved = await readIfExists(options.stateFile);
    if (saved !== undefined) {
      cluster.load(applyOverrides(loadSeed(JSON.parse(saved), options.stateFile), options));
    }
  }
  const faults: Fault[] = [];
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const log =
    options.quiet === false || (options.quiet === undefined && options.log)
      ? (options.log ?? ((line: string) => process.stdout.write(`${line}\n`)))
      : undefined;
  const persist = () => {
    if (options.stateFile) {
      writeStateFile(options.stateFile, cluster.toSeed());
    }
  };
  const sockets = new Set<Socket>();
  cluster.changed = () => persist();

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
      send(request, reply, errorAnswer(errors.badUri(error.message)));
    },
  });

  app.server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
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
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || error.statusCode === 413) {
      const length = Number(request.headers['content-length'] ?? maxBody + 1);
      send(request, reply, errorAnswer(errors.contentTooLarge(length, maxBody)));
      return;
    }
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      send(request, reply, errorAnswer(errors.badUri(error.message)));
      return;
    }
    send(request, reply, errorAnswer(errors.internalError(error.message)));
  });

  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/_mock/')) {
      send(request, reply, mockError(404, `no control endpoint [${request.method} ${request.url}]`));
      return;
    }
    const path = request.url.split('?')[0] ?? '/';
    send(request, reply, errorAnswer(errors.noHandler(path, request.method)));
  });

  /** Registers an Elasticsearch route: 405 for other methods, then faults, security, the handler. */
  const esRoute = (url: string, handlers: Partial<Record<'GET' | 'POST' | 'HEAD', Handler>>) => {
    const allowed = Object.keys(handlers);
    app.route({
      method: [...METHODS],
      url,
      handler: async (request, reply) => {
        const fault = takeFault(faults, request.url);
        if (fault) {
          if (fault.latency_ms) {
            await sleep(fault.latency_ms);
          }
          if (fault.drop_connection) {
            reply.hijack();
            request.raw.socket.destroy();
            return;
          }
          if (fault.status !== undefined) {
            sendFault(request, reply, fault.status);
            return;
          }
        }
        const entry = handlers[request.method as 'GET' | 'POST' | 'HEAD'];
        if (!entry) {
          send(request, reply, errorAnswer(errors.methodNotAllowed(request.url, request.method, allowed)));
          return;
        }
        const body = typeof request.body === 'string' && request.body.length > 0 ? request.body : undefined;
        if (body !== undefined) {
          const contentType = checkContentType(request, cluster.settings.version);
          if (contentType) {
            send(request, reply, errorAnswer(contentType));
            return;
          }
        }
        let principal: Principal | undefined;
        if (cluster.security.enabled) {
          const auth = authenticate(cluster.security, request.headers.authorization, request.url);
          if (!auth.ok) {
            send(request, reply, errorAnswer(auth.error));
            return;
          }
          principal = auth.principal;
        }
        const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
        const modelId = (request.params as { model_id?: string }).model_id;
        const ctx: RouteContext = {
          modelId,
          query,
          params: query === '' ? NO_PARAMS : new URLSearchParams(query),
          body,
          principal,
        };
        const answer = entry(ctx);
        send(request, reply, answer instanceof Promise ? await answer : answer);
      },
    });
  };

  /** The 403 to answer, checked after the request was parsed and validated (400 before 403). */
  const denied = (ctx: RouteContext, descriptor: Descriptor): Answer | undefined => {
    if (!ctx.principal) {
      return undefined;
    }
    const error = authorize(ctx.principal, descriptor);
    return error ? errorAnswer(error) : undefined;
  };

  esRoute('/', {
    GET: (ctx) => denied(ctx, GetClusterInfo) ?? { status: 200, body: clusterInfoJson(cluster) },
    HEAD: (ctx) => denied(ctx, GetClusterInfo) ?? { status: 200 },
  });

  esRoute('/_ml/trained_models/:model_id/deployment/_update', {
    POST: (ctx) => {
      const check = checkUpdateRequest({ modelId: ctx.modelId ?? '', query: ctx.query, body: ctx.body });
      if (!check.ok) {
        return errorAnswer(check.error);
      }
      const forbidden = denied(ctx, UpdateDeployment);
      if (forbidden) {
        return forbidden;
      }
      const revision = cluster.revision;
      const outcome = cluster.update(check.value);
      if (!outcome.ok) {
        return errorAnswer(outcome.error);
      }
      if (cluster.revision !== revision) {
        persist();
      }
      const answer: Answer = { status: 200, body: { assignment: assignmentJson(cluster, outcome.value) } };
      if (check.value.warnings.length > 0) {
        answer.headers = { warning: check.value.warnings.map((w) => warningHeader(cluster, w)) };
      }
      return answer;
    },
  });

  esRoute('/_ml/trained_models/:model_id/deployment/_start', {
    POST: async (ctx) => {
      const check = checkStartRequest({ modelId: ctx.modelId ?? '', query: ctx.query, body: ctx.body });
      if (!check.ok) {
        return errorAnswer(check.error);
      }
      const forbidden = denied(ctx, StartDeployment);
      if (forbidden) {
        return forbidden;
      }
      const request = check.value;
      const outcome = cluster.start(request);
      if (!outcome.ok) {
        return errorAnswer(outcome.error);
      }
      persist();
      const reached = await waitFor(cluster, outcome.value, request.wait_for, request.timeout);
      if (!reached.ok) {
        return errorAnswer(reached.error);
      }
      const answer: Answer = { status: 200, body: { assignment: assignmentJson(cluster, reached.value) } };
      if (request.warnings.length > 0) {
        answer.headers = { warning: request.warnings.map((w) => warningHeader(cluster, w)) };
      }
      return answer;
    },
  });

  esRoute('/_ml/trained_models/:model_id/deployment/_stop', {
    POST: (ctx) => {
      const check = checkStopRequest({ modelId: ctx.modelId ?? '', query: ctx.query, body: ctx.body });
      if (!check.ok) {
        return errorAnswer(check.error);
      }
      const forbidden = denied(ctx, StopDeployment);
      if (forbidden) {
        return forbidden;
      }
      const outcome = cluster.stop(check.value.deployment_id, check.value);
      if (!outcome.ok) {
        return errorAnswer(outcome.error);
      }
      if (outcome.value) {
        persist();
      }
      return { status: 200, body: { stopped: true } };
    },
  });

  const statsHandler: Handler = (ctx) => {
    const check = checkListRequest({ kind: 'stats', modelId: ctx.modelId, query: ctx.query });
    if (!check.ok) {
      return errorAnswer(check.error);
    }
    const forbidden = denied(ctx, GetTrainedModelsStats);
    if (forbidden) {
      return forbidden;
    }
    cluster.tick();
    const found = selectModels(cluster, check.value.ids, check.value.allow_no_match, true);
    if (!found.ok) {
      return errorAnswer(found.error);
    }
    const page = found.value.slice(check.value.from, check.value.from + check.value.size);
    const human = ctx.params.has('human') && ctx.params.get('human') !== 'false';
    return {
      status: 200,
      body: {
        count: found.value.length,
        trained_model_stats: page.flatMap(({ model, deployments }) =>
          modelStatsEntries(cluster, model, deployments, human),
        ),
      },
    };
  };
  esRoute('/_ml/trained_models/_stats', { GET: statsHandler });
  esRoute('/_ml/trained_models/:model_id/_stats', { GET: statsHandler });

  const modelsHandler: Handler = (ctx) => {
    const check = checkListRequest({ kind: 'models', modelId: ctx.modelId, query: ctx.query });
    if (!check.ok) {
      return errorAnswer(check.error);
    }
    const forbidden = denied(ctx, GetTrainedModels);
    if (forbidden) {
      return forbidden;
    }
    const found = selectModels(cluster, check.value.ids, check.value.allow_no_match, false);
    if (!found.ok) {
      return errorAnswer(found.error);
    }
    const page = found.value.slice(check.value.from, check.value.from + check.value.size);
    return {
      status: 200,
      body: {
        count: found.value.length,
        trained_model_configs: page.map(({ model }) => modelConfigJson(model)),
      },
    };
  };
  esRoute('/_ml/trained_models', { GET: modelsHandler });
  esRoute('/_ml/trained_models/:model_id', { GET: modelsHandler });

  // Control endpoints: never behind security, never faulted.
  const current = { seed: initialSeed };
  const reset = (seed?: object | string) => {
    // An explicit seed is taken as it is: the start options only shaped the initial one.
    const next = seed === undefined ? current.seed : loadSeed(seed);
    cluster.load(next);
    faults.length = 0;
    persist();
  };
  app.post('/_mock/reset', async (request, reply) => {
    const text = typeof request.body === 'string' ? request.body.trim() : '';
    try {
      reset(text === '' ? undefined : JSON.parse(text));
    } catch (e) {
      send(request, reply, mockError(400, describeControlError(e)));
      return;
    }
    send(request, reply, { status: 200, body: { acknowledged: true } });
  });
  app.get('/_mock/state', async (request, reply) => {
    send(request, reply, { status: 200, body: cluster.toSeed() });
  });
  app.get('/_mock/faults', async (request, reply) => {
    send(request, reply, { status: 200, body: { faults } });
  });
  app.delete('/_mock/faults', async (request, reply) => {
    faults.length = 0;
    send(request, reply, { status: 200, body: { acknowledged: true } });
  });
  app.post('/_mock/faults', async (request, reply) => {
    const parsed = parseFault(typeof request.body === 'string' ? request.body : '');
    if (typeof parsed === 'string') {
      send(request, reply, mockError(400, parsed));
      return;
    }
    faults.push(parsed);
    send(request, reply, { status: 200, body: { acknowledged: true, faults } });
  });
  app.put('/_mock/settings', async (request, reply) => {
    const parsed = parseSettings(typeof request.body === 'string' ? request.body : '');
    if (typeof parsed === 'string') {
      send(request, reply, mockError(400, parsed));
      return;
    }
    cluster.tick();
    Object.assign(cluster.settings, parsed);
    persist();
    send(request, reply, { status: 200, body: { acknowledged: true, cluster: cluster.settings } });
  });

  if (options.consoleDir) {
    const root = resolve(options.consoleDir);
    const serve = async (wanted: string, reply: FastifyReply) => {
      const file = resolve(join(root, wanted || 'index.html'));
      if (file !== root && !file.startsWith(root + sep)) {
        return reply.code(404).type('text/plain').send('not found');
      }
      const info = await stat(file).catch(() => undefined);
      const target = info?.isFile() ? file : join(root, 'index.html');
      const content = await readFile(target).catch(() => undefined);
      if (!content) {
        return reply.code(404).type('text/plain').send('console not built');
      }
      return reply
        .header(
          'cache-control',
          target.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
        )
        .type(CONTENT_TYPES[extname(target)] ?? 'application/octet-stream')
        .send(content);
    };
    // With ignoreTrailingSlash, `/_console/` also lands here: only the bare path redirects.
    app.get('/_console', async (request, reply) => {
      if ((request.url.split('?')[0] ?? '') === '/_console') {
        return reply.redirect('/_console/', 301);
      }
      return serve('', reply);
    });
    app.get('/_console/*', async (request, reply) => {
      let wanted: string;
      try {
        wanted = decodeURIComponent((request.params as { '*': string })['*']);
      } catch {
        return reply.code(400).type('text/plain').send('bad path');
      }
      return serve(wanted, reply);
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
      closing ??= app.close().then(() => {
        for (const socket of sockets) {
          socket.destroy();
        }
      });
      return closing;
    },
    reset: async (seed) => reset(seed),
    state: () => cluster.toSeed(),
  };
}

function resolveSeed(options: MockServerOptions): SeedDocument {
  const seed = options.seed === undefined ? defaultSeed() : loadSeed(options.seed);
  return applyOverrides(seed, options);
}

function applyOverrides(seed: SeedDocument, options: MockServerOptions): SeedDocument {
  if (options.convergeMs !== undefined) {
    seed.cluster.converge_ms = options.convergeMs;
  }
  return seed;
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

function errorAnswer(error: EsError): Answer {
  const answer: Answer = { status: error.status, body: error.body };
  if (error.headers) {
    answer.headers = error.headers;
  }
  return answer;
}

/** Control-plane errors: the envelope's shape, with the mock's own type. */
function mockError(status: number, reason: string): Answer {
  const cause = { type: 'mock_control_exception', reason };
  return { status, body: { error: { root_cause: [cause], ...cause }, status } };
}

function describeControlError(e: unknown): string {
  if (e instanceof SeedError) {
    return e.message;
  }
  return `invalid seed: ${(e as Error).message}`;
}

/** The media type Elasticsearch answers with: compatible requests get the compatible type. */
function responseMediaType(request: FastifyRequest): string {
  const header = `${request.headers.accept ?? ''} ${request.headers['content-type'] ?? ''}`;
  const m = /compatible-with=(\d+)/.exec(header);
  return m ? `application/vnd.elasticsearch+json;compatible-with=${m[1]}` : 'application/json';
}

function send(request: FastifyRequest, reply: FastifyReply, answer: Answer): void {
  reply.code(answer.status);
  reply.header('x-elastic-product', 'Elasticsearch');
  for (const [name, value] of Object.entries(answer.headers ?? {})) {
    reply.header(name, value);
  }
  if (answer.body === undefined || request.method === 'HEAD') {
    reply.header('content-type', responseMediaType(request));
    reply.send();
    return;
  }
  const q = request.url.indexOf('?');
  const params = q < 0 ? undefined : new URLSearchParams(request.url.slice(q));
  const filters = params?.get('filter_path');
  const body = filters ? filterPath(answer.body, filters) : answer.body;
  const pretty = params?.has('pretty') && params.get('pretty') !== 'false';
  reply.header('content-type', `${responseMediaType(request)}; charset=UTF-8`);
  reply.send(pretty ? `${JSON.stringify(body, null, 2)}\n` : JSON.stringify(body));
}

function sendFault(request: FastifyRequest, reply: FastifyReply, status: number): void {
  if (status === 429) {
    send(request, reply, errorAnswer(errors.tooManyRequests()));
  } else if (status === 503) {
    send(request, reply, errorAnswer(errors.serviceUnavailable()));
  } else if (status === 500) {
    send(request, reply, errorAnswer(errors.internalError('injected fault')));
  } else {
    // 502 and 504 come from proxies in front of Elasticsearch, not from it: plain text.
    reply
      .code(status)
      .type('text/plain; charset=utf-8')
      .send(status === 502 ? 'Bad Gateway' : status === 504 ? 'Gateway Timeout' : 'Fault');
  }
}

/**
 * RestController's media type check for requests with a body: JSON, or the compatible-with form
 * for this major or the one before it.
 */
function checkContentType(request: FastifyRequest, version: string): EsError | undefined {
  const header = request.headers['content-type'];
  if (header === 'application/json') {
    return undefined;
  }
  if (header === undefined || header.trim() === '') {
    return errors.contentTypeMissing();
  }
  const [type = '', ...rest] = header.split(';').map((s) => s.trim().toLowerCase());
  if (type === 'application/json') {
    return undefined;
  }
  if (type === 'application/vnd.elasticsearch+json') {
    const compat = rest.find((p) => p.startsWith('compatible-with='));
    const wanted = Number(compat?.slice('compatible-with='.length));
    const major = Number(version.split('.')[0]);
    if (compat === undefined) {
      return undefined;
    }
    if (!(wanted === major || wanted === major - 1)) {
      return errors.mediaTypeInvalid(
        `Content-Type version must be either version ${major} or ${major - 1}, but found ${Number.isNaN(wanted) ? compat : wanted}. Content-Type=${header}`,
      );
    }
    return undefined;
  }
  return errors.contentTypeNotSupported(header);
}

function warningHeader(cluster: Cluster, text: string): string {
  return `299 Elasticsearch-${cluster.settings.version}-mldeploy "${text.replace(/"/g, '\\"')}"`;
}

function takeFault(faults: Fault[], url: string): Fault | undefined {
  const path = url.split('?')[0] ?? '';
  const index = faults.findIndex((f) => f.path === undefined || path.includes(f.path));
  if (index < 0) {
    return undefined;
  }
  const fault = faults[index] as Fault;
  fault.remaining -= 1;
  if (fault.remaining <= 0) {
    faults.splice(index, 1);
  }
  return fault;
}

function parseFault(text: string): Fault | string {
  let value: unknown;
  try {
    value = JSON.parse(text || '{}');
  } catch (e) {
    return `fault is not JSON: ${(e as Error).message}`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'fault must be an object';
  }
  const v = value as Record<string, unknown>;
  const known = ['status', 'latency_ms', 'drop_connection', 'count', 'path'];
  const unknown = Object.keys(v).filter((k) => !known.includes(k));
  if (unknown.length > 0) {
    return `unknown fault field [${unknown.join(', ')}]; known: [${known.join(', ')}]`;
  }
  if (v.status !== undefined && ![429, 500, 502, 503, 504].includes(v.status as number)) {
    return 'fault status must be one of [429, 500, 502, 503, 504]';
  }
  if (
    v.latency_ms !== undefined &&
    !(Number.isInteger(v.latency_ms) && (v.latency_ms as number) >= 0 && (v.latency_ms as number) <= 60_000)
  ) {
    return 'latency_ms must be an integer from 0 to 60000';
  }
  if (v.drop_connection !== undefined && typeof v.drop_connection !== 'boolean') {
    return 'drop_connection must be a boolean';
  }
  if (v.count !== undefined && !(Number.isInteger(v.count) && (v.count as number) >= 1)) {
    return 'count must be a positive integer';
  }
  if (v.path !== undefined && typeof v.path !== 'string') {
    return 'path must be a string';
  }
  if (v.status === undefined && v.latency_ms === undefined && v.drop_connection !== true) {
    return 'a fault needs status, latency_ms or drop_connection';
  }
  const fault: Fault = { remaining: (v.count as number | undefined) ?? 1 };
  if (v.status !== undefined) {
    fault.status = v.status as number;
  }
  if (v.latency_ms !== undefined) {
    fault.latency_ms = v.latency_ms as number;
  }
  if (v.drop_connection) {
    fault.drop_connection = true;
  }
  if (v.path !== undefined) {
    fault.path = v.path as string;
  }
  return fault;
}

function parseSettings(text: string): Partial<SeedDocument['cluster']> | string {
  let value: unknown;
  try {
    value = JSON.parse(text || '{}');
  } catch (e) {
    return `settings are not JSON: ${(e as Error).message}`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'settings must be an object';
  }
  const v = value as Record<string, unknown>;
  const out: Partial<SeedDocument['cluster']> = {};
  const known = ['converge_ms', 'scaling_possible', 'scaler_interval_ms'];
  const unknown = Object.keys(v).filter((k) => !known.includes(k));
  if (unknown.length > 0) {
    return `unknown setting [${unknown.join(', ')}]; known: [${known.join(', ')}]`;
  }
  if (v.scaler_interval_ms !== undefined) {
    if (!(Number.isInteger(v.scaler_interval_ms) && (v.scaler_interval_ms as number) >= 0)) {
      return 'scaler_interval_ms must be a non-negative integer';
    }
    out.scaler_interval_ms = v.scaler_interval_ms as number;
  }
  if (v.converge_ms !== undefined) {
    if (!(Number.isInteger(v.converge_ms) && (v.converge_ms as number) >= 0)) {
      return 'converge_ms must be a non-negative integer';
    }
    out.converge_ms = v.converge_ms as number;
  }
  if (v.scaling_possible !== undefined) {
    if (typeof v.scaling_possible !== 'boolean') {
      return 'scaling_possible must be a boolean';
    }
    out.scaling_possible = v.scaling_possible;
  }
  return out;
}

/** Models matching the id expressions, with their deployments (ids may name either). */
function selectModels(
  cluster: Cluster,
  ids: string[],
  allowNoMatch: boolean,
  byDeployment: boolean,
):
  | {
      ok: true;
      value: Array<{ model: NonNullable<ReturnType<Cluster['models']['get']>>; deployments: Deployment[] }>;
    }
  | { ok: false; error: EsError } {
  const deploymentsOf = (modelId: string) =>
    [...cluster.deployments.values()]
      .filter((d) => d.model_id === modelId)
      .sort((a, b) => a.deployment_id.localeCompare(b.deployment_id));
  const models = [...cluster.models.values()].sort((a, b) => a.model_id.localeCompare(b.model_id));
  if (ids.length === 0) {
    return {
      ok: true,
      value: models.map((model) => ({ model, deployments: deploymentsOf(model.model_id) })),
    };
  }
  const picked = new Map<string, Set<string> | 'all'>();
  for (const expression of ids) {
    let matched = false;
    for (const model of models) {
      if (matchesIdExpression(expression, model.model_id)) {
        picked.set(model.model_id, 'all');
        matched = true;
      }
    }
    if (byDeployment) {
      for (const d of cluster.deployments.values()) {
        if (matchesIdExpression(expression, d.deployment_id)) {
          const current = picked.get(d.model_id);
          if (current !== 'all') {
            picked.set(d.model_id, new Set([...(current ?? []), d.deployment_id]));
          }
          matched = true;
        }
      }
    }
    if (!matched && (!expression.includes('*') || !allowNoMatch)) {
      return { ok: false, error: errors.modelNotFound(expression) };
    }
  }
  return {
    ok: true,
    value: models
      .filter((m) => picked.has(m.model_id))
      .map((model) => {
        const which = picked.get(model.model_id);
        const all = deploymentsOf(model.model_id);
        return { model, deployments: which === 'all' ? all : all.filter((d) => which?.has(d.deployment_id)) };
      }),
  };
}

/** `wait_for` of `_start`: answer once the deployment reached the state, or time out. */
async function waitFor(
  cluster: Cluster,
  d: Deployment,
  state: 'starting' | 'started' | 'fully_allocated',
  timeout: string,
): Promise<{ ok: true; value: Deployment } | { ok: false; error: EsError }> {
  const parsed = parseTimeValue(timeout, 'timeout');
  const limit = parsed.ok ? parsed.millis : 30_000;
  const deadline = Date.now() + limit;
  const reached = () =>
    state === 'starting' ||
    (state === 'started' && d.state === 'started') ||
    (state === 'fully_allocated' && cluster.allocationCount(d) >= d.number_of_allocations);
  for (;;) {
    cluster.tick();
    if (cluster.deployments.get(d.deployment_id) !== d) {
      return { ok: false, error: errors.deploymentNotFound(d.deployment_id) };
    }
    if (reached()) {
      return { ok: true, value: d };
    }
    if (Date.now() >= deadline) {
      return { ok: false, error: errors.startTimeout(d.deployment_id, timeout) };
    }
    await sleep(Math.min(25, Math.max(1, deadline - Date.now())));
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
