// A seeded model's configuration as `GET _ml/trained_models` answers it (no definition): what the
// model store holds for models a seed declares (created models keep what PUT stored).
import type { TrainedModelConfig } from '@mldeploy/core';
import { BUILT_IN_MODELS, DEFAULT_INPUT_FIELD } from '@mldeploy/core/rules';
import type { ModelStore } from './model-store.js';
import type { SeedModel } from './seed-schema.js';

/** A `TrainedModelConfig` as `GET _ml/trained_models` answers it (no definition). */
export function modelConfigJson(model: Readonly<SeedModel>): TrainedModelConfig {
  const out: Record<string, unknown> = {
    model_id: model.model_id,
    model_type: model.model_type ?? 'pytorch',
    created_by: model.created_by ?? 'api_user',
    version: '12.0.0',
    create_time: model.create_time ?? 0,
    model_size_bytes: model.model_size_bytes,
    estimated_operations: 0,
    license_level: 'platinum',
  };
  if (model.description !== undefined) {
    out.description = model.description;
  }
  out.tags = model.tags ?? [];
  out.metadata = {};
  out.input = (model.input ?? { field_names: [DEFAULT_INPUT_FIELD] }) satisfies TrainedModelConfig['input'];
  out.inference_config = model.inference_config ?? { pass_through: {} };
  out.location = { index: { name: '.ml-inference-native-000002' } } satisfies TrainedModelConfig['location'];
  return out as TrainedModelConfig;
}

/**
 * Fills a cleared store with a seed's models (defined, their aliases too) and the built-in model
 * every cluster serves; answers the models the cluster must add besides the seed's (the built-in).
 */
export function seedModelStore(store: ModelStore, models: readonly SeedModel[]): SeedModel[] {
  store.clear();
  for (const m of models) {
    store.put(modelConfigJson(m) as unknown as Record<string, unknown>, { defined: true });
    for (const alias of m.aliases ?? []) {
      store.setAlias(alias, m.model_id);
    }
  }
  const builtIn = BUILT_IN_MODELS.lang_ident_model_1;
  if (store.has(builtIn.model_id)) {
    return [];
  }
  store.put({ ...builtIn } as Record<string, unknown>, { defined: true });
  return [
    {
      model_id: builtIn.model_id,
      model_size_bytes: builtIn.model_size_bytes,
      model_type: builtIn.model_type,
      description: builtIn.description,
      tags: [...builtIn.tags],
      created_by: builtIn.created_by,
      create_time: builtIn.create_time,
      inference_config: builtIn.inference_config,
    },
  ];
}
