import { boolFlag, intFlag, type ParsedArgs } from './parse-args.js';
import { UsageError } from './usage-error.js';

/** An inference endpoint's allocations as the flags give them: a number, or adaptive bounds. */
export type EndpointAllocationFlags =
  | { num_allocations: number }
  | {
      adaptive_allocations: {
        enabled: true;
        min_number_of_allocations?: number;
        max_number_of_allocations?: number;
      };
    }
  | undefined;

/**
 * `--allocations N` or `--adaptive [--min N] [--max N]` (`mldeploy update-endpoint`, `mldeploy
 * endpoint create`); undefined when neither is given. Both, or bounds without `--adaptive`, are
 * usage errors.
 */
export function endpointAllocationFlags(args: ParsedArgs): EndpointAllocationFlags {
  const allocations = intFlag(args, 'allocations');
  const adaptive = boolFlag(args, 'adaptive');
  const min = intFlag(args, 'min');
  const max = intFlag(args, 'max');
  if (allocations !== undefined && adaptive) {
    throw new UsageError('give either --allocations or --adaptive, not both');
  }
  if (!adaptive && (min !== undefined || max !== undefined)) {
    throw new UsageError('--min and --max need --adaptive');
  }
  if (adaptive) {
    return {
      adaptive_allocations: {
        enabled: true,
        ...(min !== undefined ? { min_number_of_allocations: min } : {}),
        ...(max !== undefined ? { max_number_of_allocations: max } : {}),
      },
    };
  }
  return allocations === undefined ? undefined : { num_allocations: allocations };
}
