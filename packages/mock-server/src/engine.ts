// The simulated Elasticsearch without a transport: one cluster, its faults, its clock and its
// journal, answering `handle(request)`. The `node:http` server (server.ts) and the msw handlers
// (msw.ts) are thin adapters over it. See docs/architecture.md.
import { type Clock, manualClock, systemClock } from './clock.js';
import { Cluster } from './cluster.js';
import type { ContractViolation } from './contract.js';
import { checkLoad, handleControl, type LoadOutcome } from './control.js';
import { FaultQueue } from './faults.js';
import { type MockRequest, render, type WireAnswer } from './http.js';
import { DEFAULT_JOURNAL_SIZE, Journal, type JournalEntry, type JournalFilter } from './journal.js';
import type { LoadsView, LoadView } from './load.js';
import type { LoadBody } from './load-body.js';
import { createPipeline, type RouteMatch } from './pipeline.js';
import { defaultSeed, loadSeed, type SeedDocument } from './seed.js';
import type { HttpNodeView } from './views.js';

/** Options of the engine, shared by the HTTP server and the msw handlers. */
export interface EngineOptions {
  /** A seed document, or the path of a JSON file holding one; default: the built-in seed. */
  seed?: object | string;
  /** Overrides the seed's `cluster.converge_ms`. */
  convergeMs?: number;
  /** Overrides the seed's `cluster.version`: the Elasticsearch version to behave as (docs/versions.md). */
  esVersion?: string;
  /**
   * Simulated time: `'system'` (the default: wall time, which `advance` can still push forward),
   * `'manual'` (time stands still until advanced), or a {@link Clock} of your own.
   */
  clock?: 'system' | 'manual' | Clock;
  /** Where a manual clock starts (ms since the epoch, or a Date); default: now. */
  now?: number | Date;
  /** How many requests of each kind the journal keeps; 0 turns it off. Default 1000. */
  journalSize?: number;
  /** Called after every change of state the mock must keep (the state file). */
  onPersist?: (state: () => SeedDocument) => void;
}

/** Builds the clock an engine's options ask for. */
export function clockFrom(options: Pick<EngineOptions, 'clock' | 'now'>): Clock {
  if (typeof options.clock === 'object') {
    return options.clock;
  }
  if (options.clock === 'manual') {
    const start = options.now instanceof Date ? options.now.getTime() : options.now;
    return manualClock(start);
  }
  return systemClock();
}

/** The seed the options start from. */
export function initialSeedOf(options: EngineOptions): SeedDocument {
  const seed = options.seed === undefined ? defaultSeed() : loadSeed(options.seed);
  return withOverrides(seed, options);
}

/** Applies the options that override a seed (`convergeMs`, `esVersion`). */
export function withOverrides(seed: SeedDocument, options: EngineOptions): SeedDocument {
  if (options.convergeMs !== undefined) {
    seed.cluster.converge_ms = options.convergeMs;
  }
  if (options.esVersion !== undefined) {
    seed.cluster.version = options.esVersion;
  }
  return seed;
}

/** One simulated cluster answering Elasticsearch and control requests. */
export class MockEngine {
  readonly clock: Clock;
  readonly faults = new FaultQueue();
  /** The HTTP nodes serving this cluster, as `GET /_nodes/_all/http` lists them (set by the HTTP adapter). */
  httpNodes: readonly HttpNodeView[] = [];
  readonly #cluster: Cluster;
  readonly #journal: Journal;
  readonly #pipeline: ReturnType<typeof createPipeline>;
  readonly #persist: () => void;
  #startSeed: SeedDocument;

  constructor(options: EngineOptions = {}, seed: SeedDocument = initialSeedOf(options)) {
    this.clock = clockFrom(options);
    this.#startSeed = seed;
    this.#cluster = new Cluster(seed, () => this.clock.now());
    this.#journal = new Journal(options.journalSize ?? DEFAULT_JOURNAL_SIZE);
    const onPersist = options.onPersist;
    this.#persist = onPersist ? () => onPersist(() => this.#cluster.toSeed()) : () => {};
    this.#cluster.onChange(this.#persist);
    this.#pipeline = createPipeline({
      cluster: this.#cluster,
      faults: this.faults,
      clock: this.clock,
      persist: this.#persist,
      httpNodes: () => this.httpNodes,
    });
  }

  /** Replaces the state with a saved one (a state file), keeping the seed `reset()` returns to. */
  load(seed: SeedDocument): void {
    this.#cluster.load(seed);
  }

  /**
   * Answers one request: `/_mock/...` by the control plane, anything else by the Elasticsearch
   * pipeline. `match` is the endpoint when the transport already matched it, null for none.
   */
  handle(request: MockRequest, match?: RouteMatch | null): WireAnswer | Promise<WireAnswer> {
    if (request.path.startsWith('/_mock/')) {
      const answer = render(request, handleControl(this, request));
      if (!(request.method === 'GET' && request.path.startsWith('/_mock/requests'))) {
        this.#record('control', request, answer);
      }
      return answer;
    }
    const answer = this.#pipeline(request, match);
    if (this.#journal.size <= 0) {
      return answer;
    }
    if (answer instanceof Promise) {
      return answer.then((a) => {
        this.#record('es', request, a);
        return a;
      });
    }
    this.#record('es', request, answer);
    return answer;
  }

  /** Journals an Elasticsearch request answered by the upstream (proxy mode), with its violations. */
  recordProxied(
    request: MockRequest,
    answer: { status: number; errorType?: string },
    violations: ContractViolation[],
  ): void {
    this.#record(
      'es',
      request,
      {
        status: answer.status,
        headers: {},
        body: undefined,
        ...(answer.errorType ? { errorType: answer.errorType } : {}),
      },
      violations,
    );
  }

  #record(
    kind: 'es' | 'control',
    request: MockRequest,
    answer: WireAnswer,
    violations?: ContractViolation[],
  ): void {
    if (this.#journal.size <= 0) {
      return;
    }
    const status = answer.drop ? 0 : answer.status;
    const errorType = answer.errorType ?? null;
    const at = this.clock.now();
    this.#journal.record(
      kind,
      violations === undefined
        ? { request, status, error_type: errorType, at }
        : { request, status, error_type: errorType, at, violations },
    );
  }

  /** Loads a seed (object or path); without one, the seed the engine started with. Clears faults. */
  reset(seed?: unknown): void {
    // An explicit seed is taken as it is: the start options only shaped the initial one.
    const next = seed === undefined ? this.#startSeed : loadSeed(seed);
    this.#cluster.load(next);
    this.faults.clear();
    this.#persist();
  }

  /** The state as a seed document (a deep copy that `reset` accepts back). */
  state(): SeedDocument {
    return this.#cluster.toSeed();
  }

  /** Changes cluster settings; answers the settings now in force. */
  configure(settings: Parameters<Cluster['configure']>[0]): SeedDocument['cluster'] {
    this.#cluster.configure(settings);
    this.#persist();
    return { ...this.#cluster.settings };
  }

  /** The fault that fails a node's inference processes (`POST /_mock/faults` with `fail_node`). */
  failNode(nodeId: string, reason: string): boolean {
    const failed = this.#cluster.failNode(nodeId, reason);
    if (failed) {
      this.#persist();
    }
    return failed;
  }

  /** Moves simulated time forward, then lets convergence and the scaler catch up. */
  advance(ms: number): void {
    this.clock.advance(ms);
    this.#cluster.tick();
  }

  now(): number {
    return this.clock.now();
  }

  /**
   * Sets a deployment's simulated inference load from now (docs/scaler.md): a rate and an
   * inference time, or a schedule. Throws a RangeError (and changes nothing) on a bad load or an
   * unknown deployment.
   */
  setLoad(load: LoadBody): LoadView {
    const checked = checkLoad(load);
    if (!checked.ok) {
      throw new RangeError(checked.reason);
    }
    const outcome = this.applyLoad(checked.value);
    if (!outcome.ok) {
      throw new RangeError(outcome.reason);
    }
    return outcome.value;
  }

  /** Sets a checked load; unknown deployments are refused. */
  applyLoad(load: LoadBody): LoadOutcome {
    this.#cluster.tick();
    const d = this.#cluster.deployment(load.deployment_id);
    if (!d) {
      return { ok: false, reason: `no deployment [${load.deployment_id}] to load` };
    }
    return { ok: true, value: this.#cluster.simulation.set(d, load, this.clock.now()) };
  }

  /** Every load, the scalers' state and their recent decisions. */
  loads(): LoadsView {
    this.#cluster.tick();
    return this.#cluster.simulation.describe(this.clock.now());
  }

  /** Removes every load. */
  clearLoads(): void {
    this.#cluster.tick();
    this.#cluster.simulation.clearLoads();
  }

  /** The journal, oldest first (Elasticsearch requests unless `kind` says otherwise). */
  requests(filter?: JournalFilter): JournalEntry[] {
    return this.#journal.list(filter);
  }

  clearRequests(): void {
    this.#journal.clear();
  }
}
