// The cluster's side of inference: what the inference service (inference-service.ts) and the
// inference endpoints' API (inference-endpoint-api.ts) read of and change in the cluster's state,
// built from the state and a few of the cluster's own operations. docs/inference.md.
import type { EsError, StartRequest } from '@mldeploy/core/rules';
import type { ClusterState } from './cluster-state.js';
import type { Deployment, Outcome } from './deployment.js';
import type { EndpointHost } from './inference-endpoint-api.js';
import { endpointSnapshot } from './inference-endpoints.js';
import type { InferableDeployment, InferenceHost } from './inference-service.js';
import type { SeedInferenceEndpoint } from './seed-schema.js';

/** The cluster's operations inference needs besides its state. */
export interface ClusterOperations {
  now(): number;
  /** Requests queued on a node by the simulated load. */
  pending(d: Deployment, nodeId: string): number;
  requestAllocation(d: Deployment): boolean;
  start(request: StartRequest): Outcome<Deployment>;
  stop(id: string): void;
  /** Marks a change of state (the revision), so it is persisted. */
  changed(): void;
  /** The input field names a model's stored config holds (PUT or seed). */
  inputOf(modelId: string): readonly string[] | undefined;
  /** The model a model alias points to. */
  aliasTarget(alias: string): string | undefined;
  /** Adds a model to the model store as its download would (fully defined at once). */
  storeModel(config: Record<string, unknown>): void;
}

/** A model as inference reads it: the seed's, with the input field names of its stored config. */
function modelView(state: ClusterState, ops: ClusterOperations, id: string) {
  const m = state.models.get(id);
  const input = m?.input?.field_names ?? ops.inputOf(id);
  return m && { ...m, input_field_names: input !== undefined && input.length > 0 ? input : undefined };
}

/** What the inference service reads of the cluster. */
export function inferenceHostOf(state: ClusterState, ops: ClusterOperations): InferenceHost {
  return {
    now: () => ops.now(),
    deployments: () => state.deployments.values(),
    model: (id) => modelView(state, ops, id),
    modelOfAlias: (alias) =>
      ops.aliasTarget(alias) ?? [...state.models.values()].find((m) => m.aliases?.includes(alias))?.model_id,
    pending: (d, nodeId) => ops.pending(d as Deployment, nodeId),
    requestAllocation: (d) => ops.requestAllocation(d as Deployment),
  };
}

/** The settings only endpoints created through the API carry. */
function extraSettings(e: SeedInferenceEndpoint): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (e.task_settings !== undefined) {
    out.task_settings = e.task_settings;
  }
  if (e.chunking_settings !== undefined) {
    out.chunking_settings = e.chunking_settings;
  }
  return out;
}

const defined = (o: object) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** What the inference endpoints' API reads of and changes in the cluster. */
export function endpointHostOf(state: ClusterState, ops: ClusterOperations): EndpointHost {
  return {
    model: (id) => modelView(state, ops, id),
    deployments: () => state.deployments.values(),
    storedEndpoints: () =>
      state.endpoints.list().map((e) => ({ ...endpointSnapshot(e), ...extraSettings(e) })),
    storeEndpoint: (e) => {
      const stored = {
        ...defined(e),
        service_settings: defined(e.service_settings),
      } as SeedInferenceEndpoint;
      state.endpoints.store(structuredClone(stored));
      ops.changed();
    },
    removeEndpoint: (id) => {
      state.endpoints.remove(id);
      ops.changed();
    },
    addModel: (m) => {
      const model = {
        model_id: m.model_id,
        model_size_bytes: m.model_size_bytes,
        model_type: 'pytorch' as const,
        description: m.description,
        tags: ['elastic'],
        created_by: '_xpack',
        create_time: ops.now(),
        input: { field_names: [...(m.input_field_names ?? ['text_field'])] },
        inference_config: structuredClone(m.inference_config ?? {}),
      };
      state.models.set(m.model_id, model);
      ops.storeModel(structuredClone(model) as unknown as Record<string, unknown>);
      ops.changed();
    },
    startDeployment: (request) => {
      const started = ops.start(request);
      if (started.ok) {
        started.value.owned_by_inference_endpoint = true;
      }
      return started as { ok: true; value: InferableDeployment } | { ok: false; error: EsError };
    },
    stopDeployment: (id) => ops.stop(id),
    references: (id) => {
      const e = state.endpoints.get(id);
      return { pipelines: e?.referenced_by_pipelines ?? [], indexes: e?.semantic_text_indices ?? [] };
    },
  };
}
