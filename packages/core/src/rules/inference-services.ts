// The in-cluster inference services' facts: the task types each supports, the model the old
// `elser` service defaults to, and the endpoints a new cluster has. docs/inference.md.
import type { InferenceEndpointSnapshot } from './check-inference-update.js';

/** A concrete task type (not `any`). */
export type EndpointTaskType = InferenceEndpointSnapshot['task_type'];

/** The task types each in-cluster service supports (ElasticsearchInternalService, ElserInternalService). */
export const SERVICE_TASK_TYPES: Readonly<Record<string, readonly EndpointTaskType[]>> = {
  elasticsearch: ['text_embedding', 'sparse_embedding', 'rerank'],
  elser: ['sparse_embedding'],
};

/** The model the deprecated `elser` service defaults to. */
export const ELSER_MODEL_ID = '.elser_model_2';

/** The endpoints a new cluster has (ElasticsearchInternalService.defaultConfigs), each deployed on first use. */
export const DEFAULT_INFERENCE_ENDPOINTS: readonly InferenceEndpointSnapshot[] = [
  {
    inference_id: '.elser-2-elasticsearch',
    task_type: 'sparse_embedding',
    service: 'elasticsearch',
    service_settings: {
      num_threads: 1,
      model_id: ELSER_MODEL_ID,
      adaptive_allocations: { enabled: true, min_number_of_allocations: 0, max_number_of_allocations: 32 },
    },
  },
  {
    inference_id: '.multilingual-e5-small-elasticsearch',
    task_type: 'text_embedding',
    service: 'elasticsearch',
    service_settings: {
      num_threads: 1,
      model_id: '.multilingual-e5-small',
      adaptive_allocations: { enabled: true, min_number_of_allocations: 0, max_number_of_allocations: 32 },
    },
  },
];

/** True for the ids of {@link DEFAULT_INFERENCE_ENDPOINTS}. */
export function isDefaultInferenceId(id: string): boolean {
  return DEFAULT_INFERENCE_ENDPOINTS.some((e) => e.inference_id === id);
}
