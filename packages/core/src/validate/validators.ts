// Core's validators are AJV standalone code generated at development time from the TypeBox schemas
// (standalone.generated.ts): importing them loads neither TypeBox nor AJV and evaluates no code at
// run time, which keeps cold starts and browser bundles small and works under a strict CSP.
import type { ErrorObject } from 'ajv';
import type { EndpointKey } from '../endpoints.js';
import type { ClusterInfo } from '../schemas/cluster-info.js';
import type { ErrorEnvelope, StringErrorBody } from '../schemas/error-envelope.js';
import type { InferenceEndpointResponse } from '../schemas/inference-update.js';
import type { StartDeploymentResponse } from '../schemas/start-deployment.js';
import type { StopDeploymentResponse } from '../schemas/stop-deployment.js';
import type { GetTrainedModelsResponse } from '../schemas/trained-model-config.js';
import type { GetTrainedModelsStatsResponse } from '../schemas/trained-model-stats.js';
import type { UpdateDeploymentBody, UpdateDeploymentResponse } from '../schemas/update-deployment.js';
import * as firstIssue from './first-issue.generated.js';
import * as generated from './standalone.generated.js';

/** One problem found by a validator, in AJV's own shape. */
export interface ValidationIssue {
  instancePath: string;
  keyword: string;
  params: ErrorObject['params'];
  message?: string | undefined;
}

/** A validator's answer: the value, typed, or the issues. */
export type ValidationResult<T> = { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

/** A compiled validator for one schema. */
export type Validator<T> = (value: unknown) => ValidationResult<T>;

/** An AJV standalone validate function: true, or false with its `errors`. */
interface StandaloneFunction {
  (value: unknown): boolean;
  errors?: ValidationIssue[] | null;
}

/** Wraps a precompiled function into a {@link Validator}. */
function precompiled<T>(fn: StandaloneFunction): Validator<T> {
  return (value) =>
    fn(value)
      ? { ok: true, value: value as T }
      : {
          ok: false,
          issues: (fn.errors ?? []).map(({ instancePath, keyword, params, message }) => ({
            instancePath,
            keyword,
            params,
            message,
          })),
        };
}

/**
 * Validates an `_update` body's shape (types and unknown keys; the rules are in checkUpdateRequest).
 * It stops at the first issue, as Elasticsearch's parser does: an ill-shaped body answers one issue,
 * the one a validator reporting every issue would list first.
 */
export const validateUpdateBody: Validator<UpdateDeploymentBody> = firstIssueOnly(
  firstIssue.validateUpdateBody,
);
/**
 * Wraps a function generated with `allErrors: false` into a {@link Validator} answering its first
 * error alone (an `anyOf` that fails still lists each branch's error after it).
 */
function firstIssueOnly<T>(fn: StandaloneFunction): Validator<T> {
  return (value) => {
    if (fn(value)) {
      return { ok: true, value: value as T };
    }
    // The generated error objects carry ValidationIssue's fields only (no schemaPath), and the
    // array is new on every call: the issue is handed over as it is.
    const errors = fn.errors;
    if (!errors || errors.length === 0) {
      return { ok: false, issues: [] };
    }
    return { ok: false, issues: errors.length === 1 ? errors : [errors[0] as ValidationIssue] };
  };
}

/**
 * The validator of each endpoint's successful (2xx) answer, by core's endpoint key: what the proxy,
 * the client and `mldeploy verify` check an answer with. Derived from the endpoint table: the
 * generator compiles each definition's `response` schema and lists the functions by key.
 */
export const RESPONSE_VALIDATORS = Object.fromEntries(
  Object.entries(generated.RESPONSE_FUNCTIONS as Record<string, StandaloneFunction>).map(([key, fn]) => [
    key,
    precompiled(fn),
  ]),
) as { readonly [K in EndpointKey]: Validator<unknown> };

/** Validates the answer of the inference API's `_update` (an inference endpoint). */
export const validateInferenceEndpointResponse =
  RESPONSE_VALIDATORS.inferenceUpdate as Validator<InferenceEndpointResponse>;
/** Validates an `_update` response. */
export const validateUpdateResponse = RESPONSE_VALIDATORS.update as Validator<UpdateDeploymentResponse>;
/** Validates a `_start` response. */
export const validateStartResponse = RESPONSE_VALIDATORS.start as Validator<StartDeploymentResponse>;
/** Validates a `_stop` response. */
export const validateStopResponse = RESPONSE_VALIDATORS.stop as Validator<StopDeploymentResponse>;
/** Validates a `_stats` response. */
export const validateStatsResponse = RESPONSE_VALIDATORS.stats as Validator<GetTrainedModelsStatsResponse>;
/** Validates a get trained models response. */
export const validateModelsResponse = RESPONSE_VALIDATORS.models as Validator<GetTrainedModelsResponse>;
/** Validates a `GET /` response. */
export const validateClusterInfo = RESPONSE_VALIDATORS.info as Validator<ClusterInfo>;
/** Validates an Elasticsearch error envelope. */
export const validateErrorEnvelope: Validator<ErrorEnvelope> = precompiled(generated.validateErrorEnvelope);
/** Validates a routing-layer string error. */
export const validateStringError: Validator<StringErrorBody> = precompiled(generated.validateStringError);

/** Formats issues as one line each: `/path: message`. */
export function formatIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((i) => `${i.instancePath || '/'}: ${i.message ?? i.keyword}`).join('; ');
}
