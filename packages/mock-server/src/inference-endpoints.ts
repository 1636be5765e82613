// The simulated inference endpoints of in-cluster services: their seed objects, whether one owns a
// deployment (so `_update` of it answers 409), and what core's `planInferenceUpdate` makes of an
// update of one. The deployment side of such an update is the cluster's (cluster.ts).
import {
  compactAdaptiveSettings,
  errors,
  IN_CLUSTER_SERVICES,
  type InferenceEndpointSnapshot,
  type InferenceUpdateRequest,
  planInferenceUpdate,
  supports,
  type UpdateRequest,
} from '@mldeploy/core/rules';
import type { Deployment, Outcome } from './deployment.js';
import type { SeedAdaptiveAllocations, SeedInferenceEndpoint } from './seed-schema.js';

/** What an inference endpoint update comes to: nothing, or a deployment update and then the endpoint. */
export type EndpointPlan =
  | { kind: 'noop'; value: InferenceEndpointSnapshot }
  | { kind: 'apply'; update: UpdateRequest; next: SeedInferenceEndpoint };

/** The inference endpoints, by id, in the seed's order. */
export class InferenceEndpoints {
  #byId = new Map<string, SeedInferenceEndpoint>();

  /** Replaces every endpoint with (copies of) these. */
  reset(endpoints: readonly SeedInferenceEndpoint[]): void {
    this.#byId = new Map(endpoints.map((e) => [e.inference_id, structuredClone(e)]));
  }

  /** An inference endpoint by id. */
  get(id: string): Readonly<SeedInferenceEndpoint> | undefined {
    return this.#byId.get(id);
  }

  /** Every endpoint, in the seed's (then creation) order. */
  list(): SeedInferenceEndpoint[] {
    return [...this.#byId.values()];
  }

  /**
   * Whether `_update` of this deployment id must answer 409: an inference endpoint of an in-cluster
   * service has the id (looked up before the deployment, so also when none exists; from 8.19), or
   * the seed marks the deployment as owned by one.
   */
  ownsDeployment(version: string, id: string, d: Readonly<Deployment> | undefined): boolean {
    if (!supports(version, 'inferenceEndpointCheck')) {
      return false;
    }
    const endpoint = this.#byId.get(id);
    if (endpoint && (IN_CLUSTER_SERVICES as readonly string[]).includes(endpoint.service)) {
      return true;
    }
    return d?.owned_by_inference_endpoint === true;
  }

  /**
   * `PUT _inference/{task_type}/{inference_id}/_update` as core's `planInferenceUpdate` decides it:
   * an error, no change, or the deployment update to make and the endpoint to store after it.
   */
  plan(request: InferenceUpdateRequest, deploymentExists: (id: string) => boolean): Outcome<EndpointPlan> {
    const stored = this.#byId.get(request.inference_id);
    if (!stored) {
      return { ok: false, error: errors.inferenceEndpointNotFound(request.inference_id) };
    }
    const current = endpointSnapshot(stored);
    const plan = planInferenceUpdate(current, request, {
      deploymentExists,
      endpointNamed: (id) => {
        const e = this.#byId.get(id);
        return e ? endpointSnapshot(e) : undefined;
      },
    });
    if (plan.kind === 'error') {
      return { ok: false, error: plan.error };
    }
    if (plan.kind === 'noop') {
      return { ok: true, value: { kind: 'noop', value: current } };
    }
    const s = plan.endpoint.service_settings;
    const next: SeedInferenceEndpoint = {
      ...stored,
      service_settings: {
        model_id: s.model_id,
        num_threads: s.num_threads,
        ...(s.num_allocations !== undefined ? { num_allocations: s.num_allocations } : {}),
        ...(s.adaptive_allocations !== undefined
          ? {
              adaptive_allocations: compactAdaptiveSettings(
                s.adaptive_allocations,
              ) as SeedAdaptiveAllocations,
            }
          : {}),
        ...(s.deployment_id !== undefined ? { deployment_id: s.deployment_id } : {}),
      },
    };
    return { ok: true, value: { kind: 'apply', update: plan.update, next } };
  }

  /** Removes an endpoint (`DELETE _inference`). */
  remove(id: string): void {
    this.#byId.delete(id);
  }

  /** Stores an endpoint planned by {@link plan}, once its deployment update is done. */
  store(next: SeedInferenceEndpoint): InferenceEndpointSnapshot {
    this.#byId.set(next.inference_id, next);
    return endpointSnapshot(next);
  }
}

/** A seeded endpoint as core's rules see it. */
export function endpointSnapshot(e: SeedInferenceEndpoint): InferenceEndpointSnapshot {
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
