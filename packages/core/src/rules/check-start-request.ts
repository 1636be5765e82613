import { ALLOCATION_STATES, DEFAULTS, LIMITS, PRIORITIES } from '../defaults.js';
import { pathFor, START_ENDPOINT } from '../endpoints.js';
import { toCause } from '../errors/envelope.js';
import { errors, VALIDATION_MESSAGES } from '../errors/messages.js';
import type { DeploymentAllocationState, TrainingPriority } from '../schemas/common.js';
import {
  type AdaptiveSettings,
  isAdaptiveEnabled,
  validateAdaptiveSettings,
} from './adaptive-allocations.js';
import { type ByteSizeResult, byteSizeToString, parseByteSizeValue } from './byte-size.js';
import { ADAPTIVE_PARSER, type CheckResult, parseBody, timeValueField } from './check-update-request.js';
import { type ObjectSpec, ValueError } from './internal/object-parser.js';
import { parseQuery, RestParamError, RestParams } from './rest-params.js';
import { parseTimeValue } from './time-value.js';

/** A `_start` request as the server understands it, with defaults filled in. */
export interface StartRequest {
  model_id: string;
  deployment_id: string;
  number_of_allocations: number;
  threads_per_allocation: number;
  queue_capacity: number;
  cache_size?: string;
  priority: TrainingPriority;
  timeout: string;
  wait_for: DeploymentAllocationState;
  adaptive_allocations?: AdaptiveSettings;
  warnings: string[];
}

/** Server defaults of `_start` (newest code: queue 10000 and 30s, where the spec says 1024 and 20s). */
export const START_DEFAULTS = DEFAULTS.start;

/** The strict body parser of `_start` (StartTrainedModelDeploymentAction.Request.PARSER). */
export const START_BODY_PARSER: ObjectSpec = {
  name: START_ENDPOINT.action,
  fields: [
    { names: ['model_id'], type: { kind: 'string' } },
    { names: ['deployment_id'], type: { kind: 'string' } },
    timeValueField('timeout'),
    { names: ['wait_for'], type: { kind: 'string' } },
    { names: ['threads_per_allocation', 'inference_threads'], type: { kind: 'int' } },
    { names: ['number_of_allocations', 'model_threads'], type: { kind: 'int' } },
    { names: ['queue_capacity'], type: { kind: 'int' } },
    {
      names: ['cache_size'],
      type: { kind: 'byteSize' },
      // declareField(… ByteSizeValue.parseBytesSizeValue(p.text(), "cache_size") …, VALUE)
      convert: (value) => {
        const parsed = parseByteSizeValue(value as string, 'cache_size');
        if (!parsed.ok) {
          throw new ValueError(toCause(parsed.error));
        }
        return parsed;
      },
    },
    { names: ['priority'], type: { kind: 'string' } },
    {
      names: ['adaptive_allocations'],
      type: { kind: 'objectOrNull', parser: ADAPTIVE_PARSER, nullValue: null },
    },
  ],
};

const PRIORITY_CLASS = 'org.elasticsearch.xpack.core.ml.inference.assignment.Priority';
const ALLOCATION_STATE_CLASS = 'org.elasticsearch.xpack.core.ml.inference.assignment.AllocationStatus.State';

/** Raw parts of a `_start` request. */
export interface RawStartRequest {
  modelId: string;
  query?: string | URLSearchParams | undefined;
  body?: string | undefined;
}

/**
 * Checks a `_start` request as RestStartTrainedModelDeploymentAction and `validate()` do: body and
 * query together must agree, negative query numbers count as unset, then the validation rules.
 */
export function checkStartRequest(raw: RawStartRequest): CheckResult<StartRequest> {
  const params = new RestParams(parseQuery(raw.query), START_ENDPOINT);
  const path = pathFor(START_ENDPOINT, { model_id: raw.modelId }, false);
  const warnings: string[] = [];
  let body = new Map<string, unknown>();
  if (raw.body !== undefined && raw.body.length > 0) {
    const parsed = parseBody(raw.body, warnings, START_BODY_PARSER);
    if (!parsed.ok) {
      return parsed;
    }
    body = parsed.value;
    const bodyId = body.get('model_id') as string | undefined;
    if (bodyId !== undefined && bodyId !== raw.modelId) {
      return { ok: false, error: errors.inconsistentId('model_id', bodyId, raw.modelId) };
    }
  }
  try {
    // validateParameters(body, query, default): a body value that is not the default and differs
    // from the query value is a conflict.
    const pick = <T>(name: string, query: T | undefined, fallback: T): T => {
      const fromBody = body.get(name) as T | undefined;
      if (fromBody !== undefined && query !== undefined && fromBody !== fallback && fromBody !== query) {
        throw new RestParamError(errors.parameterConflict(String(fromBody), String(query)));
      }
      return query ?? fromBody ?? fallback;
    };
    const nonNegative = (n: number | undefined) => (n === undefined || n < 0 ? undefined : n);
    // RestStartTrainedModelDeploymentAction reads `deployment_id` from the query with the model id
    // as its default, and parseRequest then sets it over the body's: a body deployment_id is
    // parsed but never used (docs/rules.md, "_start").
    const deploymentId = params.string('deployment_id') ?? raw.modelId;
    const timeout = pick('timeout', params.time('timeout'), START_DEFAULTS.timeout);
    // Quirk: the query wait_for defaults to "started" even when absent.
    const waitRaw = pick(
      'wait_for',
      params.string('wait_for') ?? START_DEFAULTS.wait_for,
      START_DEFAULTS.wait_for,
    );
    const nQuery = nonNegative(params.int('number_of_allocations'));
    const threads = pick(
      'threads_per_allocation',
      nonNegative(params.int('threads_per_allocation')),
      START_DEFAULTS.threads_per_allocation,
    );
    const queue = pick(
      'queue_capacity',
      nonNegative(params.int('queue_capacity')),
      START_DEFAULTS.queue_capacity,
    );
    // ByteSizeValue.parseBytesSizeValue on the query value; body and query compare as byte counts.
    const cacheQueryText = params.string('cache_size');
    let cacheQuery: ByteSizeResult | undefined;
    if (cacheQueryText !== undefined) {
      cacheQuery = parseByteSizeValue(cacheQueryText, 'cache_size');
      if (!cacheQuery.ok) {
        throw new RestParamError(cacheQuery.error);
      }
    }
    const cacheBody = body.get('cache_size') as ByteSizeResult | undefined;
    if (cacheBody?.ok && cacheQuery?.ok && cacheBody.bytes !== cacheQuery.bytes) {
      throw new RestParamError(
        errors.parameterConflict(byteSizeToString(cacheBody.bytes), byteSizeToString(cacheQuery.bytes)),
      );
    }
    const cacheParsed = cacheQuery ?? cacheBody;
    const cacheSize = cacheParsed?.ok ? cacheParsed.stringRep : undefined;
    const priorityRaw = pick<string>('priority', params.string('priority'), START_DEFAULTS.priority);
    const nBody = body.get('number_of_allocations') as number | undefined;
    if (nBody !== undefined && nQuery !== undefined && nBody !== nQuery) {
      throw new RestParamError(errors.parameterConflict(String(nBody), String(nQuery)));
    }
    const unrecognized = params.unrecognized(path);
    if (unrecognized) {
      return { ok: false, error: unrecognized };
    }
    if (!isOneOf(PRIORITIES, priorityRaw)) {
      return { ok: false, error: errors.noEnumConstant(PRIORITY_CLASS, priorityRaw) };
    }
    if (!isOneOf(ALLOCATION_STATES, waitRaw)) {
      return { ok: false, error: errors.noEnumConstant(ALLOCATION_STATE_CLASS, waitRaw) };
    }
    const adaptiveValues = (body.get('adaptive_allocations') ?? undefined) as
      | Map<string, unknown>
      | undefined;
    const adaptive: AdaptiveSettings | undefined = adaptiveValues
      ? {
          ...(adaptiveValues.has('enabled') ? { enabled: adaptiveValues.get('enabled') as boolean } : {}),
          ...(adaptiveValues.has('min_number_of_allocations')
            ? { min_number_of_allocations: adaptiveValues.get('min_number_of_allocations') as number }
            : {}),
          ...(adaptiveValues.has('max_number_of_allocations')
            ? { max_number_of_allocations: adaptiveValues.get('max_number_of_allocations') as number }
            : {}),
        }
      : undefined;
    const nGiven = nQuery ?? nBody;
    const messages: string[] = [];
    if (nGiven !== undefined) {
      if (nGiven < 1) {
        messages.push(VALIDATION_MESSAGES.allocationsPositive);
      }
      if (adaptive && isAdaptiveEnabled(adaptive)) {
        messages.push(VALIDATION_MESSAGES.allocationsWithAdaptive);
      }
    }
    if (threads < 1) {
      messages.push(VALIDATION_MESSAGES.threadsPositive);
    }
    if (adaptive) {
      messages.push(...validateAdaptiveSettings(adaptive));
    }
    if (threads > LIMITS.max_threads_per_allocation || (threads & (threads - 1)) !== 0) {
      messages.push(VALIDATION_MESSAGES.threadsPowerOfTwo(LIMITS.max_threads_per_allocation));
    }
    if (queue < 1) {
      messages.push(VALIDATION_MESSAGES.queuePositive);
    }
    if (queue > LIMITS.max_queue_capacity) {
      messages.push(VALIDATION_MESSAGES.queueTooLarge(LIMITS.max_queue_capacity));
    }
    const timeoutValue = parseTimeValue(timeout, 'timeout');
    if (timeoutValue.ok && timeoutValue.millis < 1e-6) {
      messages.push(VALIDATION_MESSAGES.timeoutPositive);
    }
    const n = nGiven ?? computeNumberOfAllocations(adaptive);
    if (priorityRaw === 'low') {
      // Only a number the request gives is checked here, as the server's validate() does.
      if (nGiven !== undefined && nGiven > 1) {
        messages.push(VALIDATION_MESSAGES.lowPriorityAllocations);
      }
      if (threads > 1) {
        messages.push(VALIDATION_MESSAGES.lowPriorityThreads);
      }
    }
    if (messages.length > 0) {
      return { ok: false, error: errors.validationFailed(messages) };
    }
    const value: StartRequest = {
      model_id: raw.modelId,
      deployment_id: deploymentId,
      number_of_allocations: n,
      threads_per_allocation: threads,
      queue_capacity: queue,
      priority: priorityRaw,
      timeout,
      wait_for: waitRaw as DeploymentAllocationState,
      warnings,
    };
    if (cacheSize !== undefined) {
      value.cache_size = cacheSize;
    }
    if (adaptive) {
      value.adaptive_allocations = adaptive;
    }
    return { ok: true, value };
  } catch (e) {
    if (e instanceof RestParamError) {
      return { ok: false, error: e.error };
    }
    throw e;
  }
}

function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}

/**
 * `StartTrainedModelDeploymentAction.Request.computeNumberOfAllocations` when the request gives no
 * number: the adaptive minimum when one is set and not zero, whether or not `enabled` is true;
 * otherwise the default (1). A minimum of -1 (JSON null) counts as unset [inferred].
 */
export function computeNumberOfAllocations(adaptive: AdaptiveSettings | null | undefined): number {
  const min = adaptive?.min_number_of_allocations;
  return min === undefined || min === 0 || min === -1 ? DEFAULTS.start.number_of_allocations : min;
}
