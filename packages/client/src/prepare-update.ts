// One `_update` before it is sent: the request exactly as the client sends it, core's verdict on that
// request (with the deployment's state, when known), and what it would change in words. The client's
// `updateDeployment`, the CLI (`update`, `--dry-run`, `validate`) and the console's form all read
// these three from here, so nothing turns a request into JSON text only to parse it back.
// It loads only core's rules entry, like the rest of `@mldeploy/client/view`.
import type { AdaptiveAllocationsRequest } from '@mldeploy/core';
import {
  type AdaptiveSettings,
  buildRequest,
  checkUpdateRequest,
  type DeploymentSnapshot,
  ENDPOINTS,
  type EsError,
  isAdaptiveEnabled,
  planUpdate,
  type QueryValue,
  type UpdateRequest,
} from '@mldeploy/core/rules';
import type { UpdateDeploymentInput, UpdateDeploymentOptions } from './update-deployment-input.js';

/**
 * An `_update` body as a tool may hold it before the check: the typed input, or any combination of
 * the two fields (a number with adaptive allocations on, a bound of `null`), which the check then
 * refuses with Elasticsearch's own message.
 */
export type UpdateFields =
  | UpdateDeploymentInput
  | {
      number_of_allocations?: number;
      adaptive_allocations?:
        | (Omit<AdaptiveAllocationsRequest, 'min_number_of_allocations' | 'max_number_of_allocations'> & {
            min_number_of_allocations?: number | null;
            max_number_of_allocations?: number | null;
          })
        | null;
    };

/** An `_update` request as it goes on the wire. */
export interface PreparedRequest {
  method: 'POST';
  /** The path, percent-encoded. */
  path: string;
  /** The query string without `?`; empty when there is none. */
  query: string;
  /** The JSON body text; undefined when the number travels in the query. */
  body: string | undefined;
  /** The route template, for reports. */
  route: string;
}

/** Core's verdict: what Elasticsearch would read (and whether it changes nothing), or its error. */
export type UpdateCheck = { ok: true; request: UpdateRequest; noop: boolean } | { ok: false; error: EsError };

/** One `_update`, prepared: see {@link prepareUpdate}. */
export interface PreparedUpdate {
  request: PreparedRequest;
  check: UpdateCheck;
  /** A sentence per change, for people (`set number_of_allocations to 4`). */
  changes: string[];
}

/**
 * Prepares an `_update`: builds the request as the client sends it (`asQueryParameter` moves the
 * number to the query), checks it with core's copy of Elasticsearch's rules and, when the
 * deployment's current state is given, with the rules that depend on it (`planUpdate`: a number
 * while adaptive allocations are on, a deployment that is not started, a change to nothing).
 */
export function prepareUpdate(
  deploymentId: string,
  input: UpdateFields,
  options: Omit<UpdateDeploymentOptions, 'signal'> = {},
  current?: DeploymentSnapshot,
): PreparedUpdate {
  const query: Record<string, QueryValue> = {};
  let body: string | undefined;
  if (options.asQueryParameter) {
    const { number_of_allocations, ...rest } = input as Record<string, unknown>;
    if (number_of_allocations !== undefined) {
      query.number_of_allocations = String(number_of_allocations);
    }
    // Anything else still needs a body; the server then refuses the pair, and so does the check.
    body = Object.keys(rest).length > 0 ? JSON.stringify(rest) : undefined;
  } else {
    body = JSON.stringify(input);
  }
  if (options.timeout !== undefined) {
    query.timeout = options.timeout;
  }
  Object.assign(query, options.query);
  const built = buildRequest(ENDPOINTS.update, { params: { model_id: deploymentId }, query, body });
  const request: PreparedRequest = {
    method: 'POST',
    path: built.path,
    query: built.query,
    body,
    route: built.route,
  };
  const checked = checkUpdateRequest({ modelId: deploymentId, query: built.query, body });
  if (!checked.ok) {
    return { request, check: checked, changes: [] };
  }
  const plan = current === undefined ? undefined : planUpdate(current, checked.value);
  if (plan?.kind === 'error') {
    return { request, check: { ok: false, error: plan.error }, changes: [] };
  }
  const noop = plan?.kind === 'noop';
  return {
    request,
    check: { ok: true, request: checked.value, noop },
    changes: noop
      ? ['change nothing (Elasticsearch answers the current assignment)']
      : describeChanges(checked.value),
  };
}

/**
 * A fixed number of allocations as an `_update` input. While adaptive allocations are on,
 * Elasticsearch refuses a number alone, so it goes with `adaptive_allocations: { enabled: false }`
 * in the same request, as Kibana sends it.
 */
export function fixedAllocations(
  numberOfAllocations: number,
  currentAdaptive: AdaptiveSettings | null | undefined,
): UpdateDeploymentInput {
  return isAdaptiveEnabled(currentAdaptive ?? null)
    ? { number_of_allocations: numberOfAllocations, adaptive_allocations: { enabled: false } }
    : { number_of_allocations: numberOfAllocations };
}

/** A sentence per change a checked `_update` request makes, for people. */
export function describeChanges(
  request: Pick<UpdateRequest, 'number_of_allocations' | 'adaptive_allocations' | 'source'>,
): string[] {
  const lines: string[] = [];
  if (request.number_of_allocations !== undefined) {
    lines.push(
      `set number_of_allocations to ${request.number_of_allocations}${request.source === 'query' ? ' (query parameter)' : ''}`,
    );
  }
  const adaptive = request.adaptive_allocations;
  if (adaptive === null) {
    lines.push('remove the adaptive allocations settings (turns adaptive allocations off)');
  } else if (adaptive !== undefined) {
    if (adaptive.enabled === true) {
      lines.push('turn adaptive allocations on');
    } else if (adaptive.enabled === false) {
      lines.push('turn adaptive allocations off');
    }
    for (const [key, label] of [
      ['min_number_of_allocations', 'minimum'],
      ['max_number_of_allocations', 'maximum'],
    ] as const) {
      const value = adaptive[key];
      // -1 is how core's check reads a `null` bound: clear the stored one.
      if (value === -1) {
        lines.push(`clear the adaptive ${label}`);
      } else if (value !== undefined) {
        lines.push(`set the adaptive ${label} to ${value}`);
      }
    }
  }
  if (lines.length === 0) {
    lines.push('change nothing (Elasticsearch answers the current assignment)');
  }
  return lines;
}
