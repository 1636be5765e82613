// The messages of inference: the trained models `_infer` API (RestInferTrainedModelAction,
// InferModelAction, TransportInternalInferModelAction, the deployment's queue and timeout) and the
// inference API's endpoints (TransportPutInferenceModelAction, ElasticsearchInternalService,
// TransportGetInferenceModelAction, TransportDeleteInferenceEndpointAction, InferenceAction).
// Sources and what is inferred: docs/inference.md.
import type { EsError } from './envelope.js';
import { toEnvelope } from './envelope.js';
import { formatValidation } from './messages.js';

/** The deprecation warning of `POST _ml/trained_models/{model_id}/deployment/_infer`. */
export const DEPLOYMENT_INFER_DEPRECATION =
  '[POST /_ml/trained_models/{model_id}/deployment/_infer] is deprecated! Use [POST /_ml/trained_models/{model_id}/_infer] instead.';

/** The texts of inference's errors, byte for byte where the source shows them. */
export const INFER_MESSAGES = {
  /** ExceptionsHelper.badRequestException in both REST handlers. */
  requiresBody: 'requires body',
  /** ExceptionsHelper.requireNonNull of the request's docs. */
  docsNull: '[docs] must not be null.',
  /** RestInferTrainedModelDeploymentAction: the old API takes one document. */
  multipleDocs: 'multiple documents are not supported',
  /** TransportInternalInferModelAction: a PyTorch model without a deployment. */
  mustBeDeployed: (id: string) =>
    `Model [${id}] must be deployed to use. Please deploy with the start trained model deployment API.`,
  /** TransportInternalInferModelAction: the assignment picked is stopping or failed. */
  assignmentState: (deploymentId: string, state: string) => `Trained model [${deploymentId}] is [${state}]`,
  /** TransportInternalInferModelAction: no started (or stopping) route. */
  notAllocated: (id: string, starting: boolean) =>
    `Trained model deployment [${id}] is not allocated to any nodes${starting ? '; starting deployment of one allocation' : ''}`,
  /** [inferred] NlpTask: the document lacks the model's input field. */
  inputFieldMissing: (field: string) => `Input field [${field}] does not exist in the source document`,
  /** [inferred] NlpTask: the input field holds no string. */
  inputNotString: (field: string) => `Input value [${field}] must be a string`,
  /** [inferred] InferenceConfigUpdate applied to a config of another task. */
  configMismatch: (config: string, update: string) =>
    `Inference config of type [${config}] can not be updated with a inference request of type [${update}]`,
  /** [inferred] NamedXContentRegistry: an `inference_config` of an unknown name. */
  unknownConfigUpdate: (name: string) => `unknown field [${name}]`,
  /** [inferred] Required fields of some config updates. */
  requiredUpdateField: (update: string, field: string) => `[${update}] requires [${field}]`,
  /** [inferred] ZeroShotClassificationProcessor without labels. */
  zeroShotLabels: 'zero_shot_classification requires non-empty [labels]',
  /** [inferred] FillMaskProcessor.validateInputs. */
  noMaskToken: (token: string) => `no ${token} token could be found in the input`,
  /** InferencePyTorchAction.onTimeout. */
  timeout: (timeout: string) => `timeout [${timeout}] waiting for inference result`,
  /** PriorityProcessWorkerExecutorService, the process named `inference process` [inferred name]. */
  queueFull: 'inference process queue is full. Unable to execute command',
} as const;

/** The inference API's texts (the `_inference` endpoints). */
export const INFERENCE_API_MESSAGES = {
  /** inference_crud.yml "Test get missing model". */
  notFound: (id: string) => `Inference endpoint not found [${id}]`,
  /** InferenceExceptions.mismatchedTaskTypeException [inferred wording]. */
  mismatchedTaskType: (requested: string, actual: string) =>
    `Requested task type [${requested}] does not match the inference endpoint's task type [${actual}]`,
  /** [inferred] ModelRegistry.storeModel's ResourceAlreadyExistsException. */
  alreadyExists: (id: string) => `Inference endpoint [${id}] already exists`,
  /** [inferred] ServiceUtils.resolveTaskType: no task type in the URL or the body. */
  missingTaskType: 'model is missing required setting [task_type]',
  /** [inferred] TransportPutInferenceModelAction. */
  missingService: 'Inference endpoint configuration is missing the [service] setting',
  /** [inferred] TransportPutInferenceModelAction. */
  unknownService: (service: string, id: string) =>
    `Unknown service [${service}] for inference endpoint [${id}].`,
  /** [inferred] ServiceUtils.removeFromMapOrThrowIfNull. */
  missingSettings: (key: string) => `Model configuration is missing [${key}]`,
  /** ServiceUtils.createInvalidTaskTypeException [inferred wording]. */
  unsupportedTaskType: (service: string, taskType: string) =>
    `The [${service}] service does not support task type [${taskType}]`,
  /** ServiceUtils.throwIfNotEmptyMap [inferred wording]. */
  unknownSettings: (map: string, service: string) =>
    `Model configuration contains settings ${map} unknown to the [${service}] service`,
  /** ServiceUtils.missingSettingErrorMsg. */
  missingSetting: (scope: string, name: string) =>
    `[${scope}] does not contain the required setting [${name}]`,
  /** ServiceUtils.mustBeAPositiveIntegerErrorMessage. */
  notPositive: (scope: string, name: string, value: string) =>
    `[${scope}] Invalid value [${value}]. [${name}] must be a positive integer`,
  /** [inferred] ServiceUtils.invalidTypeErrorMsg. */
  invalidType: (name: string, value: string, type: string) =>
    `field [${name}] is not of the expected type. The value [${value}] cannot be converted to a [${type}]`,
  /** [inferred] ElasticsearchInternalService.parseRequestConfig without a model id. */
  modelIdMissing: 'Error parsing request config, model id is missing',
  /** [inferred] The model of the settings does not do the endpoint's task. */
  wrongModelTask: (modelId: string, task: string, taskType: string) =>
    `Model [${modelId}] is a [${task}] model and cannot be used for task type [${taskType}]`,
  /** [inferred] `deployment_id` names no deployment. */
  deploymentMissing: (id: string) => `Cannot find deployment [${id}]`,
  /** [inferred] `deployment_id` of another model than `model_id`. */
  deploymentModelMismatch: (deploymentId: string, deploymentModel: string, modelId: string) =>
    `Deployment [${deploymentId}] uses model [${deploymentModel}] which does not match the model [${modelId}] in the request.`,
  /** TransportPutInferenceModelAction: reserved ids [inferred wording]. */
  reservedIdCreate: (id: string) =>
    `[${id}] is a reserved inference ID. Cannot create a new inference endpoint with a reserved ID.`,
  /** TransportDeleteInferenceEndpointAction (newest): defaults cannot be deleted. */
  reservedIdDelete: (id: string) =>
    `[${id}] is a reserved inference endpoint. Cannot delete a reserved inference endpoint.`,
  /** TransportDeleteInferenceEndpointAction.buildErrorString. */
  referencedBy: (id: string, pipelines: readonly string[], indexes: readonly string[]) => {
    let out = '';
    if (pipelines.length > 0) {
      out += `Inference endpoint ${id} is referenced by pipelines: [${pipelines.join(', ')}]. Ensure that no pipelines are using this inference endpoint, or use force to ignore this warning and delete the inference endpoint.`;
    }
    if (indexes.length > 0) {
      out += ` Inference endpoint ${id} is being used in the mapping for indexes: [${indexes.join(', ')}]. Ensure that no index mappings are using this inference endpoint, or use force to ignore this warning and delete the inference endpoint.`;
    }
    return out;
  },
  /** InferenceAction.Request.validate [inferred wording]. */
  inputNull: 'Field [input] cannot be null',
  inputEmpty: 'Field [input] cannot be an empty array',
  queryNull: (taskType: string) => `Field [query] cannot be null for task type [${taskType}]`,
  queryEmpty: (taskType: string) => `Field [query] cannot be empty for task type [${taskType}]`,
  /** [inferred] The deprecated `elser` service's warning header. */
  elserDeprecated:
    'The [elser] service is deprecated and will be removed in a future release. Use the [elasticsearch] service instead, with [model_id] set to [.elser_model_2] in the [service_settings]',
} as const;

/** Builders of inference's errors, each with its status and type (errors/error-codes.ts). */
export const inferErrors = {
  /** 400 `status_exception`: a request the inference code refuses (ExceptionsHelper.badRequestException). */
  badRequest: (reason: string): EsError => toEnvelope('INFERENCE_INVALID', reason),
  /** 400 `illegal_argument_exception`. */
  illegalArgument: (reason: string): EsError => toEnvelope('BAD_PARAMETER', reason),
  /** 409 `status_exception`: no deployment to send the request to. */
  conflict: (reason: string): EsError => toEnvelope('INFER_CONFLICT', reason),
  /** 408 `status_exception`: the request waited longer than its timeout. */
  timeout: (timeout: string): EsError => toEnvelope('INFER_TIMEOUT', INFER_MESSAGES.timeout(timeout)),
  /** 429 `es_rejected_execution_exception`: the deployment's queue is full. */
  queueFull: (): EsError => toEnvelope('TOO_MANY_REQUESTS', INFER_MESSAGES.queueFull),
  /** 400 `validation_exception` (a ValidationException thrown by the REST handler or a service). */
  validation: (messages: readonly string[]): EsError =>
    toEnvelope('INFERENCE_SETTINGS_INVALID', formatValidation(messages)),
  /** 400 `action_request_validation_exception` (a request's `validate()`). */
  requestValidation: (messages: readonly string[]): EsError =>
    toEnvelope('VALIDATION_FAILED', formatValidation(messages)),
  /** 404 `resource_not_found_exception`. */
  endpointNotFound: (id: string): EsError =>
    toEnvelope('INFERENCE_ENDPOINT_NOT_FOUND', INFERENCE_API_MESSAGES.notFound(id)),
  /** 400 `resource_already_exists_exception`. */
  endpointExists: (id: string): EsError =>
    toEnvelope('INFERENCE_ENDPOINT_EXISTS', INFERENCE_API_MESSAGES.alreadyExists(id)),
  /** 409 `status_exception`: referenced by pipelines or `semantic_text` fields. */
  endpointInUse: (id: string, pipelines: readonly string[], indexes: readonly string[]): EsError =>
    toEnvelope('INFER_CONFLICT', INFERENCE_API_MESSAGES.referencedBy(id, pipelines, indexes)),
} as const;
