// `@mldeploy/mock-server/msw`: the same simulated cluster and pipeline as the HTTP mock, in
// process, as Mock Service Worker handlers. Loads neither the HTTP server nor a socket; msw is an
// optional peer dependency that only this entry imports.
// See docs/contract-testing.md ("In process, with msw").
import { HttpResponse, http } from 'msw';
import type { Clock } from './clock.js';
import { type EngineOptions, MockEngine } from './engine.js';
import type { MockRequest, WireAnswer } from './http.js';
import type { JournalEntry, JournalFilter } from './journal.js';
import type { LoadView } from './load.js';
import type { LoadBody } from './load-body.js';
import type { SeedDocument } from './seed.js';

/** Options of {@link createMswHandlers}. */
export interface MswHandlersOptions extends Omit<EngineOptions, 'onPersist'> {
  /** The Elasticsearch URL the handlers answer for; default `http://127.0.0.1:9200`. */
  baseUrl?: string;
}

/** The handlers and the simulated cluster behind them. */
export interface MswMock {
  /** For `setupServer(...handlers)` (Node) or `setupWorker(...handlers)` (browser). */
  handlers: ReturnType<typeof http.all>[];
  /** The URL the handlers answer for, without a trailing slash. */
  baseUrl: string;
  /** Loads a seed (object or path); without one, the seed the handlers started with. */
  reset(seed?: object | string): void;
  /** The state as a seed document. */
  state(): SeedDocument;
  /** The requests answered, oldest first (Elasticsearch ones unless `kind` says otherwise). */
  requests(filter?: JournalFilter): JournalEntry[];
  clearRequests(): void;
  /** Moves simulated time forward by `ms`. */
  advance(ms: number): void;
  /** Sets a deployment's simulated inference load from now (see `MockServer.setLoad`). */
  setLoad(load: LoadBody): LoadView;
  readonly clock: Clock;
}

const DEFAULT_BASE_URL = 'http://127.0.0.1:9200';

async function toMockRequest(request: Request, base: string): Promise<MockRequest> {
  const url = request.url.slice(base.length) || '/';
  const q = url.indexOf('?');
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const body = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
  return {
    method: request.method,
    url,
    path: q < 0 ? url : url.slice(0, q),
    query: q < 0 ? '' : url.slice(q + 1),
    headers,
    body: body === '' ? undefined : body,
  };
}

function toResponse(answer: WireAnswer): Response {
  if (answer.drop) {
    return HttpResponse.error();
  }
  const headers = new Headers();
  for (const [name, value] of Object.entries(answer.headers)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      headers.append(name, v);
    }
  }
  return new HttpResponse(answer.body ?? null, { status: answer.status, headers });
}

/**
 * msw handlers answering every request under `baseUrl` as the HTTP mock would: Elasticsearch's
 * routes through the same pipeline, and the `/_mock/` control plane.
 */
export function createMswHandlers(options: MswHandlersOptions = {}): MswMock {
  const base = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  const engine = new MockEngine(options);
  const resolver = async ({ request }: { request: Request }) => {
    const answer = await engine.handle(await toMockRequest(request, base));
    return toResponse(answer);
  };
  return {
    handlers: [http.all(`${base}/`, resolver), http.all(`${base}/*`, resolver)],
    baseUrl: base,
    reset: (seed) => engine.reset(seed),
    state: () => engine.state(),
    requests: (filter) => engine.requests(filter),
    clearRequests: () => engine.clearRequests(),
    advance: (ms) => engine.advance(ms),
    setLoad: (load) => engine.setLoad(load),
    clock: engine.clock,
  };
}
