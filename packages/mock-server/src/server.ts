// The mock server: one engine served on bare `node:http`, put together from the HTTP adapter's
// units: the state file (state-file.ts), the per-request log (request-log.ts), the request listener
// (request-listener.ts: routing, bodies, pipelining, proxy dispatch, the console) and the listening
// servers (http-server.ts). Every error answer is the Elasticsearch envelope, written by `render`
// like the engine's own. See docs/architecture.md ("The HTTP adapter").
import type { Server } from 'node:http';
import type { Clock } from './clock.js';
import { type EngineOptions, initialSeedOf, MockEngine, withOverrides } from './engine.js';
import { type HttpNodeSpec, type MockHttpNode, nodeSpecs, startHttpNodes } from './http-nodes.js';
import { closeHttpServer, createHttpServer, listen, listenOnOtherAddresses, portOf } from './http-server.js';
import type { JournalEntry, JournalFilter } from './journal.js';
import { isEveryInterface, isLoopback } from './listen-notice.js';
import type { LoadView } from './load.js';
import type { LoadBody } from './load-body.js';
import { createProxy, type ProxyOptions } from './proxy.js';
import { createRequestListener } from './request-listener.js';
import { requestLogger } from './request-log.js';
import { loadSeed, type SeedDocument } from './seed.js';
import { readStateFile, writeStateFile } from './state-file.js';

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

/** Starts a mock server on 127.0.0.1 and resolves once it listens. */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopback(host) && !isEveryInterface(host)) {
    throw new Error(
      `mldeploy-mock listens on loopback or on every interface (0.0.0.0, ::) only; [${host}] is neither`,
    );
  }
  const specs = nodeSpecs(options.httpNodes ?? 1);
  const engine = await engineWithStateFile(options);
  const log = requestLogger(options);
  const proxy = options.proxy ? createProxy(options.proxy, log ?? options.log) : undefined;
  const listener = createRequestListener(engine, {
    maxBodyBytes: options.maxBodyBytes,
    log,
    proxy,
    consoleDir: options.consoleDir,
  });
  const main = createHttpServer(listener);
  await listen(main, options.port ?? 0, host);
  const port = portOf(main);
  const servers: Server[] = [main];
  if (host === 'localhost') {
    // Every address `localhost` names, so clients that try ::1 first find the mock too.
    servers.push(...(await listenOnOtherAddresses(host, main, () => createHttpServer(listener))));
  }
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const nodes = await startHttpNodes({
    specs,
    main,
    host,
    urlHost,
    newServer: () => {
      const server = createHttpServer(listener);
      servers.push(server);
      return server;
    },
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
        await Promise.all(servers.map(closeHttpServer));
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

/**
 * The engine the options ask for. With a state file, every change is written to it, and a file
 * saved earlier is loaded over the seed (the start options' overrides applied to it).
 */
export async function engineWithStateFile(options: MockServerOptions): Promise<MockEngine> {
  const stateFile = options.stateFile;
  const engineOptions: EngineOptions = { ...options };
  if (stateFile) {
    engineOptions.onPersist = (state) => writeStateFile(stateFile, state());
  }
  const engine = new MockEngine(engineOptions, initialSeedOf(options));
  if (stateFile) {
    const saved = await readStateFile(stateFile);
    if (saved !== undefined) {
      engine.load(withOverrides(loadSeed(JSON.parse(saved), stateFile), options));
    }
  }
  return engine;
}
