// The memory Elasticsearch estimates for a model deployment: what placement, the 429 and the
// stats' `required_native_memory_bytes` are computed from. See docs/rules.md, "Model memory".

const MB = 1024 * 1024;

/** The per-model overhead of the native process (`MEMORY_OVERHEAD`, 240mb). */
export const MODEL_MEMORY_OVERHEAD_BYTES = 240 * MB;

/** The flat estimate of ELSER v1 and v2 (`ELSER_1_OR_2_MEMORY_USAGE`, 2004mb). */
export const ELSER_MEMORY_BYTES = 2004 * MB;

/** What {@link estimateModelMemoryBytes} reads of a model and a deployment. */
export interface ModelMemoryInput {
  /** The model id: ELSER v1 and v2 are recognised by its prefix. */
  model_id: string;
  /** The definition's total length (`model_size_bytes`). */
  model_size_bytes: number;
  /** The model's own measured memory, 0 when it has none (`per_deployment_memory_bytes`). */
  per_deployment_memory_bytes?: number | undefined;
  /** Per allocation, 0 when it has none (`per_allocation_memory_bytes`). */
  per_allocation_memory_bytes?: number | undefined;
}

/** True for ELSER v1 and v2, whose estimate is flat (`isElserV1Or2Model`: the id's prefix). */
export function isElserV1OrV2(modelId: string): boolean {
  return modelId.startsWith('.elser_model_1') || modelId.startsWith('.elser_model_2');
}

/**
 * `StartTrainedModelDeploymentAction.estimateMemoryUsageBytes`: 0 for 0 allocations; 2004mb for
 * ELSER v1 or v2 without memory of its own; `240mb + 2 × size` for a model without per-deployment
 * or per-allocation memory; otherwise the larger of that and
 * `per_deployment + per_allocation × allocations + size`. Elastic's other models (E5) carry their
 * per-deployment and per-allocation memory in their package, so they take the last branch.
 */
export function estimateModelMemoryBytes(model: ModelMemoryInput, allocations: number): number {
  if (allocations === 0) {
    return 0;
  }
  const size = model.model_size_bytes;
  const perDeployment = model.per_deployment_memory_bytes ?? 0;
  const perAllocation = model.per_allocation_memory_bytes ?? 0;
  const base = MODEL_MEMORY_OVERHEAD_BYTES + 2 * size;
  if (perDeployment === 0 && perAllocation === 0) {
    return isElserV1OrV2(model.model_id) ? ELSER_MEMORY_BYTES : base;
  }
  return Math.max(base, perDeployment + perAllocation * allocations + size);
}

/**
 * `TaskParams.estimateMemoryUsageBytes`: the model's estimate plus the part of a cache larger than
 * the model (the estimate already holds the model twice).
 */
export function estimateDeploymentMemoryBytes(
  model: ModelMemoryInput,
  allocations: number,
  cacheSizeBytes: number | undefined,
): number {
  const estimate = estimateModelMemoryBytes(model, allocations);
  if (allocations === 0 || cacheSizeBytes === undefined || cacheSizeBytes <= model.model_size_bytes) {
    return estimate;
  }
  return estimate + (cacheSizeBytes - model.model_size_bytes);
}
