// The configuration Elasticsearch stores and answers for a created model (the PUT answer, and what
// GET shows later): the server's fields filled in, the package's config for Elastic's models, in
// TrainedModelConfig.toXContent's order. Sources: docs/model-lifecycle.md.
import type { PutModelRequest } from './check-put-model-request.js';
import { inferenceConfigName, isNlpTask, NATIVE_DEFINITION_INDEX } from './nlp-config.js';
import type { PackagedModel } from './packaged-models.js';
import type { TreeFacts } from './tree-definition.js';

/** What the server adds when it stores a model. */
export interface StoreContext {
  /** Epoch milliseconds of the creation. */
  now: number;
  /** MlConfigVersion.CURRENT of the cluster. */
  configVersion: string;
  /** The facts of an inline tree definition, when the request had one. */
  tree?: TreeFacts | undefined;
  /** Elastic's package, for a packaged model id. */
  packaged?: PackagedModel | undefined;
}

/** The input a config gets when the request has none (InferenceConfig.getDefaultInput). */
export function defaultInput(configName: string | undefined): { field_names: string[] } | undefined {
  return configName !== undefined && isNlpTask(configName) ? { field_names: ['text_field'] } : undefined;
}

/** The stored configuration, field for field in the server's order (no definition, no status). */
export function buildModelConfig(request: PutModelRequest, ctx: StoreContext): Record<string, unknown> {
  const body = request.body;
  const pkg = ctx.packaged;
  const inferenceConfig = pkg?.inference_config ?? body.inference_config;
  const modelType = pkg?.model_type ?? body.model_type ?? ctx.tree?.model_type;
  const out: Record<string, unknown> = { model_id: request.model_id };
  if (modelType !== undefined) {
    out.model_type = modelType;
  }
  if (pkg) {
    out.model_package = {
      packaged_model_id: request.model_id.slice(1),
      model_repository: 'https://ml-models.elastic.co',
      minimum_version: pkg.minimum_version,
      size: pkg.size,
    };
  }
  const platform = pkg?.platform_architecture ?? body.platform_architecture;
  if (platform !== undefined) {
    out.platform_architecture = platform;
  }
  out.created_by = 'api_user';
  out.version = ctx.configVersion;
  out.create_time = ctx.now;
  out.model_size_bytes = pkg?.size ?? ctx.tree?.model_size_bytes ?? body.model_size_bytes ?? 0;
  out.estimated_operations = ctx.tree?.estimated_operations ?? body.estimated_operations ?? 0;
  out.license_level = 'platinum';
  const description = pkg?.description ?? body.description;
  if (description !== undefined) {
    out.description = description;
  }
  out.tags = pkg ? [] : body.tags;
  const metadata = pkg?.metadata ?? body.metadata;
  if (metadata !== undefined) {
    out.metadata = metadata;
  }
  out.input = body.input ?? defaultInput(inferenceConfigName(inferenceConfig));
  if (body.default_field_map !== undefined && Object.keys(body.default_field_map).length > 0) {
    out.default_field_map = body.default_field_map;
  }
  if (inferenceConfig !== undefined) {
    out.inference_config = inferenceConfig;
  }
  if (ctx.tree === undefined && body.compressed_definition === undefined) {
    out.location = { index: { name: NATIVE_DEFINITION_INDEX } };
  }
  const prefix = pkg?.prefix_strings ?? body.prefix_strings;
  if (prefix !== undefined) {
    out.prefix_strings = prefix;
  }
  return out;
}
