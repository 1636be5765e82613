// What PUT learns from an inline tree definition (boosted tree models, as data frame analytics and
// the YAML tests' fixtures create them): the model type, the target type it must agree with, and
// the estimates it stores. The model is never evaluated. Sources: docs/model-lifecycle.md.
import type { EsError } from '../errors/envelope.js';
import { MODEL_MESSAGES, modelErrors } from '../errors/model-messages.js';

/** The facts of a tree definition. */
export interface TreeFacts {
  model_type: 'tree_ensemble';
  target_type: string;
  estimated_operations: number;
  model_size_bytes: number;
}

type Json = Record<string, unknown>;

function treeNodes(tree: Json): number {
  return Array.isArray(tree.tree_structure) ? tree.tree_structure.length : 0;
}

/** Tree.estimatedNumOperations: the depth of a balanced tree of its nodes. */
function treeOperations(tree: Json): number {
  const n = treeNodes(tree);
  return n <= 1 ? 0 : Math.ceil(Math.log(n));
}

/** [inferred] ramBytesUsed: a fixed part and a part per node and feature (small trees stay under 1kb). */
function treeBytes(tree: Json): number {
  const features = Array.isArray(tree.feature_names) ? tree.feature_names.length : 0;
  return 200 + 96 * treeNodes(tree) + 32 * features;
}

/**
 * Reads `definition.trained_model` (a `tree` or an `ensemble` of them) and checks its target type
 * against the inference config, as TransportPutTrainedModelAction does.
 */
export function treeDefinitionFacts(
  modelId: string,
  definition: Json,
  configName: string | undefined,
  modelType: string | undefined,
): { ok: true; value: TreeFacts } | { ok: false; error: EsError } {
  const trained = (definition.trained_model ?? {}) as Json;
  let facts: TreeFacts;
  if (trained.ensemble !== undefined) {
    const ensemble = trained.ensemble as Json;
    const models = (Array.isArray(ensemble.trained_models) ? ensemble.trained_models : []) as Json[];
    const trees = models.map((m) => (m.tree ?? {}) as Json);
    facts = {
      model_type: 'tree_ensemble',
      target_type: String(ensemble.target_type ?? 'regression'),
      // each tree, then the weighted sum of their outputs
      estimated_operations: trees.reduce((sum, t) => sum + treeOperations(t), 0) + trees.length,
      model_size_bytes: 120 + trees.reduce((sum, t) => sum + treeBytes(t), 0),
    };
  } else {
    const tree = (trained.tree ?? {}) as Json;
    facts = {
      model_type: 'tree_ensemble',
      target_type: String(tree.target_type ?? 'regression'),
      estimated_operations: treeOperations(tree),
      model_size_bytes: treeBytes(tree),
    };
  }
  if (modelType !== undefined && modelType !== facts.model_type) {
    return {
      ok: false,
      error: modelErrors.badRequest(MODEL_MESSAGES.typeMismatch(modelType, facts.model_type)),
    };
  }
  if (configName !== undefined && configName !== facts.target_type) {
    return {
      ok: false,
      error: modelErrors.badRequest(
        MODEL_MESSAGES.targetTypeMismatch(modelId, configName, facts.target_type),
      ),
    };
  }
  return { ok: true, value: facts };
}
