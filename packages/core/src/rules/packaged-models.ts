// Elastic's own models, as the model package loader describes them to PUT (the config a `PUT` with
// only `input` takes from the package). Sizes of `.elser_model_2` follow the default seed; the
// rest are [inferred] from Elastic's model repository metadata (docs/model-lifecycle.md).
import { NATIVE_DEFINITION_INDEX, TOKENIZATION_DEFAULTS } from './nlp-config.js';

/** One of Elastic's packaged models. */
export interface PackagedModel {
  description: string;
  model_type: 'pytorch';
  size: number;
  minimum_version: string;
  platform_architecture?: string;
  inference_config: Record<string, Record<string, unknown>>;
  prefix_strings?: { search?: string; ingest?: string };
  metadata?: Record<string, unknown>;
}

const tokenization = (name: string, extra: Record<string, unknown> = {}) => ({
  [name]: { ...TOKENIZATION_DEFAULTS, ...extra },
});

const elser = (platform?: string): PackagedModel => ({
  description: platform
    ? `Elastic Learned Sparse EncodeR v2, optimized for ${platform}`
    : 'Elastic Learned Sparse EncodeR v2',
  model_type: 'pytorch',
  size: 438_123_914,
  minimum_version: '11.0.0',
  ...(platform ? { platform_architecture: platform } : {}),
  inference_config: {
    text_expansion: {
      vocabulary: { index: NATIVE_DEFINITION_INDEX },
      tokenization: tokenization('bert', { do_lower_case: true }),
    },
  },
});

/** Elastic's models by id: what PUT `{id}` with only `input` creates and downloads. */
export const PACKAGED_MODELS: Readonly<Record<string, PackagedModel>> = {
  '.elser_model_2': elser(),
  '.elser_model_2_linux-x86_64': elser('linux-x86_64'),
  '.multilingual-e5-small': {
    description: 'E5 small multilingual',
    model_type: 'pytorch',
    size: 470_331_940,
    minimum_version: '11.0.0',
    inference_config: {
      text_embedding: {
        vocabulary: { index: NATIVE_DEFINITION_INDEX },
        tokenization: tokenization('xlm_roberta'),
        embedding_size: 384,
      },
    },
    prefix_strings: { search: 'query: ', ingest: 'passage: ' },
  },
  '.rerank-v1': {
    description: 'Elastic Rerank v1',
    model_type: 'pytorch',
    size: 565_000_000,
    minimum_version: '11.0.0',
    inference_config: {
      text_similarity: {
        vocabulary: { index: NATIVE_DEFINITION_INDEX },
        tokenization: tokenization('deberta_v2', { truncate: 'balanced' }),
        span_score_combination_function: 'max',
      },
    },
  },
};

/** The model every cluster serves from a resource (lang_ident_model_1), as GET shows it. */
export const BUILT_IN_MODELS = {
  lang_ident_model_1: {
    model_id: 'lang_ident_model_1',
    model_type: 'lang_ident',
    created_by: '_xpack',
    version: '7.6.0',
    create_time: 1_575_548_914_594,
    model_size_bytes: 1_053_992,
    estimated_operations: 39_629,
    license_level: 'basic',
    description: 'Model used for identifying language from arbitrary input text.',
    tags: ['lang_ident', 'prepackaged'],
    input: { field_names: ['text'] },
    inference_config: {
      classification: {
        num_top_classes: 0,
        top_classes_results_field: 'top_classes',
        results_field: 'predicted_value',
        num_top_feature_importance_values: 0,
        prediction_field_type: 'string',
      },
    },
  },
} as const;
