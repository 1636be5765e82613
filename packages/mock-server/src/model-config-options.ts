// GET trained models' answer options on a config already in TrainedModelConfig.toXContent's order
// (docs/rules.md, "Get stats and get models"): `exclude_generated` and `human`.
import { byteSizeToString } from '@mldeploy/core/rules';

/** The fields `exclude_generated=true` leaves out (the ones the server generates). */
const GENERATED = new Set([
  'created_by',
  'version',
  'create_time',
  'model_size_bytes',
  'estimated_operations',
  'license_level',
]);

/** How a GET trained models request asks the configs to be written. */
export interface ModelConfigOptions {
  /** `human`: readable values before the raw ones (`create_time_string`, `model_size`). */
  human: boolean;
  /** `exclude_generated`: without the fields the server generates. */
  excludeGenerated: boolean;
}

/** The config as the options ask, keys kept in order. */
export function shapeModelConfig(
  config: Record<string, unknown>,
  options: ModelConfigOptions,
): Record<string, unknown> {
  if (!options.human && !options.excludeGenerated) {
    return config;
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    if (options.excludeGenerated && GENERATED.has(key)) {
      continue;
    }
    if (options.human && key === 'create_time' && typeof value === 'number') {
      out.create_time_string = new Date(value).toISOString();
    }
    if (options.human && key === 'model_size_bytes' && typeof value === 'number') {
      out.model_size = byteSizeToString(value);
    }
    out[key] = value;
  }
  return out;
}
