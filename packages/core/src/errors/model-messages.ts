// The messages of a model's life (PUT, vocabulary, definition parts, aliases, delete, download),
// byte for byte as Elasticsearch writes them. Sources and [inferred] texts: docs/model-lifecycle.md.
import type { EsError } from './envelope.js';
import { toEnvelope } from './envelope.js';
import { didYouMean, formatValidation } from './messages.js';

/** Java's `List.toString`: `[a, b]`. */
function javaList(items: readonly string[]): string {
  return `[${items.join(', ')}]`;
}

/** The validation messages (`Validation Failed: …`) of the model requests. */
export const MODEL_VALIDATION = {
  modelTypeRequired: '[model_type] must be set if [definition] is not defined.',
  inferenceConfigRequired: '[inference_config] must not be null.',
  definitionAndLocation: '[definition] and [location] are both defined but only one can be used.',
  invalidId: (field: string, id: string) =>
    `Invalid ${field}; '${id}' can contain lowercase alphanumeric (a-z and 0-9), hyphens or underscores; must start and end with alphanumeric`,
  /** [inferred] Messages.INVALID_MODEL_PACKAGE_ID. */
  invalidPackageId: (field: string, id: string) =>
    `Invalid ${field}; '${id}' is not a valid model package id`,
  idTooLong: (field: string, id: string, limit: number) =>
    `Invalid ${field}; '${id}' cannot contain more than ${limit} characters.`,
  invalidTags: (tags: readonly string[], limit: number) =>
    `Invalid tags ${javaList(tags)}; must only can contain lowercase alphanumeric (a-z and 0-9), hyphens or underscores, must start and end with alphanumeric, and must be less than ${limit} characters.`,
  tagEqualsModelId: 'none of the tags must equal the model_id',
  illegalAtCreation: (setting: string) => `illegal to set [${setting}] at inference model creation`,
  illegalForPackage: (setting: string) =>
    `illegal to set [${setting}] at inference model creation for packaged model`,
  fieldNamesEmpty: '[input.field_names] must not be empty',
  fieldNamesDots: '[input.field_names] must only contain valid dot delimited field names',
  /** [inferred] NlpConfig: an NLP model reads one text field. */
  fieldNamesOneForNlp: '[input.field_names] must contain exactly one field for NLP models',
  /** [inferred] the top-level wrapping: the builder's IllegalArgumentException. */
  bothDefinitions: 'both [compressed_definition] and [definition] cannot be set.',
  deferNeedsSize:
    'when [defer_definition_decompression] is true and a compressed definition is provided, model_size_bytes must be set',
  partNegative: '[part] must be greater or equal to 0',
  totalPartsPositive: '[total_parts] must be greater than 0',
  totalPartsTooMany: (max: number) => `[total_parts] must be less than or equal to ${max}`,
  totalLengthPositive: '[total_definition_length] must be greater than 0',
  partNotBelowTotal: '[part] must be less than total_parts',
  /** ExceptionsHelper.requireNonNull. */
  requiredField: (field: string) => `[${field}] must not be null.`,
  vocabularyEmpty: '[vocabulary] must not be empty',
  scoresLength: '[scores] must have same length as [vocabulary]',
  aliasEqualsId: (alias: string, id: string) => `model_alias [${alias}] cannot equal model_id [${id}]`,
  invalidAlias: (alias: string) =>
    `Invalid model_alias; '${alias}' can contain lowercase alphanumeric (a-z and 0-9), hyphens or underscores; must start with alphanumeric and cannot end with numbers`,
} as const;

/** The messages of the inference configurations and tokenizations (thrown while parsing). */
export const NLP_CONFIG_MESSAGES = {
  vocabularyAtCreation: 'illegal setting [vocabulary] on inference model creation',
  maskToken: (requested: string, expected: string) =>
    `Mask token requested was [${requested}] but must be [${expected}] for this model`,
  noWindowing: (name: string, span: number) =>
    `[${name}] does not support windowing long text sequences; configured span [${span}]`,
  maxSequencePositive: '[max_sequence_length] must be positive',
  spanRange:
    '[span] must be non-negative to indicate span length or -1 to indicate no windowing should occur',
  spanAboveMax: (span: number, max: number) =>
    `[span] provided [${span}] must not be greater than [max_sequence_length] provided [${max}]`,
  spanWithTruncate: '[span] must not be provided when [truncate] is not [none]',
  noEnumConstant: (javaClass: string, value: string) =>
    `No enum constant ${javaClass}.${value.toUpperCase()}`,
  /** [inferred] TextClassificationConfig. */
  labelsAtLeastTwo: (name: string, labels: readonly string[] | undefined) =>
    `[${name}] requires at least 2 [classification_labels]; provided ${labels ? javaList(labels) : 'null'}`,
  /** [inferred] TextClassificationConfig. */
  topClassesZero: (name: string) => `[${name}] requires at least 1 [num_top_classes]; provided [0]`,
  /** [inferred] ZeroShotClassificationConfig. */
  zeroShotLabels:
    '[zero_shot_classification] requires [entailment] and [contradiction] in classification_labels',
  /** [inferred] NamedXContentRegistry's answer for a name it does not know. */
  unknownNamedObject: (category: string, name: string, candidates: readonly string[]) =>
    `Unknown ${category} [${name}]${candidates.length > 0 ? ` did you mean ${didYouMean(candidates)}?` : ''}`,
  /** [inferred] declareNamedObject with two keys. */
  singleNamedObject: (field: string) => `[${field}] can only contain a single object`,
  /** [inferred] span_score_combination_function. */
  unknownCombination: (value: string) => `unknown span_score_combination_function [${value}]`,
} as const;

/** The state messages of a model's life (transport actions). */
export const MODEL_MESSAGES = {
  exists: (id: string) => `Trained machine learning model [${id}] already exists`,
  idIsAlias: (id: string) =>
    `requested model_id [${id}] is the same as an existing model_alias. Model model_aliases and ids must be unique`,
  idIsDeployment: (id: string) =>
    `Cannot create model [${id}] the id is the same as an current model deployment`,
  tagsAreIds: (tags: readonly string[]) =>
    `The provided tags ${javaList(tags)} must not match existing model_ids.`,
  idIsTag: (id: string) => `The provided model_id ${id} must not match existing tags.`,
  typeMismatch: (given: string, fromDefinition: string) =>
    `model_type [${given}] does not match the model definition type [${fromDefinition}]`,
  targetTypeMismatch: (id: string, config: string, target: string) =>
    `Model [${id}] inference config type [${config}] does not support definition target type [${target}]`,
  /** [inferred] the package loader's answer for an unknown Elastic model. */
  unknownPackage: (id: string) => `Unable to find model package [${id}]`,
  definitionNotFound: (id: string) => `Could not find trained model definition [${id}]`,
  downloadRunning: (id: string) =>
    `Model download task is currently running. Wait for trained model [${id}] download task to complete then try again`,
  /** [inferred] a simulated download that failed. */
  downloadFailed: (id: string, why: string) => `Model download of [${id}] failed: ${why}`,
  locationNull: (id: string) => `cannot put definition for model [${id}] as location is null`,
  partExists: (id: string, part: number) =>
    `Trained machine learning model chunked doc [${id}][${part}] already exists`,
  /** [inferred] parts that disagree on the total length or count. */
  partDisagrees: (id: string, field: string, first: number, given: number) =>
    `[${id}] definition part [${field}] is [${given}] but earlier parts gave [${first}]`,
  /** [inferred] TransportPutTrainedModelVocabularyAction. */
  vocabularyNotNlp: (id: string) => `cannot put vocabulary for model [${id}] as it is not an NLP model`,
  deleteReferenced: (id: string) =>
    `Cannot delete model [${id}] as it is still referenced by ingest processors; use force to delete the model`,
  deleteAliasReferenced: (id: string, alias: string) =>
    `Cannot delete model [${id}] as it has a model_alias [${alias}] that is still referenced by ingest processors; use force to delete the model`,
  deleteDeployed: (id: string) =>
    `Cannot delete model [${id}] as it is currently deployed; use force to delete the model`,
  deleteManaged: (id: string) => `Unable to delete model [${id}] as it is required by machine learning`,
  aliasTaken: (alias: string, id: string, old: string) =>
    `cannot assign model_alias [${alias}] to model_id [${id}] as model_alias already refers to [${old}]. Set parameter [reassign] to [true] if model_alias should be reassigned.`,
  aliasIsModelId: 'model_alias cannot be the same as an existing trained model_id',
  aliasConfigType: (alias: string, id: string, type: string, old: string, oldType: string) =>
    `cannot reassign model_alias [${alias}] to model [${id}] with inference config type [${type}] from model [${old}] with type [${oldType}]`,
  aliasModelType: (alias: string, id: string, type: string, old: string, oldType: string) =>
    `cannot reassign model_alias [${alias}] to model [${id}] with type [${type}] from model [${old}] with type [${oldType}]`,
  aliasNotDeployed: (alias: string, id: string, old: string) =>
    `cannot reassign model_alias [${alias}] to model [${id}] from model [${old}] as it is not yet deployed`,
  aliasNotAllocated: (alias: string, id: string, old: string) =>
    `cannot reassign model_alias [${alias}] to model [${id}]  from model [${old}] as it is not yet allocated to any nodes`,
  aliasInputsDiffer: (id: string, old: string) =>
    `The input fields for new model [${id}] and for old model [${old}] differ significantly, model results may change drastically.`,
  aliasNotFound: (alias: string) => `model_alias [${alias}] could not be found`,
  aliasOtherModel: (alias: string, id: string) =>
    `model_alias [${alias}] does not refer to provided model_id [${id}]`,
  aliasReferenced: (alias: string) =>
    `Cannot delete model_alias [${alias}] as it is still referenced by ingest processors`,
  /** RestTable: an `s` key that names no column. */
  catUnknownSortKey: (key: string) => `Unable to sort by unknown sort key \`${key}\``,
  statusManyModels: 'Getting the model download status is not supported when getting more than one model',
  statusOnlyPytorch: 'Definition status is only relevant to PyTorch model types',
} as const;

const bad = (reason: string): EsError => toEnvelope('MODEL_REQUEST_INVALID', reason);

/** The errors of a model's life, as Elasticsearch answers them. */
export const modelErrors = {
  validation: (messages: readonly string[]): EsError =>
    toEnvelope('VALIDATION_FAILED', formatValidation(messages)),
  badRequest: bad,
  exists: (id: string): EsError => toEnvelope('MODEL_EXISTS', MODEL_MESSAGES.exists(id)),
  partExists: (id: string, part: number): EsError =>
    toEnvelope('MODEL_EXISTS', MODEL_MESSAGES.partExists(id, part)),
  definitionNotFound: (id: string): EsError =>
    toEnvelope('MODEL_DEFINITION_NOT_FOUND', MODEL_MESSAGES.definitionNotFound(id)),
  downloadRunning: (id: string): EsError =>
    toEnvelope('MODEL_DOWNLOADING', MODEL_MESSAGES.downloadRunning(id)),
  inUse: (reason: string): EsError => toEnvelope('MODEL_IN_USE', reason),
  aliasNotFound: (alias: string): EsError =>
    toEnvelope('MODEL_ALIAS_NOT_FOUND', MODEL_MESSAGES.aliasNotFound(alias)),
  aliasConflict: (reason: string): EsError => toEnvelope('MODEL_ALIAS_CONFLICT', reason),
  catUnknownSortKey: (key: string): EsError =>
    toEnvelope('BAD_PARAMETER', MODEL_MESSAGES.catUnknownSortKey(key)),
} as const;
