import type { BuiltRequest } from '@mldeploy/core/rules';
import type { UPDATE_FLAGS } from './command-specs.js';
import type { FlagValues } from './flag-spec.js';
import { UsageError } from './usage-error.js';

/** The adaptive part of an `_update` body; `null` bounds clear a stored bound. */
export interface AdaptiveInput {
  enabled?: boolean;
  min_number_of_allocations?: number | null;
  max_number_of_allocations?: number | null;
}

/** What `mldeploy update` sends: the body fields, and whether the number goes in the query. */
export interface UpdateInput {
  number_of_allocations?: number;
  adaptive_allocations?: AdaptiveInput;
  /** Send `?number_of_allocations=N` with no body (`--query`). */
  asQueryParameter: boolean;
}

/**
 * Turns `update` flags into a request, Kibana's way: `--no-adaptive --allocations N` sends
 * `{number_of_allocations: N, adaptive_allocations: {enabled: false}}`. Contradictory flags are a
 * usage error (the spec's conflicts); values Elasticsearch would reject are left for the offline check, so the user sees
 * Elasticsearch's own message.
 */
export function updateInputFromFlags(flags: FlagValues<typeof UPDATE_FLAGS>): UpdateInput {
  const { allocations, min, max, adaptive, query } = flags;
  const [noAdaptive, clearMin, clearMax] = [flags['no-adaptive'], flags['clear-min'], flags['clear-max']];
  const touchesAdaptive =
    adaptive || noAdaptive || min !== undefined || max !== undefined || clearMin || clearMax;
  if (allocations === undefined && !touchesAdaptive) {
    throw new UsageError(
      'nothing to update',
      'give --allocations N, --adaptive --min N --max N, --no-adaptive, --clear-min or --clear-max',
    );
  }
  if (query && (touchesAdaptive || allocations === undefined)) {
    throw new UsageError(
      '--query sends only --allocations (as ?number_of_allocations=N); adaptive settings need a body',
    );
  }
  const input: UpdateInput = { asQueryParameter: query };
  if (allocations !== undefined) {
    input.number_of_allocations = allocations;
  }
  if (touchesAdaptive) {
    const settings: AdaptiveInput = {};
    if (adaptive || noAdaptive) {
      settings.enabled = adaptive;
    }
    if (min !== undefined || clearMin) {
      settings.min_number_of_allocations = clearMin ? null : (min ?? null);
    }
    if (max !== undefined || clearMax) {
      settings.max_number_of_allocations = clearMax ? null : (max ?? null);
    }
    input.adaptive_allocations = settings;
  }
  return input;
}

/** The JSON body of an update (undefined with `--query`). */
export function updateBody(input: UpdateInput): Record<string, unknown> | undefined {
  if (input.asQueryParameter) {
    return undefined;
  }
  const body: Record<string, unknown> = {};
  if (input.number_of_allocations !== undefined) {
    body.number_of_allocations = input.number_of_allocations;
  }
  if (input.adaptive_allocations !== undefined) {
    body.adaptive_allocations = input.adaptive_allocations;
  }
  return body;
}

/** The query parameters of an update (`number_of_allocations` with `--query`, else none). */
export function updateQuery(input: UpdateInput): Record<string, number> {
  return input.asQueryParameter && input.number_of_allocations !== undefined
    ? { number_of_allocations: input.number_of_allocations }
    : {};
}

/**
 * The `_update` request on the wire, built by core's `buildRequest` as the client builds it (core's
 * rules entry is loaded on first use, so parsing flags loads nothing).
 */
export async function updateRequest(deploymentId: string, input: UpdateInput): Promise<BuiltRequest> {
  const { buildRequest, ENDPOINTS } = await import('@mldeploy/core/rules');
  return buildRequest(ENDPOINTS.update, {
    params: { model_id: deploymentId },
    query: updateQuery(input),
    body: updateBody(input),
  });
}
