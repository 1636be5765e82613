// The HTTP adapter's request listener: one engine served on `node:http`. It routes a request
// (router.ts) before its body is read, reads the body when its method has one (body-reader.ts),
// keeps pipelined requests in order (connection-queue.ts) and hands the request to the engine, the
// upstream (proxy mode) or the console's files. The listener keeps no state of its own but per
// connection, so one engine can be served by several `http.Server`s at once.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errors } from '@mldeploy/core/rules';
import { readBody } from './body-reader.js';
import { type ConnectionQueue, queueOf } from './connection-queue.js';
import { decodeContentEncoding } from './content-encoding.js';
import type { MockEngine } from './engine.js';
import type { WireAnswer } from './http.js';
import type { ContractProxy } from './proxy.js';
import { logOnFinish } from './request-log.js';
import { routeCache } from './route-cache.js';
import type { Target } from './router.js';
import { staticFiles } from './static.js';
import { toMockRequest, writeAnswer, writeError, writeFailure } from './write-answer.js';
import { writeConsole } from './write-console.js';
import { writeProxied } from './write-proxied.js';

/** Options of {@link createRequestListener}. */
export interface RequestListenerOptions {
  /** The largest request body; larger ones get 413. Default 100mb, as `http.max_content_length`. */
  maxBodyBytes?: number | undefined;
  /** Where the per-request log lines go; none when undefined. */
  log?: ((line: string) => void) | undefined;
  /** Proxy mode: Elasticsearch requests go to this upstream (its owner closes it). */
  proxy?: ContractProxy | undefined;
  /** A built console to serve at `/_console/`. */
  consoleDir?: string | undefined;
}

/** A `node:http` request listener. */
export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/** `http.max_content_length`'s default. */
export const DEFAULT_MAX_BODY_BYTES = 100 * 1024 * 1024;

/** Methods whose body is never read. */
const BODYLESS_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'TRACE']);
/** Methods whose body is read; other methods' bodies are not (QUERY must say its media type). */
const BODY_METHODS: ReadonlySet<string> = new Set(['DELETE', 'OPTIONS', 'PATCH', 'PUT', 'POST', 'QUERY']);

/** `type/subtype` tokens of a Content-Type (RFC 9110 §8.3.1); a body of any other is refused. */
const MEDIA_TYPE_TOKEN = /^[\w!#$%&'*+.^`|~-]+$/;
const MEDIA_SUBTYPE_TOKEN = /^[\w!#$%&'*+.^`|~-]+\s*$/;

/** The last Content-Type found to be a media type: clients send the same one with every request. */
let lastMediaType: string | undefined;

/** Whether a Content-Type header is a media type at all (its parameters are not judged here). */
function isMediaType(header: string): boolean {
  if (header === lastMediaType) {
    return true;
  }
  if (!isMediaTypeText(header)) {
    return false;
  }
  lastMediaType = header;
  return true;
}

function isMediaTypeText(header: string): boolean {
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

/**
 * A request listener serving `engine`; attach it to as many `http.Server`s as wanted (each made
 * by `createHttpServer`, which adds the unparseable-HTTP answer and the keep-alive settings).
 */
export function createRequestListener(
  engine: MockEngine,
  options: RequestListenerOptions = {},
): RequestListener {
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const { log, proxy } = options;
  const serveFile = options.consoleDir ? staticFiles(options.consoleDir) : undefined;
  const route = routeCache(serveFile !== undefined);

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
          writeProxied(proxy, engine, res, request, body).catch((e) => writeFailure(req, res, e));
          return;
        }
        answer = engine.handle(request, target.match);
        break;
      case 'mock':
        answer = engine.handle(request);
        break;
      case 'none':
        if (proxy && !request.url.startsWith('/_mock/')) {
          writeProxied(proxy, engine, res, request, body).catch((e) => writeFailure(req, res, e));
          return;
        }
        answer = engine.handle(request, null);
        break;
      case 'console':
        writeConsole(req, res, target.file, serveFile).catch((e) => writeFailure(req, res, e));
        return;
      default:
        writeError(req, res, errors.badUri(target.reason));
        return;
    }
    if (answer instanceof Promise) {
      answer.then(
        (a) => writeAnswer(req, res, a),
        (e) => writeFailure(req, res, e),
      );
    } else {
      writeAnswer(req, res, answer);
    }
  };

  /** 413 with the envelope; the rest of the body is not read, so the connection closes after it. */
  const tooLarge = (req: IncomingMessage, res: ServerResponse, queue: ConnectionQueue, announced: number) => {
    queue.refuse();
    res.setHeader('connection', 'close');
    writeError(req, res, errors.contentTooLarge(Number.isNaN(announced) ? maxBody + 1 : announced, maxBody));
  };

  /** Reads the body, then dispatches; later requests pipelined on the connection wait until then. */
  const withBody = (
    req: IncomingMessage,
    res: ServerResponse,
    target: Target,
    queue: ConnectionQueue,
  ): void => {
    queue.startReading();
    readBody(req, maxBody, {
      body: (raw) => {
        // Bodies sent compressed are inflated first, as Elasticsearch's HTTP layer does.
        const decoded = proxy ? { ok: true as const, bytes: raw } : decodeContentEncoding(req, raw);
        if (!decoded.ok) {
          writeError(req, res, errors.badUri(decoded.reason));
          queue.doneReading(handle);
          return;
        }
        const bytes = decoded.bytes;
        try {
          dispatch(req, res, target, proxy ? bytes : bytes.toString('utf8'));
        } catch (e) {
          writeFailure(req, res, e);
        }
        queue.doneReading(handle);
      },
      tooLarge: (announced) => tooLarge(req, res, queue, announced),
      failed: (error) => {
        queue.refuse();
        res.setHeader('connection', 'close');
        writeError(req, res, errors.badUri(error.message));
      },
    });
  };

  /** Answers one request: routes it, reads its body if its method has one, dispatches it. */
  const handle = (req: IncomingMessage, res: ServerResponse, queue: ConnectionQueue): void => {
    try {
      const method = req.method as string;
      const target = route(method, req.url as string);
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
          writeError(req, res, errors.badUri("Method 'QUERY' must provide a 'Content-Type' header."));
          return;
        }
        const length = req.headers['content-length'];
        if (req.headers['transfer-encoding'] === undefined && (length === undefined || length === '0')) {
          dispatch(req, res, target, undefined);
          return;
        }
      } else if (!isMediaType(contentType)) {
        writeError(req, res, errors.badUri('Unsupported Media Type'));
        return;
      }
      withBody(req, res, target, queue);
    } catch (e) {
      writeFailure(req, res, e);
    }
  };

  return (req, res) => queueOf(req.socket).admit(req, res, handle);
}
