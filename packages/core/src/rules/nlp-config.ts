// A trained model's `inference_config` as Elasticsearch parses it at creation (the strict
// parsers of the NLP configs and their tokenizations, and the tree models' two configs) and
// writes it back with its defaults filled in. Sources: docs/model-lifecycle.md.
import { PARSER_MESSAGES } from '../errors/messages.js';
import { NLP_CONFIG_MESSAGES } from '../errors/model-messages.js';
import type { ErrorCause } from '../schemas/error-envelope.js';
import { STRING_ARRAY } from './internal/any-value.js';
import type { JsonPullParser } from './internal/json-pull-parser.js';
import { suggestions } from './internal/levenshtein.js';
import {
  type FieldKind,
  type FieldSpec,
  type ObjectSpec,
  parseObject,
  ValueError,
  XContentError,
} from './internal/object-parser.js';

/** The NLP tasks a PyTorch model can be created for. */
export const NLP_TASK_TYPES = [
  'ner',
  'text_classification',
  'text_embedding',
  'text_expansion',
  'fill_mask',
  'pass_through',
  'zero_shot_classification',
  'question_answering',
  'text_similarity',
] as const;
/** An NLP task. */
export type NlpTaskType = (typeof NLP_TASK_TYPES)[number];

/** The tokenizations of NLP models. */
export const TOKENIZATION_TYPES = [
  'bert',
  'bert_ja',
  'mpnet',
  'roberta',
  'xlm_roberta',
  'deberta_v2',
] as const;
/** A tokenization. */
export type TokenizationType = (typeof TOKENIZATION_TYPES)[number];

/** The mask token of each tokenizer (what fill_mask's `mask_token` must be, and reports). */
export const MASK_TOKENS: Readonly<Record<TokenizationType, string>> = {
  bert: '[MASK]',
  bert_ja: '[MASK]',
  mpnet: '<mask>',
  roberta: '<mask>',
  xlm_roberta: '<mask>',
  deberta_v2: '[MASK]',
};

/** The index the vocabulary of every NLP model is read from (InferenceIndexConstants). */
export const NATIVE_DEFINITION_INDEX = '.ml-inference-native-000002';

/** Tokenization defaults (Tokenization's constants). */
export const TOKENIZATION_DEFAULTS = {
  do_lower_case: false,
  with_special_tokens: true,
  max_sequence_length: 512,
  truncate: 'first',
  span: -1,
} as const;

const TRUNCATE_CLASS = 'org.elasticsearch.xpack.core.ml.inference.trainedmodel.Tokenization.Truncate';
// [inferred] `balanced` arrived with DeBERTa (8.16); the rest are the original three.
const TRUNCATE_VALUES = ['first', 'second', 'none', 'balanced'];

const illegalArgument = (reason: string): ValueError =>
  new ValueError({ type: 'illegal_argument_exception', reason });
const badRequest = (reason: string): ValueError => new ValueError({ type: 'status_exception', reason });

function tokenizationSpec(name: TokenizationType): ObjectSpec {
  const fields: FieldSpec[] = [
    { names: ['do_lower_case'], type: { kind: 'boolean' } },
    { names: ['with_special_tokens'], type: { kind: 'boolean' } },
    { names: ['max_sequence_length'], type: { kind: 'int' } },
    { names: ['truncate'], type: { kind: 'string' } },
    { names: ['span'], type: { kind: 'int' } },
  ];
  if (name === 'roberta') {
    fields.push({ names: ['add_prefix_space'], type: { kind: 'boolean' } });
  }
  return { name, fields };
}

/** Applies Tokenization's defaults and checks (its constructor). */
function buildTokenization(name: TokenizationType, v: Map<string, unknown>): Record<string, unknown> {
  const max = v.get('max_sequence_length') as number | undefined;
  if (max !== undefined && max <= 0) {
    throw illegalArgument(NLP_CONFIG_MESSAGES.maxSequencePositive);
  }
  const rawTruncate = v.get('truncate') as string | undefined;
  if (rawTruncate !== undefined && !TRUNCATE_VALUES.includes(rawTruncate.toLowerCase())) {
    throw illegalArgument(NLP_CONFIG_MESSAGES.noEnumConstant(TRUNCATE_CLASS, rawTruncate));
  }
  const out: Record<string, unknown> = {
    do_lower_case: (v.get('do_lower_case') as boolean | undefined) ?? TOKENIZATION_DEFAULTS.do_lower_case,
    with_special_tokens:
      (v.get('with_special_tokens') as boolean | undefined) ?? TOKENIZATION_DEFAULTS.with_special_tokens,
    max_sequence_length: max ?? TOKENIZATION_DEFAULTS.max_sequence_length,
    truncate: rawTruncate?.toLowerCase() ?? TOKENIZATION_DEFAULTS.truncate,
    span: (v.get('span') as number | undefined) ?? TOKENIZATION_DEFAULTS.span,
  };
  const span = out.span as number;
  if (span < 0 && span !== -1) {
    throw illegalArgument(NLP_CONFIG_MESSAGES.spanRange);
  }
  if (span > (out.max_sequence_length as number)) {
    throw illegalArgument(NLP_CONFIG_MESSAGES.spanAboveMax(span, out.max_sequence_length as number));
  }
  // The check reads the truncate as given: a span with no truncate at all is refused too.
  if (span !== -1 && rawTruncate?.toLowerCase() !== 'none') {
    throw illegalArgument(NLP_CONFIG_MESSAGES.spanWithTruncate);
  }
  if (name === 'roberta') {
    out.add_prefix_space = (v.get('add_prefix_space') as boolean | undefined) ?? false;
  }
  return out;
}

/**
 * Reads a named object (`{ "<name>": { … } }`, exactly one key) with the parser its name selects,
 * as `declareNamedObject` does: an unknown name or a failure inside is reported on the field.
 */
function namedObject<N extends string>(
  field: string,
  category: string,
  specs: Readonly<Record<N, ObjectSpec>>,
  build: (name: N, values: Map<string, unknown>) => unknown,
): FieldKind {
  return {
    kind: 'custom',
    accepts: ['START_OBJECT'],
    read: (p: JsonPullParser) => {
      const t = p.nextToken();
      if (t !== 'FIELD_NAME') {
        throw new XContentError(p.tokenLine, p.tokenColumn, NLP_CONFIG_MESSAGES.singleNamedObject(field));
      }
      const name = p.text;
      if (!Object.hasOwn(specs, name)) {
        throw new XContentError(
          p.tokenLine,
          p.tokenColumn,
          NLP_CONFIG_MESSAGES.unknownNamedObject(category, name, suggestions(name, Object.keys(specs))),
        );
      }
      const line = p.tokenLine;
      const column = p.tokenColumn;
      let built: unknown;
      try {
        p.nextToken();
        built = build(name as N, parseObject(p, specs[name as N]).values);
      } catch (e) {
        if (e instanceof XContentError || e instanceof ValueError) {
          const cause: ErrorCause = e instanceof XContentError ? e.toCause() : e.esCause;
          throw new XContentError(line, column, PARSER_MESSAGES.failedToParseField(field, name), cause);
        }
        throw e;
      }
      if (p.nextToken() !== 'END_OBJECT') {
        throw new XContentError(p.tokenLine, p.tokenColumn, NLP_CONFIG_MESSAGES.singleNamedObject(field));
      }
      return { [name]: built };
    },
  };
}

const TOKENIZATION_SPECS = Object.fromEntries(
  TOKENIZATION_TYPES.map((t) => [t, tokenizationSpec(t)]),
) as Record<TokenizationType, ObjectSpec>;

/** The `tokenization` field: a named tokenization, its defaults filled in. */
const TOKENIZATION_FIELD = namedObject('tokenization', 'Tokenization', TOKENIZATION_SPECS, buildTokenization);

const VOCABULARY_FIELD: FieldSpec = {
  names: ['vocabulary'],
  type: {
    kind: 'custom',
    accepts: ['START_OBJECT'],
    read: () => {
      throw badRequest(NLP_CONFIG_MESSAGES.vocabularyAtCreation);
    },
  },
};

const COMMON: readonly FieldSpec[] = [
  VOCABULARY_FIELD,
  { names: ['tokenization'], type: TOKENIZATION_FIELD },
  { names: ['results_field'], type: { kind: 'string' } },
];

const EXTRA: Readonly<Record<NlpTaskType, readonly FieldSpec[]>> = {
  ner: [{ names: ['classification_labels'], type: STRING_ARRAY }],
  text_classification: [
    { names: ['classification_labels'], type: STRING_ARRAY },
    { names: ['num_top_classes'], type: { kind: 'int' } },
  ],
  text_embedding: [{ names: ['embedding_size'], type: { kind: 'int' } }],
  text_expansion: [],
  fill_mask: [
    { names: ['num_top_classes'], type: { kind: 'int' } },
    { names: ['mask_token'], type: { kind: 'string' } },
  ],
  pass_through: [],
  zero_shot_classification: [
    { names: ['classification_labels'], type: STRING_ARRAY },
    { names: ['labels'], type: STRING_ARRAY },
    { names: ['multi_label'], type: { kind: 'boolean' } },
    { names: ['hypothesis_template'], type: { kind: 'string' } },
  ],
  question_answering: [
    { names: ['num_top_classes'], type: { kind: 'int' } },
    { names: ['max_answer_length'], type: { kind: 'int' } },
  ],
  text_similarity: [{ names: ['span_score_combination_function'], type: { kind: 'string' } }],
};

/** The tree models' configs are read as written (their defaults: docs/model-lifecycle.md). */
const TREE_SPEC = (name: string): ObjectSpec => ({
  name,
  fields: [
    { names: ['results_field'], type: { kind: 'string' } },
    { names: ['num_top_feature_importance_values'], type: { kind: 'int' } },
    { names: ['num_top_classes'], type: { kind: 'int' } },
    { names: ['top_classes_results_field'], type: { kind: 'string' } },
    { names: ['prediction_field_type'], type: { kind: 'string' } },
  ],
});

/** Every inference config name PUT accepts. */
export type InferenceConfigName = NlpTaskType | 'regression' | 'classification';

const CONFIG_SPECS = {
  ...(Object.fromEntries(
    NLP_TASK_TYPES.map((t) => [t, { name: t, fields: [...COMMON, ...EXTRA[t]] }]),
  ) as unknown as Record<NlpTaskType, ObjectSpec>),
  regression: TREE_SPEC('regression'),
  classification: TREE_SPEC('classification'),
} satisfies Record<InferenceConfigName, ObjectSpec>;

/** True for the NLP tasks (PyTorch models). */
export function isNlpTask(name: string): name is NlpTaskType {
  return (NLP_TASK_TYPES as readonly string[]).includes(name);
}

function tokenizationOf(v: Map<string, unknown>): { name: TokenizationType; body: Record<string, unknown> } {
  const given = v.get('tokenization') as Record<string, Record<string, unknown>> | undefined;
  if (given) {
    const [name, body] = Object.entries(given)[0] as [TokenizationType, Record<string, unknown>];
    return { name, body };
  }
  return { name: 'bert', body: buildTokenization('bert', new Map()) };
}

function buildConfig(name: InferenceConfigName, v: Map<string, unknown>): Record<string, unknown> {
  if (name === 'regression' || name === 'classification') {
    return buildTreeConfig(name, v);
  }
  const tokenization = tokenizationOf(v);
  const out: Record<string, unknown> = {
    vocabulary: { index: NATIVE_DEFINITION_INDEX },
    tokenization: { [tokenization.name]: tokenization.body },
  };
  const resultsField = v.get('results_field');
  const labels = v.get('classification_labels') as string[] | undefined;
  switch (name) {
    case 'ner':
      out.classification_labels = labels ?? [];
      break;
    case 'text_classification': {
      if (!labels || labels.length < 2) {
        throw badRequest(NLP_CONFIG_MESSAGES.labelsAtLeastTwo(name, labels));
      }
      const top = (v.get('num_top_classes') as number | undefined) ?? -1;
      if (top === 0) {
        throw badRequest(NLP_CONFIG_MESSAGES.topClassesZero(name));
      }
      out.classification_labels = labels;
      out.num_top_classes = top;
      break;
    }
    case 'fill_mask': {
      const expected = MASK_TOKENS[tokenization.name];
      const requested = v.get('mask_token') as string | undefined;
      if (requested !== undefined && requested !== expected) {
        const reason = NLP_CONFIG_MESSAGES.maskToken(requested, expected);
        // [inferred] the wrapping that puts the class name into the text (the YAML test's pattern).
        throw new ValueError({
          type: 'illegal_argument_exception',
          reason: `java.lang.IllegalArgumentException: ${reason}`,
          caused_by: { type: 'illegal_argument_exception', reason },
        });
      }
      if (tokenization.body.span !== -1) {
        throw badRequest(NLP_CONFIG_MESSAGES.noWindowing(name, tokenization.body.span as number));
      }
      out.num_top_classes = (v.get('num_top_classes') as number | undefined) ?? 5;
      break;
    }
    case 'zero_shot_classification': {
      const lower = (labels ?? []).map((l) => l.toLowerCase());
      if (!lower.includes('entailment') || !lower.includes('contradiction')) {
        throw badRequest(NLP_CONFIG_MESSAGES.zeroShotLabels);
      }
      out.classification_labels = labels;
      if (v.has('labels')) {
        out.labels = v.get('labels');
      }
      out.multi_label = (v.get('multi_label') as boolean | undefined) ?? false;
      out.hypothesis_template = (v.get('hypothesis_template') as string | undefined) ?? 'This example is {}.';
      break;
    }
    case 'question_answering':
      out.num_top_classes = (v.get('num_top_classes') as number | undefined) ?? 0;
      out.max_answer_length = (v.get('max_answer_length') as number | undefined) ?? 15;
      break;
    default:
      break;
  }
  if (resultsField !== undefined) {
    out.results_field = resultsField;
  }
  if (name === 'text_embedding' && v.has('embedding_size')) {
    out.embedding_size = v.get('embedding_size');
  }
  if (name === 'text_similarity') {
    const fn = ((v.get('span_score_combination_function') as string | undefined) ?? 'max').toLowerCase();
    if (fn !== 'max' && fn !== 'mean') {
      throw illegalArgument(NLP_CONFIG_MESSAGES.unknownCombination(fn));
    }
    out.span_score_combination_function = fn;
  }
  if (name === 'fill_mask') {
    out.mask_token = MASK_TOKENS[tokenization.name];
  }
  return out;
}

function buildTreeConfig(
  name: 'regression' | 'classification',
  v: Map<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    results_field: (v.get('results_field') as string | undefined) ?? 'predicted_value',
    num_top_feature_importance_values:
      (v.get('num_top_feature_importance_values') as number | undefined) ?? 0,
  };
  if (name === 'classification') {
    out.num_top_classes = (v.get('num_top_classes') as number | undefined) ?? 0;
    out.top_classes_results_field =
      (v.get('top_classes_results_field') as string | undefined) ?? 'top_classes';
    out.prediction_field_type = (v.get('prediction_field_type') as string | undefined) ?? 'string';
  }
  return out;
}

/** The `inference_config` field of PUT: one named config, normalized with its defaults. */
export const INFERENCE_CONFIG_FIELD: FieldKind = namedObject(
  'inference_config',
  'StrictlyParsedInferenceConfig',
  CONFIG_SPECS,
  buildConfig,
);

/** The name of a normalized `inference_config` (its one key). */
export function inferenceConfigName(config: Record<string, unknown> | undefined): string | undefined {
  return config === undefined ? undefined : Object.keys(config)[0];
}
