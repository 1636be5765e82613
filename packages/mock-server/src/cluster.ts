import {
  type AdaptiveSettings,
  compareJavaStrings,
  type EsError,
  errors,
  estimateModelMemoryBytes,
  IN_CLUSTER_SERVICES,
  type InferenceEndpointSnapshot,
  type InferenceUpdateRequest,
  planInferenceUpdate,
  planUpdate,
  type StartRequest,
  supports,
  type UpdateRequest,
} from '@mldeploy/core/rules';
import { CapacityIndex, placeAllocations } from './capacity-index.js';
import { DueQueue } from './due-queue.js';
import { type LoadHost, LoadSimulation, type NodeInference } from './load.js';
import { DEFAULT_SCALER_INTERVAL_MS } from './scaler.js';
import type {
  SeedAdaptiveAllocations,
  SeedDeployment,
  SeedDocument,
  SeedInferenceEndpoint,
  SeedModel,
  SeedNode,
  SeedRoute,
} from './seed.js';

/** One node's share of a deployment; `current` walks from `from` to `target` over converge time. */
export interface Route {
  target: number;
  from: number;
  since: number;
  current: number;
  state: SeedRoute['routing_state'];
  reason: string;
  /** When the route went from starting to started (its process start), when the mock saw it. */
  startedAt?: number;
}

/** A deployment as the simulated cluster holds it. */
export interface Deployment {
  deployment_id: string;
  model_id: string;
  number_of_allocations: number;
  threads_per_allocation: number;
  priority: 'normal' | 'low';
  queue_capacity: number;
  cache_size: string | undefined;
  adaptive: AdaptiveSettings | null;
  state: 'started' | 'starting' | 'stopping' | 'failed';
  /** Seeded `starting`/`stopping`/`failed` deployments stay so; started ones through the API move on. */
  frozen: boolean;
  owned_by_inference_endpoint: boolean;
  referenced_by_ingest: boolean;
  routes: Map<string, Route>;
  start_time: string;
  max_assigned_allocations: number;
  reason: string | undefined;
  /** When the adaptive scaler last looked at (or a user last changed) this deployment. */
  scaledAt: number;
}

/** A change the cluster refused, or the value it produced. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: EsError };

/**
 * The simulated cluster: nodes, models and deployments, placement of allocations on processors
 * and memory, and convergence over time. All methods are synchronous, so each request's
 * read-check-write happens without interleaving (no lost updates).
 */
export class Cluster {
  #nodes: SeedNode[] = [];
  #models = new Map<string, SeedModel>();
  #deployments = new Map<string, Deployment>();
  #endpoints = new Map<string, SeedInferenceEndpoint>();
  #settings: SeedDocument['cluster'];
  #security: SeedDocument['security'];
  readonly uuid: string;
  /** Processors and memory reserved on each node (by route targets), indexed by what is free. */
  #capacity = new CapacityIndex();
  /** Deployments whose routes are still converging: the only ones a tick has to look at. */
  #moving = new Set<Deployment>();
  /** When each converging deployment's routes next change: a tick converges only those due. */
  #due = new DueQueue<Deployment>();
  /** Deployments with adaptive allocations enabled: the only ones the scaler has to look at. */
  #scalable = new Set<Deployment>();
  /** Goes up on every change of state, so callers can tell whether a request changed anything. */
  #revision = 0;
  /** Called when the cluster changes on its own (the scaler), so the server can persist it. */
  #changed: (() => void) | undefined;
  readonly #clock: () => number;
  /** While the simulation replays an interval, the simulated time it is at (docs/scaler.md). */
  #pinned: number | undefined;
  /** What the inference load simulation and the adaptive scaler need of the cluster. */
  readonly #host: LoadHost = {
    deployments: () => this.#deployments.values(),
    scalable: () => this.#scalable,
    convergeMs: () => this.#settings.converge_ms,
    scalerIntervalMs: () => this.#settings.scaler_interval_ms ?? DEFAULT_SCALER_INTERVAL_MS,
    at: (t) => {
      this.#pinned = t;
      this.converge();
    },
    scaleTo: (d, n, t) => {
      this.#pinned = t;
      return this.#scaleInternally(d, n);
    },
  };
  /** The simulated inference load and the adaptive allocations scaler (load.ts, scaler.ts). */
  readonly simulation: LoadSimulation = new LoadSimulation(this.#host);

  constructor(seed: SeedDocument, now: () => number = Date.now) {
    this.#clock = now;
    this.#settings = { ...seed.cluster };
    this.#security = seed.security;
    // The Web Crypto global (Node 20 and browsers' secure origins, where service workers run).
    this.uuid = seed.cluster.uuid ?? globalThis.crypto.randomUUID().replace(/-/g, '').slice(0, 22);
    this.load(seed);
  }

  /** Goes up on every change of state, so callers can tell whether a request changed anything. */
  get revision(): number {
    return this.#revision;
  }

  /** The cluster settings (read-only; change them with {@link configure}). */
  get settings(): Readonly<SeedDocument['cluster']> {
    return this.#settings;
  }

  /** The simulated security realm (read-only). */
  get security(): Readonly<SeedDocument['security']> {
    return this.#security;
  }

  /** The simulated time, in milliseconds since the epoch. */
  time(): number {
    return this.now();
  }

  private now(): number {
    return this.#pinned ?? this.#clock();
  }

  /** Calls `listener` when the cluster changes on its own (the scaler), so it can be persisted. */
  onChange(listener: () => void): void {
    this.#changed = listener;
  }

  /** Changes cluster settings, after bringing convergence up to date under the old ones. */
  configure(
    settings: Partial<
      Pick<SeedDocument['cluster'], 'converge_ms' | 'scaling_possible' | 'scaler_interval_ms'>
    >,
  ): void {
    this.tick();
    Object.assign(this.#settings, settings);
    for (const d of this.#moving) {
      this.#due.schedule(d, Number.NEGATIVE_INFINITY);
    }
    this.#revision += 1;
  }

  node(id: string): Readonly<SeedNode> | undefined {
    return this.#nodes[this.#capacity.position(id)];
  }

  /** The node's position in the seed (stats give each node its own transport port). */
  nodeIndex(id: string): number {
    return this.#capacity.position(id);
  }

  /** The first node's name (what `GET /` calls the node that answered). */
  firstNodeName(): string | undefined {
    return this.#nodes[0]?.name;
  }

  model(id: string): Readonly<SeedModel> | undefined {
    return this.#models.get(id);
  }

  /** Every model, in the seed's order. */
  modelList(): ReadonlyArray<Readonly<SeedModel>> {
    return [...this.#models.values()];
  }

  deployment(id: string): Readonly<Deployment> | undefined {
    return this.#deployments.get(id);
  }

  /** The model an id or a model alias names (GET and `_stats` resolve aliases). */
  modelByIdOrAlias(id: string): Readonly<SeedModel> | undefined {
    const direct = this.#models.get(id);
    if (direct) {
      return direct;
    }
    for (const m of this.#models.values()) {
      if (m.aliases?.includes(id)) {
        return m;
      }
    }
    return undefined;
  }

  /** An inference endpoint by id. */
  inferenceEndpoint(id: string): Readonly<SeedInferenceEndpoint> | undefined {
    return this.#endpoints.get(id);
  }

  /**
   * Whether `_update` of this deployment id must answer 409: an inference endpoint of an in-cluster
   * service has the id (looked up before the deployment, so also when none exists; from 8.19), or
   * the seed marks the deployment as owned by one.
   */
  private ownedByEndpoint(id: string, d: Deployment | undefined): boolean {
    if (!supports(this.#settings.version, 'inferenceEndpointCheck')) {
      return false;
    }
    const endpoint = this.#endpoints.get(id);
    if (endpoint && (IN_CLUSTER_SERVICES as readonly string[]).includes(endpoint.service)) {
      return true;
    }
    return d?.owned_by_inference_endpoint === true;
  }

  /** Every deployment, in the seed's (then creation) order. */
  deploymentList(): ReadonlyArray<Readonly<Deployment>> {
    return [...this.#deployments.values()];
  }

  /** Replaces everything with the seed's contents. */
  load(seed: SeedDocument): void {
    this.#settings = { ...seed.cluster };
    this.#security = structuredClone(seed.security);
    this.#nodes = structuredClone(seed.nodes);
    this.#models = new Map(seed.models.map((m) => [m.model_id, structuredClone(m)]));
    this.#endpoints = new Map(
      (seed.inference_endpoints ?? []).map((e) => [e.inference_id, structuredClone(e)]),
    );
    this.#deployments = new Map();
    this.#capacity.reset(this.#nodes);
    this.#moving = new Set();
    this.#due = new DueQueue();
    this.#scalable = new Set();
    this.#revision += 1;
    const t = this.now();
    this.simulation.clear(t);
    // Written routing tables first, so placing the others counts the processors they hold.
    const ordered = [
      ...seed.deployments.filter((d) => d.routing_table !== undefined),
      ...seed.deployments.filter((d) => d.routing_table === undefined),
    ];
    for (const d of ordered) {
      const deployment = this.fromSeed(d, t);
      this.#deployments.set(d.deployment_id, deployment);
      this.#account(deployment, 1);
      if (d.routing_table === undefined && (d.state === 'started' || d.state === 'starting')) {
        // Placed at load, as if it had been running for a while.
        const placed = this.place(deployment, d.number_of_allocations);
        for (const [nodeId, n] of placed.routes) {
          deployment.routes.set(nodeId, {
            target: n,
            from: d.state === 'started' ? n : 0,
            since: t,
            current: d.state === 'started' ? n : 0,
            state: d.state === 'started' ? 'started' : 'starting',
            reason: '',
          });
        }
        this.#account(deployment, 1);
        if (placed.total < d.number_of_allocations) {
          deployment.reason = placed.explanation;
        }
        deployment.max_assigned_allocations = Math.max(
          deployment.max_assigned_allocations,
          d.state === 'started' ? placed.total : 0,
        );
      }
      this.#track(deployment);
    }
    // Keep the seed's order for listings and state().
    this.#deployments = new Map(
      seed.deployments.map((d) => [d.deployment_id, this.#deployments.get(d.deployment_id) as Deployment]),
    );
  }

  /** Adds (+1) or removes (-1) a deployment's reservations from the node totals. */
  #account(d: Deployment, sign: 1 | -1): void {
    for (const [nodeId, r] of d.routes) {
      if (r.target > 0) {
        this.#capacity.add(
          nodeId,
          sign * r.target * d.threads_per_allocation,
          sign * this.memoryOnNode(d, r.target),
        );
      }
    }
  }

  /** Puts a deployment in (or out of) the sets a tick looks at. */
  #track(d: Deployment): void {
    if (!d.frozen && (d.state === 'starting' || [...d.routes.values()].some((r) => r.current !== r.target))) {
      this.#moving.add(d);
    }
    if (this.#moving.has(d)) {
      // Due at the next tick, which brings it up to date and schedules its next change.
      this.#due.schedule(d, Number.NEGATIVE_INFINITY);
    }
    if (d.adaptive?.enabled === true) {
      this.#scalable.add(d);
    } else {
      this.#scalable.delete(d);
    }
  }

  private fromSeed(d: SeedDeployment, t: number): Deployment {
    const routes = new Map<string, Route>();
    for (const [nodeId, r] of Object.entries(d.routing_table ?? {})) {
      routes.set(nodeId, {
        target: r.target_allocations,
        from: r.current_allocations,
        since: t,
        current: r.current_allocations,
        state: r.routing_state,
        reason: r.reason ?? '',
      });
    }
    const current = [...routes.values()].reduce((s, r) => s + r.current, 0);
    const model = this.#models.get(d.model_id);
    return {
      deployment_id: d.deployment_id,
      model_id: d.model_id,
      number_of_allocations: d.number_of_allocations,
      threads_per_allocation: d.threads_per_allocation,
      priority: d.priority,
      queue_capacity: d.queue_capacity,
      cache_size: d.cache_size ?? (model ? `${model.model_size_bytes}b` : undefined),
      adaptive: d.adaptive_allocations ? storedAdaptive(d.adaptive_allocations) : null,
      state: d.state,
      frozen: d.state !== 'started',
      owned_by_inference_endpoint: d.owned_by_inference_endpoint ?? false,
      referenced_by_ingest: d.referenced_by_ingest ?? false,
      routes,
      start_time: d.start_time ?? new Date(t).toISOString(),
      max_assigned_allocations: Math.max(d.max_assigned_allocations ?? 0, current),
      reason: d.reason,
      scaledAt: t,
    };
  }

  #ticking = false;

  /**
   * Brings the simulation up to now: the inference load, the adaptive scaler at each of its
   * triggers (with convergence at that time), then convergence to now.
   */
  tick(): void {
    if (this.#ticking) {
      return;
    }
    this.#ticking = true;
    try {
      this.simulation.run(this.#clock());
    } finally {
      this.#pinned = undefined;
      this.#ticking = false;
    }
    this.converge();
  }

  /** A started route's simulated inference counters, as the stats write them. */
  nodeInference(d: Readonly<Deployment>, nodeId: string): NodeInference | undefined {
    const r = d.routes.get(nodeId);
    return r ? this.simulation.nodeInference(d, nodeId, r, this.now()) : undefined;
  }

  /**
   * The adaptive scaler's update (AdaptiveAllocationsScalerService, `isInternal`): no request
   * validation, so 0 is allowed; an increase that cannot be placed is refused, as its update would
   * get the 429, unless scaling is possible.
   */
  #scaleInternally(d: Deployment, wanted: number): boolean {
    if (wanted === d.number_of_allocations) {
      return true;
    }
    if (wanted > d.number_of_allocations) {
      const placed = this.place(d, wanted);
      if (placed.total < wanted && !this.#settings.scaling_possible) {
        return false;
      }
      this.retarget(d, placed.routes);
      d.reason = placed.total < wanted ? placed.explanation : undefined;
    } else {
      this.retarget(d, reduce(d, wanted));
      d.reason = undefined;
    }
    d.number_of_allocations = wanted;
    d.scaledAt = this.now();
    this.#revision += 1;
    this.#changed?.();
    return true;
  }

  private converge(): void {
    const t = this.now();
    const ms = this.#settings.converge_ms;
    for (const d of this.#due.takeDue(t)) {
      if (!this.#moving.has(d)) {
        continue;
      }
      let total = 0;
      let settled = true;
      for (const [nodeId, r] of d.routes) {
        if (r.current !== r.target) {
          const p = ms <= 0 ? 1 : Math.min(1, (t - r.since) / ms);
          r.current = r.from + Math.trunc((r.target - r.from) * p);
        }
        if (r.target === 0 && r.current === 0) {
          d.routes.delete(nodeId);
          continue;
        }
        if (r.state === 'starting' && r.current > 0) {
          r.state = 'started';
          // The process started when the walk first reached one allocation.
          r.startedAt =
            ms <= 0 || r.from > 0 ? r.since : r.since + Math.ceil(ms / Math.max(1, r.target - r.from));
        }
        if (r.current !== r.target) {
          settled = false;
        }
        total += r.current;
      }
      if (d.state === 'starting' && total > 0) {
        d.state = 'started';
      }
      d.max_assigned_allocations = Math.max(d.max_assigned_allocations, total);
      if (settled && d.state !== 'starting') {
        this.#moving.delete(d);
      } else {
        const at = nextChange(d, ms);
        if (at !== Number.POSITIVE_INFINITY) {
          this.#due.schedule(d, at);
        }
      }
    }
  }

  /** The memory one node needs to host `allocations` of this deployment (core's estimateModelMemoryBytes). */
  private memoryOnNode(d: Pick<Deployment, 'model_id'>, allocations: number): number {
    const model = this.#models.get(d.model_id);
    return estimateModelMemoryBytes(model ?? { model_id: d.model_id, model_size_bytes: 0 }, allocations);
  }

  /**
   * Places `n` allocations of `d` across the nodes, keeping its existing routes: each extra
   * allocation goes to the node with the most free processors (then one that already hosts it),
   * found through the capacity index (capacity-index.ts) rather than by scanning every node.
   */
  private place(
    d: Deployment,
    n: number,
  ): { routes: Map<string, number>; total: number; explanation: string } {
    const targets: Array<[string, number]> = [];
    for (const [nodeId, r] of d.routes) {
      targets.push([nodeId, r.target]);
    }
    return placeAllocations(this.#capacity, {
      routes: targets,
      reserved: this.#deployments.get(d.deployment_id) === d,
      threads_per_allocation: d.threads_per_allocation,
      memoryOnNode: (allocations) => this.memoryOnNode(d, allocations),
      allocations: n,
    });
  }

  /** Sets route targets, starting convergence from where each route is now. */
  private retarget(d: Deployment, targets: Map<string, number>): void {
    const t = this.now();
    const registered = this.#deployments.get(d.deployment_id) === d;
    if (registered) {
      this.#account(d, -1);
    }
    for (const nodeId of d.routes.keys()) {
      if (!targets.has(nodeId)) {
        targets.set(nodeId, 0);
      }
    }
    for (const [nodeId, target] of targets) {
      const r = d.routes.get(nodeId);
      if (r) {
        if (r.target !== target) {
          r.from = r.current;
          r.since = t;
          r.target = target;
          r.reason = '';
        }
      } else if (target > 0) {
        d.routes.set(nodeId, { target, from: 0, since: t, current: 0, state: 'starting', reason: '' });
      }
    }
    if (registered) {
      this.#account(d, 1);
    }
    this.#track(d);
    if (this.#settings.converge_ms <= 0) {
      this.converge();
    }
  }

  /** The state-dependent part of `_update` (docs/rules.md, "`_update`"); the request is already checked. */
  update(request: UpdateRequest): Outcome<Deployment> {
    this.tick();
    const d = this.#deployments.get(request.deployment_id);
    if (this.ownedByEndpoint(request.deployment_id, d)) {
      return { ok: false, error: errors.ownedByInferenceEndpoint(request.deployment_id) };
    }
    return this.applyUpdate(request);
  }

  /**
   * `PUT _inference/{task_type}/{inference_id}/_update` for an in-cluster endpoint: core's
   * `planInferenceUpdate` decides; a change updates the deployment as an internal `_update` (no
   * 409 for the endpoint's own deployment) and then the endpoint.
   */
  updateInferenceEndpoint(request: InferenceUpdateRequest): Outcome<InferenceEndpointSnapshot> {
    this.tick();
    const stored = this.#endpoints.get(request.inference_id);
    if (!stored) {
      return { ok: false, error: errors.inferenceEndpointNotFound(request.inference_id) };
    }
    const current = endpointSnapshot(stored);
    const plan = planInferenceUpdate(current, request, {
      deploymentExists: (id) => this.#deployments.has(id),
      endpointNamed: (id) => {
        const e = this.#endpoints.get(id);
        return e ? endpointSnapshot(e) : undefined;
      },
    });
    if (plan.kind === 'error') {
      return { ok: false, error: plan.error };
    }
    if (plan.kind === 'noop') {
      return { ok: true, value: current };
    }
    const applied = this.applyUpdate(plan.update);
    if (!applied.ok) {
      return applied;
    }
    const s = plan.endpoint.service_settings;
    const next: SeedInferenceEndpoint = {
      ...stored,
      service_settings: {
        model_id: s.model_id,
        num_threads: s.num_threads,
        ...(s.num_allocations !== undefined ? { num_allocations: s.num_allocations } : {}),
        ...(s.adaptive_allocations !== undefined
          ? { adaptive_allocations: storedAdaptive(s.adaptive_allocations) as SeedAdaptiveAllocations }
          : {}),
        ...(s.deployment_id !== undefined ? { deployment_id: s.deployment_id } : {}),
      },
    };
    this.#endpoints.set(next.inference_id, next);
    this.#revision += 1;
    return { ok: true, value: endpointSnapshot(next) };
  }

  /** The cluster service's part of `_update` after the inference-endpoint check. */
  private applyUpdate(request: UpdateRequest): Outcome<Deployment> {
    const d = this.#deployments.get(request.deployment_id);
    if (!d) {
      return { ok: false, error: errors.deploymentNotFound(request.deployment_id) };
    }
    const plan = planUpdate(
      {
        number_of_allocations: d.number_of_allocations,
        adaptive_allocations: d.adaptive,
        assignment_state: d.state,
        priority: d.priority,
      },
      request,
    );
    if (plan.kind === 'error') {
      return { ok: false, error: plan.error };
    }
    if (plan.kind === 'noop') {
      return { ok: true, value: d };
    }
    if (plan.change === 'increase') {
      const placed = this.place(d, plan.number_of_allocations);
      if (placed.total < plan.number_of_allocations && !this.#settings.scaling_possible) {
        return { ok: false, error: errors.insufficientResourcesUpdate() };
      }
      this.retarget(d, placed.routes);
      d.reason = placed.total < plan.number_of_allocations ? placed.explanation : undefined;
    } else if (plan.change === 'decrease') {
      const placedTotal = totalTargets(d);
      this.retarget(d, reduce(d, plan.number_of_allocations));
      this.dropEmptiedRoutes(d);
      // The reason is cleared only when the new number fits what is placed (a decrease that
      // stays above the placed total still lacks resources).
      if (plan.number_of_allocations <= placedTotal) {
        d.reason = undefined;
      }
    }
    d.number_of_allocations = plan.number_of_allocations;
    d.adaptive = plan.adaptive_allocations;
    this.#track(d);
    d.scaledAt = this.now();
    this.#revision += 1;
    return { ok: true, value: d };
  }

  /**
   * AllocationReducer.buildUpdatedAssignment removes a node's route as soon as a decrease takes
   * all its allocations (`removeRoutingEntry`): no convergence to zero for those routes.
   */
  private dropEmptiedRoutes(d: Deployment): void {
    for (const [nodeId, r] of d.routes) {
      if (r.target === 0) {
        d.routes.delete(nodeId);
      }
    }
  }

  /** `_start` (docs/rules.md, "`_start`"): a new deployment that converges from `starting`. */
  start(request: StartRequest): Outcome<Deployment> {
    this.tick();
    // TransportStartTrainedModelDeploymentAction.masterOperation looks for an assignment with the
    // deployment id before it reads the model: an existing id is a 400 even when the model is
    // missing. The 409 "has already been started" comes only from a race the mock cannot have.
    if (this.#deployments.has(request.deployment_id)) {
      return { ok: false, error: errors.deploymentIdExists(request.deployment_id) };
    }
    const model = this.#models.get(request.model_id);
    if (!model) {
      return { ok: false, error: errors.modelNotFound(request.model_id) };
    }
    if (request.deployment_id !== request.model_id && this.#models.has(request.deployment_id)) {
      return { ok: false, error: errors.deploymentIdIsOtherModel(request.deployment_id) };
    }
    const d: Deployment = {
      deployment_id: request.deployment_id,
      model_id: request.model_id,
      number_of_allocations: request.number_of_allocations,
      threads_per_allocation: request.threads_per_allocation,
      priority: request.priority,
      queue_capacity: request.queue_capacity,
      cache_size: request.cache_size ?? `${model.model_size_bytes}b`,
      adaptive: request.adaptive_allocations ?? null,
      state: 'starting',
      frozen: false,
      owned_by_inference_endpoint: false,
      referenced_by_ingest: false,
      routes: new Map(),
      start_time: new Date(this.now()).toISOString(),
      max_assigned_allocations: 0,
      reason: undefined,
      scaledAt: this.now(),
    };
    const placed = this.place(d, d.number_of_allocations);
    if (!this.#settings.scaling_possible) {
      if (placed.total === 0) {
        return { ok: false, error: errors.noCapacityStart(placed.explanation) };
      }
      if (placed.total < d.number_of_allocations) {
        return { ok: false, error: errors.insufficientResourcesStart() };
      }
    }
    this.#deployments.set(d.deployment_id, d);
    this.retarget(d, placed.routes);
    this.#revision += 1;
    if (placed.total < d.number_of_allocations) {
      d.reason = placed.explanation;
    }
    return { ok: true, value: d };
  }

  /** `_stop` (docs/rules.md, "`_stop`"): the assignment is removed once stopped. */
  stop(deploymentId: string, options: { allow_no_match: boolean; force: boolean }): Outcome<boolean> {
    this.tick();
    const d = this.#deployments.get(deploymentId);
    if (!d) {
      return options.allow_no_match
        ? { ok: true, value: false }
        : { ok: false, error: errors.deploymentNotFound(deploymentId) };
    }
    if (d.referenced_by_ingest && !options.force) {
      return { ok: false, error: errors.stopReferencedByPipelines(deploymentId) };
    }
    this.#account(d, -1);
    this.#moving.delete(d);
    this.#due.delete(d);
    this.#scalable.delete(d);
    this.#deployments.delete(deploymentId);
    this.#revision += 1;
    return { ok: true, value: true };
  }

  /** Sum of current allocations on started routes. */
  allocationCount(d: Readonly<Deployment>): number {
    let count = 0;
    for (const r of d.routes.values()) {
      if (r.state === 'started' && r.current > 0) {
        count += r.current;
      }
    }
    return count;
  }

  /** The state as a seed document, which {@link load} accepts back. */
  toSeed(): SeedDocument {
    this.tick();
    return structuredClone({
      cluster: { ...this.#settings, uuid: this.uuid },
      nodes: this.#nodes,
      models: [...this.#models.values()],
      deployments: [...this.#deployments.values()].map((d) => deploymentToSeed(d)),
      inference_endpoints: [...this.#endpoints.values()],
      security: this.#security,
    });
  }
}

/**
 * A time at or before the first moment a route of `d` takes its next step (`current` moves by one
 * allocation when `|target - from| * (t - since) / ms` reaches the next whole number), so a tick
 * before it would change nothing; a millisecond early against rounding. Infinity when no route
 * moves (a deployment starting with nothing placed waits for a retarget).
 */
function nextChange(d: Deployment, ms: number): number {
  let at = Number.POSITIVE_INFINITY;
  for (const r of d.routes.values()) {
    if (r.current === r.target) {
      continue;
    }
    if (ms <= 0) {
      return Number.NEGATIVE_INFINITY;
    }
    const steps = Math.abs(r.target - r.from);
    const done = Math.abs(r.current - r.from);
    const next = done + 1 >= steps ? r.since + ms : r.since + (ms * (done + 1)) / steps;
    at = Math.min(at, Math.floor(next) - 1);
  }
  return at;
}

/**
 * Adaptive settings as stored: a missing `enabled` stays missing (the server keeps Java's null and
 * only writes it as false), so a state read back and loaded again behaves the same.
 */
function storedAdaptive(s: AdaptiveSettings): AdaptiveSettings {
  const out: AdaptiveSettings = {};
  if (s.enabled !== undefined) {
    out.enabled = s.enabled;
  }
  if (s.min_number_of_allocations !== undefined) {
    out.min_number_of_allocations = s.min_number_of_allocations;
  }
  if (s.max_number_of_allocations !== undefined) {
    out.max_number_of_allocations = s.max_number_of_allocations;
  }
  return out;
}

/** A seeded endpoint as core's rules see it. */
function endpointSnapshot(e: SeedInferenceEndpoint): InferenceEndpointSnapshot {
  const s = e.service_settings;
  return {
    inference_id: e.inference_id,
    task_type: e.task_type,
    service: e.service,
    service_settings: {
      model_id: s.model_id,
      num_threads: s.num_threads,
      num_allocations: s.num_allocations,
      adaptive_allocations: s.adaptive_allocations,
      deployment_id: s.deployment_id,
    },
  };
}

function deploymentToSeed(d: Deployment): SeedDeployment {
  const out: SeedDeployment = {
    deployment_id: d.deployment_id,
    model_id: d.model_id,
    number_of_allocations: d.number_of_allocations,
    threads_per_allocation: d.threads_per_allocation,
    priority: d.priority,
    queue_capacity: d.queue_capacity,
    adaptive_allocations: d.adaptive ? (storedAdaptive(d.adaptive) as SeedAdaptiveAllocations) : null,
    state: d.state,
    owned_by_inference_endpoint: d.owned_by_inference_endpoint,
    referenced_by_ingest: d.referenced_by_ingest,
    routing_table: routingTable(d),
    start_time: d.start_time,
    max_assigned_allocations: d.max_assigned_allocations,
  };
  if (d.cache_size !== undefined) {
    out.cache_size = d.cache_size;
  }
  if (d.reason !== undefined) {
    out.reason = d.reason;
  }
  return out;
}

/** The assignment's `routing_table`. */
export function routingTable(d: Readonly<Deployment>): Record<string, SeedRoute> {
  const table: Record<string, SeedRoute> = {};
  for (const [nodeId, r] of d.routes) {
    table[nodeId] = {
      current_allocations: r.current,
      target_allocations: r.target,
      routing_state: r.state,
      reason: r.reason,
    };
  }
  return table;
}

/** The sum of the route targets: the allocations placed (or being placed). */
function totalTargets(d: Readonly<Deployment>): number {
  let total = 0;
  for (const r of d.routes.values()) {
    total += r.target;
  }
  return total;
}

/**
 * AllocationReducer.reduceTo(n): drop whole routes where that is enough (smallest first), then
 * take the rest from the largest routes.
 */
function reduce(d: Deployment, n: number): Map<string, number> {
  const targets = new Map([...d.routes].filter(([, r]) => r.target > 0).map(([id, r]) => [id, r.target]));
  let excess = [...targets.values()].reduce((s, x) => s + x, 0) - n;
  const bySize = [...targets].sort((a, b) => a[1] - b[1] || compareJavaStrings(a[0], b[0]));
  for (const [nodeId, target] of bySize) {
    if (excess > 0 && target <= excess && targets.size > 1) {
      targets.set(nodeId, 0);
      excess -= target;
    }
  }
  while (excess > 0) {
    const [nodeId, target] = [...targets].sort(
      (a, b) => b[1] - a[1] || compareJavaStrings(a[0], b[0]),
    )[0] as [string, number];
    const cut = Math.min(excess, target);
    targets.set(nodeId, target - cut);
    excess -= cut;
  }
  return targets;
}
