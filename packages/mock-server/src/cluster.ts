// The simulated cluster as the handlers, views and control plane see it: a facade over its parts,
// and the lifecycle requests (`_start`, `_update`, `_stop`, the inference endpoint's `_update`,
// the scaler's internal update) as changes of state. The parts each do one job: state and seeds
// (cluster-state.ts), placement (placement.ts), convergence (convergence.ts), inference endpoints
// (inference-endpoints.ts) and the inference load with the adaptive scaler (load.ts). Simulated
// time is read from the clock once per request and passed on as an argument.
import {
  errors,
  type InferenceEndpointSnapshot,
  type InferenceUpdateRequest,
  planUpdate,
  type StartRequest,
  scaleToZeroTimeMs,
  type UpdateRequest,
} from '@mldeploy/core/rules';
import { assignmentStateOf } from './assignment-state.js';
import { endpointHostOf, inferenceHostOf } from './cluster-inference.js';
import { ClusterState } from './cluster-state.js';
import { allocationCount, type Deployment, newDeployment, type Outcome, totalTargets } from './deployment.js';
import type { EndpointHost } from './inference-endpoint-api.js';
import { InferenceService } from './inference-service.js';
import { type LoadHost, LoadSimulation, type NodeInference } from './load.js';
import { seedModelStore } from './model-config-json.js';
import { DEFAULT_DOWNLOADS, ModelStore } from './model-store.js';
import { reduceAllocations } from './placement.js';
import { failRoutesOnNode, restartFailedRoutes } from './route-failures.js';
import { DEFAULT_SCALER_INTERVAL_MS } from './scaler.js';
import type {
  ClusterSettingKey,
  SeedDocument,
  SeedInferenceEndpoint,
  SeedModel,
  SeedNode,
} from './seed-schema.js';

export type { Deployment, Outcome, Route } from './deployment.js';
export { routingTable } from './deployment.js';

/**
 * The simulated cluster: nodes, models and deployments, placement of allocations on processors
 * and memory, and convergence over time. All methods are synchronous, so each request's
 * read-check-write happens without interleaving (no lost updates).
 */
export class Cluster {
  readonly #state: ClusterState;
  readonly uuid: string;
  /** Goes up on every change of state, so callers can tell whether a request changed anything. */
  #revision = 0;
  /** Called when the cluster changes on its own (the scaler), so the server can persist it. */
  #changed: (() => void) | undefined;
  readonly #clock: () => number;
  #ticking = false;
  /** What the inference load simulation and the adaptive scaler need of the cluster. */
  readonly #host: LoadHost = {
    deployments: () => this.#state.deployments.values(),
    scalable: () => this.#state.scalable,
    convergeMs: () => this.#state.settings.converge_ms,
    scalerIntervalMs: () => this.#state.settings.scaler_interval_ms ?? DEFAULT_SCALER_INTERVAL_MS,
    scaleToZeroMs: () =>
      scaleToZeroTimeMs(this.#state.settings.version, this.#state.settings.scale_to_zero_time),
    convergeTo: (now) => this.#converge(now),
    scaleTo: (d, n, now) => this.#scaleInternally(d, n, now),
    combine: (d, nodeId, base, now) => this.inference.combine(d, nodeId, base, now),
  };
  readonly #forgetNode = (d: Deployment, nodeId: string) => this.simulation.forgetNode(d, nodeId);
  /** The simulated inference load and the adaptive allocations scaler (load.ts, scaler.ts). */
  readonly simulation: LoadSimulation = new LoadSimulation(this.#host);
  /** What inference needs of the cluster besides its state (cluster-inference.ts). */
  readonly #inferenceOps = {
    now: () => this.#clock(),
    pending: (d: Deployment, nodeId: string) =>
      this.nodeInference(d, nodeId)?.number_of_pending_requests ?? 0,
    requestAllocation: (d: Deployment) => this.requestAllocation(d),
    start: (request: StartRequest) => this.start(request),
    stop: (id: string) => {
      this.stop(id, { allow_no_match: true, force: true });
    },
    changed: () => {
      this.#revision += 1;
    },
    inputOf: (id: string) =>
      (this.models.get(id)?.config.input as { field_names?: string[] } | undefined)?.field_names,
    aliasTarget: (alias: string) => this.models.aliasTarget(alias),
    storeModel: (config: Record<string, unknown>) => {
      this.models.put(config, { defined: true });
    },
  };
  /** Real inference calls: routing, the caches and their counters (inference-service.ts). */
  readonly inference: InferenceService;
  /** Models' lives: configs, definitions, downloads, aliases (model-store.ts, lifecycle.ts). */
  readonly models: ModelStore = new ModelStore(() => this.#clock());

  constructor(seed: SeedDocument, now: () => number = Date.now) {
    this.#clock = now;
    this.#state = new ClusterState(seed);
    this.inference = new InferenceService(inferenceHostOf(this.#state, this.#inferenceOps));
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
    return this.#state.settings;
  }

  /** The simulated security realm (read-only). */
  get security(): Readonly<SeedDocument['security']> {
    return this.#state.security;
  }

  /** The simulated time, in milliseconds since the epoch. */
  time(): number {
    return this.#clock();
  }

  /** Calls `listener` when the cluster changes on its own (the scaler), so it can be persisted. */
  onChange(listener: () => void): void {
    this.#changed = listener;
  }

  /** Changes cluster settings, after bringing convergence up to date under the old ones. */
  configure(settings: Partial<Pick<SeedDocument['cluster'], ClusterSettingKey>>): void {
    this.tick();
    Object.assign(this.#state.settings, settings);
    this.#state.convergence.rescheduleAll();
    this.#revision += 1;
  }

  /** A node by id. */
  node(id: string): Readonly<SeedNode> | undefined {
    return this.#state.nodes[this.#state.placement.position(id)];
  }

  /** The node's position in the seed (stats give each node its own transport port). */
  nodeIndex(id: string): number {
    return this.#state.placement.position(id);
  }

  /** The first node's name (what `GET /` calls the node that answered). */
  firstNodeName(): string | undefined {
    return this.#state.nodes[0]?.name;
  }

  /** A model by id. */
  model(id: string): Readonly<SeedModel> | undefined {
    return this.#state.models.get(id);
  }

  /** Every model, in the seed's order. */
  modelList(): ReadonlyArray<Readonly<SeedModel>> {
    return [...this.#state.models.values()];
  }

  /** A deployment by id. */
  /** Every node, in the seed's order. */
  nodeList(): ReadonlyArray<Readonly<SeedNode>> {
    return this.#state.nodes;
  }

  /** Adds or replaces a model (a PUT, or a definition that changed its size). */
  addModel(model: SeedModel): void {
    this.#state.models.set(model.model_id, model);
    this.#revision += 1;
  }

  /** Removes a model (a DELETE; its deployments are stopped first). */
  removeModel(id: string): void {
    if (this.#state.models.delete(id)) {
      this.#revision += 1;
    }
  }

  deployment(id: string): Readonly<Deployment> | undefined {
    return this.#state.deployments.get(id);
  }

  /** The model an id or a model alias names (GET and `_stats` resolve aliases). */
  modelByIdOrAlias(id: string): Readonly<SeedModel> | undefined {
    return this.#state.modelByIdOrAlias(id);
  }

  /** An inference endpoint by id. */
  inferenceEndpoint(id: string): Readonly<SeedInferenceEndpoint> | undefined {
    return this.#state.endpoints.get(id);
  }

  /** Every deployment, in the seed's (then creation) order. */
  deploymentList(): ReadonlyArray<Readonly<Deployment>> {
    return [...this.#state.deployments.values()];
  }

  /** A real call found no started allocation: a deployment scaled to zero asks for one. */
  requestAllocation(d: Deployment): boolean {
    const now = this.#clock();
    this.#tickTo(now);
    return this.simulation.requestAllocation(d, now);
  }

  /** What the inference endpoints' API reads of and changes in the cluster (inference-endpoint-api.ts). */
  endpointHost(): EndpointHost {
    return endpointHostOf(this.#state, this.#inferenceOps);
  }

  /** Replaces everything with the seed's contents. */
  load(seed: SeedDocument): void {
    const now = this.#clock();
    this.#state.load(seed, now);
    this.models.downloads = {
      download_ms: seed.cluster.download_ms ?? DEFAULT_DOWNLOADS.download_ms,
      download_fails: seed.cluster.download_fails ?? DEFAULT_DOWNLOADS.download_fails,
    };
    for (const m of seedModelStore(this.models, seed.models)) {
      this.#state.models.set(m.model_id, m);
    }
    this.#revision += 1;
    this.simulation.clear(now);
  }

  /** The state as a seed document, which {@link load} accepts back. */
  toSeed(): SeedDocument {
    this.tick();
    return this.#state.toSeed(this.uuid);
  }

  /**
   * Brings the simulation up to now: the inference load, the adaptive scaler at each of its
   * triggers (with convergence at that time), then convergence to now.
   */
  tick(): void {
    this.#tickTo(this.#clock());
  }

  /** {@link tick} to simulated time `now`. */
  #tickTo(now: number): void {
    if (this.#ticking) {
      // A listener of a change the scaler made reads the state in the middle of a tick.
      return;
    }
    this.#ticking = true;
    try {
      this.simulation.run(now);
    } finally {
      this.#ticking = false;
    }
    this.#converge(now);
  }

  /** A started route's simulated inference counters, as the stats write them. */
  nodeInference(d: Readonly<Deployment>, nodeId: string): NodeInference | undefined {
    const r = d.routes.get(nodeId);
    return r ? this.simulation.nodeInference(d, nodeId, r, this.#clock()) : undefined;
  }

  /** Sum of current allocations on started routes. */
  allocationCount(d: Readonly<Deployment>): number {
    return allocationCount(d);
  }

  /** The state-dependent part of `_update` (docs/rules.md, "`_update`"); the request is already checked. */
  update(request: UpdateRequest): Outcome<Deployment> {
    const now = this.#clock();
    this.#tickTo(now);
    const d = this.#state.deployments.get(request.deployment_id);
    if (this.#state.endpoints.ownsDeployment(this.#state.settings.version, request.deployment_id, d)) {
      return { ok: false, error: errors.ownedByInferenceEndpoint(request.deployment_id) };
    }
    return this.#applyUpdate(request, now);
  }

  /**
   * `PUT _inference/{task_type}/{inference_id}/_update` for an in-cluster endpoint: core's
   * `planInferenceUpdate` decides; a change updates the deployment as an internal `_update` (no
   * 409 for the endpoint's own deployment) and then the endpoint.
   */
  updateInferenceEndpoint(request: InferenceUpdateRequest): Outcome<InferenceEndpointSnapshot> {
    const now = this.#clock();
    this.#tickTo(now);
    const plan = this.#state.endpoints.plan(request, (id) => this.#state.deployments.has(id));
    if (!plan.ok) {
      return plan;
    }
    if (plan.value.kind === 'noop') {
      return { ok: true, value: plan.value.value };
    }
    const applied = this.#applyUpdate(plan.value.update, now);
    if (!applied.ok) {
      return applied;
    }
    const stored = this.#state.endpoints.store(plan.value.next);
    this.#revision += 1;
    return { ok: true, value: stored };
  }

  /** `_start` (docs/rules.md, "`_start`"): a new deployment that converges from `starting`. */
  start(request: StartRequest): Outcome<Deployment> {
    const now = this.#clock();
    this.#tickTo(now);
    // TransportStartTrainedModelDeploymentAction.masterOperation looks for an assignment with the
    // deployment id before it reads the model: an existing id is a 400 even when the model is
    // missing. The 409 "has already been started" comes only from a race the mock cannot have.
    if (this.#state.deployments.has(request.deployment_id)) {
      return { ok: false, error: errors.deploymentIdExists(request.deployment_id) };
    }
    const model = this.#state.models.get(request.model_id);
    if (!model) {
      return { ok: false, error: errors.modelNotFound(request.model_id) };
    }
    if (request.deployment_id !== request.model_id && this.#state.models.has(request.deployment_id)) {
      return { ok: false, error: errors.deploymentIdIsOtherModel(request.deployment_id) };
    }
    const d = newDeployment(request, model, now);
    const placed = this.#state.placement.place(d, d.number_of_allocations, false);
    if (!this.#state.settings.scaling_possible) {
      if (placed.total === 0) {
        return { ok: false, error: errors.noCapacityStart(placed.explanation) };
      }
      if (placed.total < d.number_of_allocations) {
        return { ok: false, error: errors.insufficientResourcesStart() };
      }
    }
    this.#state.add(d);
    this.#state.retarget(d, placed.routes, now);
    for (const other of this.#state.deployments.values()) {
      restartFailedRoutes(other, now, this.#forgetNode);
      this.#state.track(other);
    }
    this.#revision += 1;
    if (placed.total < d.number_of_allocations) {
      d.reason = placed.explanation;
    }
    return { ok: true, value: d };
  }

  /** `_stop` (docs/rules.md, "`_stop`"): the assignment is removed once stopped. */
  stop(deploymentId: string, options: { allow_no_match: boolean; force: boolean }): Outcome<boolean> {
    this.tick();
    const d = this.#state.deployments.get(deploymentId);
    if (!d) {
      return options.allow_no_match
        ? { ok: true, value: false }
        : { ok: false, error: errors.deploymentNotFound(deploymentId) };
    }
    if (d.referenced_by_ingest && !options.force) {
      return { ok: false, error: errors.stopReferencedByPipelines(deploymentId) };
    }
    this.#state.remove(d);
    this.#revision += 1;
    return { ok: true, value: true };
  }

  /** The cluster service's part of `_update` after the inference-endpoint check, at `now`. */
  #applyUpdate(request: UpdateRequest, now: number): Outcome<Deployment> {
    const d = this.#state.deployments.get(request.deployment_id);
    if (!d) {
      return { ok: false, error: errors.deploymentNotFound(request.deployment_id) };
    }
    const plan = planUpdate(
      {
        number_of_allocations: d.number_of_allocations,
        adaptive_allocations: d.adaptive,
        assignment_state: assignmentStateOf(d),
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
      if (!this.#increase(d, plan.number_of_allocations, now)) {
        return { ok: false, error: errors.insufficientResourcesUpdate() };
      }
    } else if (plan.change === 'decrease') {
      const placedTotal = totalTargets(d);
      this.#state.retarget(d, reduceAllocations(d, plan.number_of_allocations), now);
      // AllocationReducer.buildUpdatedAssignment removes a node's route as soon as a decrease
      // takes all its allocations (`removeRoutingEntry`): no convergence to zero for those routes.
      for (const [nodeId, r] of d.routes) {
        if (r.target === 0) {
          d.routes.delete(nodeId);
        }
      }
      // The reason is cleared only when the new number fits what is placed (a decrease that
      // stays above the placed total still lacks resources).
      if (plan.number_of_allocations <= placedTotal) {
        d.reason = undefined;
      }
    }
    d.number_of_allocations = plan.number_of_allocations;
    d.adaptive = plan.adaptive_allocations;
    this.#state.track(d);
    d.scaledAt = now;
    this.#revision += 1;
    return { ok: true, value: d };
  }

  /**
   * The adaptive scaler's update (AdaptiveAllocationsScalerService, `isInternal`) at `now`: no
   * request validation, so 0 is allowed; an increase that cannot be placed is refused, as its
   * update would get the 429, unless scaling is possible.
   */
  #scaleInternally(d: Deployment, wanted: number, now: number): boolean {
    if (wanted === d.number_of_allocations) {
      return true;
    }
    if (wanted > d.number_of_allocations) {
      if (!this.#increase(d, wanted, now)) {
        return false;
      }
    } else {
      this.#state.retarget(d, reduceAllocations(d, wanted), now);
      d.reason = undefined;
    }
    d.number_of_allocations = wanted;
    d.scaledAt = now;
    this.#revision += 1;
    this.#changed?.();
    return true;
  }

  /**
   * Places `wanted` allocations of a registered deployment: false (nothing changed) when they do
   * not all fit and scaling is not possible; else the routes move and the reason says what is missing.
   */
  #increase(d: Deployment, wanted: number, now: number): boolean {
    const placed = this.#state.placement.place(d, wanted, true);
    if (placed.total < wanted && !this.#state.settings.scaling_possible) {
      return false;
    }
    this.#state.retarget(d, placed.routes, now);
    restartFailedRoutes(d, now, this.#forgetNode);
    this.#state.track(d);
    d.reason = placed.total < wanted ? placed.explanation : undefined;
    return true;
  }

  /** `POST /_mock/faults` `fail_node`: the node's processes fail for good (false: no such node). */
  failNode(nodeId: string, why: string): boolean {
    this.tick();
    if (this.#state.placement.position(nodeId) < 0) {
      return false;
    }
    failRoutesOnNode(this.#state.deployments.values(), nodeId, why, this.#forgetNode);
    this.#revision += 1;
    return true;
  }

  /** Brings convergence to simulated time `now`. */
  #converge(now: number): void {
    this.#state.convergence.advance(now, this.#state.settings.converge_ms);
  }
}
