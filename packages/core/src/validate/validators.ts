import type { Static, TSchema } from '@sinclair/typebox';
import type { ErrorObject } from 'ajv';
import { ClusterInfo } from '../schemas/cluster-info.js';
import { ErrorEnvelope, StringErrorBody } from '../schemas/error-envelope.js';
import { StartDeploymentResponse } from '../schemas/start-deployment.js';
import { StopDeploymentResponse } from '../schemas/stop-deployment.js';
import { GetTrainedModelsResponse } from '../schemas/trained-model-config.js';
import { GetTrainedModelsStatsResponse } from '../schemas/trained-model-stats.js';
import { UpdateDeploymentBody, UpdateDeploymentResponse } from '../schemas/update-deployment.js';
import { ajv } from './ajv.js';

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

/**
 * A validator for `schema`, compiled once on first use (so importing core compiles nothing, which
 * keeps the CLI's cold start and the browser's first paint cheap). It never throws.
 */
export function compileValidator<S extends TSchema>(schema: S): Validator<Static<S>> {
  let check: ReturnType<typeof ajv.compile> | undefined;
  return (value) => {
    check ??= ajv.compile(schema);
    return check(value)
      ? { ok: true, value: value as Static<S> }
      : {
          ok: false,
          issues: (check.errors ?? []).map(({ instancePath, keyword, params, message }) => ({
            instancePath,
            keyword,
            params,
            message,
          })),
        };
  };
}

/** Validates an `_update` body's shape (types and unknown keys; the rules are in checkUpdateRequest). */
export const validateUpdateBody = compileValidator(UpdateDeploymentBody);
/** Validates an `_update` or `_start` response. */
export const validateUpdateResponse = compileValidator(UpdateDeploymentResponse);
/** Validates a `_start` response. */
export const validateStartResponse = compileValidator(StartDeploymentResponse);
/** Validates a `_stop` response. */
export const validateStopResponse = compileValidator(StopDeploymentResponse);
/** Validates a `_stats` response. */
export const validateStatsResponse = compileValidator(GetTrainedModelsStatsResponse);
/** Validates a get trained models response. */
export const validateModelsResponse = compileValidator(GetTrainedModelsResponse);
/** Validates a `GET /` response. */
export const validateClusterInfo = compileValidator(ClusterInfo);
/** Validates an Elasticsearch error envelope. */
export const validateErrorEnvelope = compileValidator(ErrorEnvelope);
/** Validates a routing-layer string error. */
export const validateStringError = compileValidator(StringErrorBody);

/** Formats issues as one line each: `/path: message`. */
export function formatIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((i) => `${i.instancePath || '/'}: ${i.message ?? i.keyword}`).join('; ');
}
