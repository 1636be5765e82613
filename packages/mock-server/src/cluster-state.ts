// The simulated cluster's state and its seeds: nodes, models, deployments, inference endpoints and
// settings, loaded from a seed document and written back as one, with the indexes kept beside it
// (reservations for placement, the deployments still converging, those the scaler looks at). A
// change of routes goes through `retarget`, so the indexes always agree with the deployments.
import { Convergence } from './convergence.js';
import { type Deployment, deploymentFromSeed, deploymentToSeed } from './deployment.js';
import { InferenceEndpoints } from './inference-endpoints.js';
import { Placement } from './placement.js';
import type { SeedDocument, SeedModel, SeedNode } from './seed-schema.js';

/** The cluster's state; its fields are the cluster's parts, read and changed by cluster.ts only. */
export class ClusterState {
  nodes: SeedNode[] = [];
  models = new Map<string, SeedModel>();
  /** In the seed's (then creation) order. */
  deployments = new Map<string, Deployment>();
  readonly endpoints = new InferenceEndpoints();
  settings: SeedDocument['cluster'];
  security: SeedDocument['security'];
  /** Processors and memory reserved on each node (by route targets), and the placement rule. */
  readonly placement = new Placement();
  /** Deployments whose routes are still converging, by when they next change. */
  readonly convergence = new Convergence();
  /** Deployments with adaptive allocations enabled: the only ones the scaler has to look at. */
  scalable = new Set<Deployment>();

  constructor(seed: SeedDocument) {
    this.settings = { ...seed.cluster };
    this.security = seed.security;
  }

  /** Replaces everything with the seed's contents at simulated time `now`. */
  load(seed: SeedDocument, now: number): void {
    this.settings = { ...seed.cluster };
    this.security = structuredClone(seed.security);
    this.nodes = structuredClone(seed.nodes);
    this.models = new Map(seed.models.map((m) => [m.model_id, structuredClone(m)]));
    this.endpoints.reset(seed.inference_endpoints ?? []);
    this.deployments = new Map();
    this.placement.reset(this.nodes, (id) => this.models.get(id));
    this.convergence.clear();
    this.scalable = new Set();
    // Written routing tables first, so placing the others counts the processors they hold.
    const ordered = [
      ...seed.deployments.filter((d) => d.routing_table !== undefined),
      ...seed.deployments.filter((d) => d.routing_table === undefined),
    ];
    for (const d of ordered) {
      const deployment = deploymentFromSeed(d, this.models.get(d.model_id), now);
      this.deployments.set(d.deployment_id, deployment);
      this.placement.account(deployment, 1);
      if (d.routing_table === undefined && (d.state === 'started' || d.state === 'starting')) {
        // Placed at load, as if it had been running for a while.
        const placed = this.placement.place(deployment, d.number_of_allocations, true);
        const started = d.state === 'started';
        for (const [nodeId, n] of placed.routes) {
          deployment.routes.set(nodeId, {
            target: n,
            from: started ? n : 0,
            since: now,
            current: started ? n : 0,
            state: started ? 'started' : 'starting',
            reason: '',
          });
        }
        this.placement.account(deployment, 1);
        if (placed.total < d.number_of_allocations) {
          deployment.reason = placed.explanation;
        }
        deployment.max_assigned_allocations = Math.max(
          deployment.max_assigned_allocations,
          started ? placed.total : 0,
        );
      }
      this.track(deployment);
    }
    // Keep the seed's order for listings and state().
    this.deployments = new Map(
      seed.deployments.map((d) => [d.deployment_id, this.deployments.get(d.deployment_id) as Deployment]),
    );
  }

  /** The state as a seed document (a copy), which {@link load} accepts back. */
  toSeed(uuid: string): SeedDocument {
    return structuredClone({
      cluster: { ...this.settings, uuid },
      nodes: this.nodes,
      // The built-in model is every cluster's, added at load: not part of the seed.
      models: [...this.models.values()].filter((m) => m.model_type !== 'lang_ident'),
      deployments: [...this.deployments.values()].map((d) => deploymentToSeed(d)),
      inference_endpoints: this.endpoints.list(),
      security: this.security,
    });
  }

  /** The model an id or a model alias names (GET and `_stats` resolve aliases). */
  modelByIdOrAlias(id: string): Readonly<SeedModel> | undefined {
    const direct = this.models.get(id);
    if (direct) {
      return direct;
    }
    for (const m of this.models.values()) {
      if (m.aliases?.includes(id)) {
        return m;
      }
    }
    return undefined;
  }

  /** Adds a new deployment (placed by {@link retarget} after). */
  add(d: Deployment): void {
    this.deployments.set(d.deployment_id, d);
  }

  /** Removes a deployment and everything the indexes hold of it. */
  remove(d: Deployment): void {
    this.placement.account(d, -1);
    this.convergence.forget(d);
    this.scalable.delete(d);
    this.deployments.delete(d.deployment_id);
  }

  /** Sets a registered deployment's route targets at `now`, starting convergence from where each route is. */
  retarget(d: Deployment, targets: Map<string, number>, now: number): void {
    this.placement.account(d, -1);
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
          r.since = now;
          r.target = target;
          r.reason = '';
        }
      } else if (target > 0) {
        d.routes.set(nodeId, { target, from: 0, since: now, current: 0, state: 'starting', reason: '' });
      }
    }
    this.placement.account(d, 1);
    this.track(d);
    if (this.settings.converge_ms <= 0) {
      this.convergence.advance(now, this.settings.converge_ms);
    }
  }

  /** Puts a deployment in (or out of) the sets a tick looks at. */
  track(d: Deployment): void {
    this.convergence.track(d);
    if (d.adaptive?.enabled === true) {
      this.scalable.add(d);
    } else {
      this.scalable.delete(d);
    }
  }
}
