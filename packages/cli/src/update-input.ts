import type { UpdateFields } from '@mldeploy/client/view';
import type { UPDATE_FLAGS } from './command-specs.js';
import type { FlagValues } from './flag-spec.js';
import { UsageError } from './usage-error.js';

/** The adaptive part of an `_update` body; `null` bounds clear a stored bound. */
type AdaptiveInput = NonNullable<
  Extract<UpdateFields, { number_of_allocations?: number }>['adaptive_allocations']
>;

/** What `mldeploy update` sends: the fields, and whether the number goes in the query. */
export interface UpdateInput {
  fields: { number_of_allocations?: number; adaptive_allocations?: AdaptiveInput };
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
  const input: UpdateInput = { fields: {}, asQueryParameter: query };
  if (allocations !== undefined) {
    input.fields.number_of_allocations = allocations;
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
    input.fields.adaptive_allocations = settings;
  }
  return input;
}
