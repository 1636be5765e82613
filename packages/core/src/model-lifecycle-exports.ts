// A model's life (PUT, vocabulary, definition parts, delete, aliases, downloads, `_ml/info`,
// `_cat/ml/trained_models`): every rule, message and default, re-exported by the rules entry.
export {
  MODEL_MESSAGES,
  MODEL_VALIDATION,
  modelErrors,
  NLP_CONFIG_MESSAGES,
} from './errors/model-messages.js';
export {
  CAT_TRAINED_MODELS_COLUMNS,
  type CatCell,
  type CatColumn,
  type CatModelFacts,
  type CatRequest,
  catTrainedModelRow,
  checkCatTrainedModelsRequest,
} from './rules/cat-trained-models.js';
export {
  base64Length,
  checkDefinitionPartRequest,
  checkDeleteModelRequest,
  checkMlInfoRequest,
  checkModelAliasRequest,
  checkVocabularyRequest,
  type DefinitionPartRequest,
  type DeleteModelRequest,
  MAX_DEFINITION_PARTS,
  MODEL_ALIAS_PATTERN,
  type ModelAliasRequest,
  type VocabularyRequest,
} from './rules/check-model-requests.js';
export {
  checkPutModelRequest,
  ID_LENGTH_LIMIT,
  isValidId,
  MODEL_TYPES,
  type ModelType,
  type PutModelBody,
  type PutModelRequest,
  TRAINED_MODEL_CONFIG_PARSER,
  validateModelConfig,
  validatePackageOverrides,
} from './rules/check-put-model-request.js';
export { type MlInfoInput, mlInfo } from './rules/ml-info.js';
export { buildModelConfig, defaultInput, type StoreContext } from './rules/model-config.js';
export {
  type AliasPutOutcome,
  checkAliasDelete,
  checkAliasPut,
  checkDefinitionPartState,
  checkDefinitionStatus,
  checkModelDelete,
  checkPutModelState,
  checkStartDefinition,
  checkVocabularyState,
  type DefinitionState,
  type DeleteOutcome,
  type LifecycleView,
  type ModelFacts,
} from './rules/model-lifecycle.js';
export {
  type InferenceConfigName,
  inferenceConfigName,
  isNlpTask,
  MASK_TOKENS,
  NATIVE_DEFINITION_INDEX,
  NLP_TASK_TYPES,
  type NlpTaskType,
  TOKENIZATION_DEFAULTS,
  TOKENIZATION_TYPES,
  type TokenizationType,
} from './rules/nlp-config.js';
export { BUILT_IN_MODELS, PACKAGED_MODELS, type PackagedModel } from './rules/packaged-models.js';
export { type TreeFacts, treeDefinitionFacts } from './rules/tree-definition.js';
