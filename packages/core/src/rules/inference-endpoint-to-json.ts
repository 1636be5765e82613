import type { InferenceEndpointSnapshot } from './check-inference-update.js';

/** The endpoint as `GET _inference` and `_update` write it (ModelConfigurations.toFilteredXContent). */
export function inferenceEndpointToJson(endpoint: InferenceEndpointSnapshot): Record<string, unknown> {
  const s = endpoint.service_settings;
  const settings: Record<string, unknown> = {};
  if (s.num_allocations !== undefined) {
    settings.num_allocations = s.num_allocations;
  }
  settings.num_threads = s.num_threads;
  settings.model_id = s.model_id;
  if (s.adaptive_allocations !== undefined) {
    const a = s.adaptive_allocations;
    settings.adaptive_allocations = {
      enabled: a.enabled ?? false,
      ...(a.min_number_of_allocations !== undefined
        ? { min_number_of_allocations: a.min_number_of_allocations }
        : {}),
      ...(a.max_number_of_allocations !== undefined
        ? { max_number_of_allocations: a.max_number_of_allocations }
        : {}),
    };
  }
  if (s.deployment_id !== undefined) {
    settings.deployment_id = s.deployment_id;
  }
  return {
    inference_id: endpoint.inference_id,
    task_type: endpoint.task_type,
    service: endpoint.service,
    service_settings: settings,
  };
}
