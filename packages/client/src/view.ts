// What a person reads of a deployment, once: allocation progress per node, the adaptive range, an
// assignment's summary and an error's type/reason/hint. The CLI and the console format these and
// derive nothing themselves. This module loads only core's rules entry (no HTTP stack), so it is
// also the `@mldeploy/client/view` entry. See docs/architecture.md.
import type { DeploymentStats, TrainedModelAssignment } from '@mldeploy/core';
import { type AdaptiveSettings, ApiError, type EsError } from '@mldeploy/core/rules';
import type { AllocationProgress, NodeAllocationProgress } from './allocation-progress.js';
import { hintFor } from './internal/hints.js';
import { localError } from './internal/read-error.js';

// prepareUpdate, fixedAllocations, describeChanges and their types.
export * from './prepare-update.js';

/**
 * A deployment's allocation progress from its stats and, when known, its latest assignment (the
 * answer of `_update` or `_start`).
 *
 * The one rule for a node's target: stats carry no per-node target, so it comes from the
 * assignment's routing table while that table's targets add up to the total target in the stats
 * (an older assignment is ignored); failing that, once the deployment has converged every node is
 * at its target (its current count); otherwise it is unknown (`undefined`). Nodes the assignment
 * routes allocations to but stats do not list yet are added with their routing table counts.
 */
export function toAllocationProgress(
  stats: DeploymentStats,
  assignment?: TrainedModelAssignment,
): AllocationProgress {
  const allocationCount = stats.allocation_status?.allocation_count ?? 0;
  const targetAllocationCount =
    stats.allocation_status?.target_allocation_count ?? stats.number_of_allocations ?? 0;
  const routes = assignment?.routing_table ?? {};
  const routedTarget = Object.values(routes).reduce((sum, r) => sum + r.target_allocations, 0);
  const useAssignment = assignment !== undefined && routedTarget === targetAllocationCount;
  const converged = allocationCount === targetAllocationCount;
  const nodes: NodeAllocationProgress[] = stats.nodes.map((n, i) => {
    const [nodeId, content] = Object.entries(n.node ?? {})[0] ?? [`node-${i}`, undefined];
    const current = n.number_of_allocations ?? 0;
    const routed = useAssignment ? routes[nodeId] : undefined;
    const entry: NodeAllocationProgress = {
      nodeId,
      routingState: n.routing_state.routing_state,
      currentAllocations: current,
      targetAllocations: routed?.target_allocations ?? (converged ? current : undefined),
    };
    if (content?.name !== undefined) {
      entry.nodeName = content.name;
    }
    if (n.routing_state.reason !== undefined && n.routing_state.reason !== '') {
      entry.reason = n.routing_state.reason;
    }
    return entry;
  });
  if (useAssignment) {
    for (const [nodeId, route] of Object.entries(routes)) {
      if (route.target_allocations > 0 && !nodes.some((n) => n.nodeId === nodeId)) {
        const entry: NodeAllocationProgress = {
          nodeId,
          routingState: route.routing_state,
          currentAllocations: route.current_allocations,
          targetAllocations: route.target_allocations,
        };
        if (route.reason !== undefined && route.reason !== '') {
          entry.reason = route.reason;
        }
        nodes.push(entry);
      }
    }
  }
  return {
    deploymentId: stats.deployment_id,
    state: stats.allocation_status?.state ?? stats.state ?? 'unknown',
    allocationCount,
    targetAllocationCount,
    nodes,
    stats,
  };
}

/**
 * The adaptive range in the one wording people see: `off` when adaptive allocations are off or
 * absent, else `min–max` with an en dash, an absent minimum read as 0 and an absent maximum as
 * unbounded: `1–8`, `0–∞`.
 */
export function adaptiveRange(settings: AdaptiveSettings | null | undefined): string {
  if (settings?.enabled !== true) {
    return 'off';
  }
  return `${settings.min_number_of_allocations ?? 0}–${settings.max_number_of_allocations ?? '∞'}`;
}

/** What a person reads of an `_update` or `_start` answer. */
export interface AssignmentSummary {
  deploymentId: string;
  modelId: string;
  /** The assignment state: starting, started, stopping, failed. */
  state: string;
  /** The configured number of allocations. */
  numberOfAllocations: number;
  /** Allocations placed on nodes now, summed over the routing table. */
  currentAllocations: number;
  /** Allocations the nodes are heading for, summed over the routing table. */
  targetAllocations: number;
  /** {@link adaptiveRange} of the assignment's adaptive settings. */
  adaptive: string;
}

/** Summarises an assignment; sums the routing table over nodes. */
export function summarizeAssignment(assignment: TrainedModelAssignment): AssignmentSummary {
  const routes = Object.values(assignment.routing_table ?? {});
  return {
    deploymentId: assignment.task_parameters.deployment_id,
    modelId: assignment.task_parameters.model_id,
    state: assignment.assignment_state,
    numberOfAllocations: assignment.task_parameters.number_of_allocations,
    currentAllocations: routes.reduce((n, r) => n + r.current_allocations, 0),
    targetAllocations: routes.reduce((n, r) => n + r.target_allocations, 0),
    adaptive: adaptiveRange(assignment.adaptive_allocations),
  };
}

/** An error as a person reads it. */
export interface ErrorView {
  /** The {@link ApiError} code (`INTERNAL_ERROR` for anything that is not one). */
  code: string;
  /** The HTTP status Elasticsearch answered (or would answer); 0 when there is none. */
  status: number;
  /** Elasticsearch's `error.type`, verbatim. */
  type: string;
  /** Elasticsearch's `error.reason`, verbatim. */
  reason: string;
  /** `type: reason` of the first cause, when there is one. */
  causedBy: string | undefined;
  /** What to do, in the library's terms; undefined when nothing useful is known. */
  hint: string | undefined;
}

function isApiError(value: unknown): value is ApiError {
  // By shape too: an error of another copy of core is still an ApiError.
  return (
    value instanceof ApiError ||
    (value instanceof Error && value.name === 'ApiError' && typeof (value as ApiError).code === 'string')
  );
}

function isEsError(value: unknown): value is EsError {
  const v = value as EsError;
  return (
    typeof value === 'object' &&
    value !== null &&
    !(value instanceof Error) &&
    typeof v.code === 'string' &&
    typeof v.status === 'number' &&
    typeof v.body === 'object' &&
    v.body !== null &&
    'error' in v.body
  );
}

/**
 * Reads anything thrown, or an error core's rules answered (`EsError`), into type, reason, cause
 * and hint. Elasticsearch's type and reason are kept verbatim.
 */
export function describeError(error: unknown): ErrorView {
  if (!isApiError(error) && !isEsError(error)) {
    return {
      code: 'INTERNAL_ERROR',
      status: 0,
      type: 'internal_error',
      reason: error instanceof Error ? error.message : String(error),
      causedBy: undefined,
      hint: undefined,
    };
  }
  const api = isEsError(error) ? localError(error) : error;
  const cause = api.causedBy;
  return {
    code: api.code,
    status: api.status,
    type: api.type,
    reason: api.reason,
    causedBy: cause ? `${cause.type}: ${cause.reason ?? ''}` : undefined,
    hint: api.info.hint ?? hintFor(api.code),
  };
}
