import { adaptiveRange } from '@mldeploy/client/view';
import type { DeploymentStats, TrainedModelStats } from '@mldeploy/core';

/** One deployment as `mldeploy status` shows it, and as its `--json` data lists it. */
export interface DeploymentRow {
  deployment_id: string;
  model_id: string;
  /** The assignment state: starting, started, stopping, failed. */
  state: string;
  /** The allocation status: starting, started, fully_allocated (null while stopping). */
  allocation_state: string | null;
  allocations: { current: number; target: number };
  adaptive_allocations: { enabled: boolean; min: number | null; max: number | null } | null;
  threads_per_allocation: number | null;
  priority: string;
  nodes: Array<{ node_id: string; node_name: string | null; routing_state: string; allocations: number }>;
}

/** Finds the deployment stats in whatever shape the stats call answers (wire or unwrapped). */
export function deploymentStatsOf(result: unknown): DeploymentStats[] {
  const list = Array.isArray(result)
    ? result
    : ((result as { trained_model_stats?: unknown[] })?.trained_model_stats ?? []);
  return list
    .map(
      (entry) =>
        (entry as TrainedModelStats).deployment_stats ??
        ((entry as DeploymentStats).deployment_id ? (entry as DeploymentStats) : undefined),
    )
    .filter((s): s is DeploymentStats => s !== undefined);
}

/** Turns deployment stats into a row. */
export function toRow(stats: DeploymentStats): DeploymentRow {
  const adaptive = stats.adaptive_allocations;
  return {
    deployment_id: stats.deployment_id,
    model_id: stats.model_id,
    state: stats.state ?? 'unknown',
    allocation_state: stats.allocation_status?.state ?? null,
    allocations: {
      current: stats.allocation_status?.allocation_count ?? 0,
      target: stats.allocation_status?.target_allocation_count ?? stats.number_of_allocations ?? 0,
    },
    adaptive_allocations: adaptive
      ? {
          enabled: adaptive.enabled === true,
          min: adaptive.min_number_of_allocations ?? null,
          max: adaptive.max_number_of_allocations ?? null,
        }
      : null,
    threads_per_allocation: stats.threads_per_allocation ?? null,
    priority: stats.priority,
    nodes: stats.nodes.map((n) => {
      const [nodeId, node] = Object.entries(n.node ?? {})[0] ?? ['', undefined];
      return {
        node_id: nodeId,
        node_name: node?.name ?? null,
        routing_state: n.routing_state.routing_state,
        allocations: n.number_of_allocations ?? 0,
      };
    }),
  };
}

/**
 * The table cells of a deployment: deployment, model, state, allocations, adaptive, threads, priority,
 * nodes. The adaptive range is the client's wording of the stats' own settings.
 */
export function rowCells(stats: DeploymentStats): string[] {
  const row = toRow(stats);
  const state = row.allocation_state && row.state === 'started' ? row.allocation_state : row.state;
  return [
    row.deployment_id,
    row.model_id,
    state,
    `${row.allocations.current}/${row.allocations.target}`,
    adaptiveRange(stats.adaptive_allocations),
    row.threads_per_allocation === null ? '-' : String(row.threads_per_allocation),
    row.priority,
    row.nodes.length ? row.nodes.map((n) => `${n.node_name ?? n.node_id}:${n.allocations}`).join(',') : '-',
  ];
}

/** The header matching {@link rowCells}. */
export const ROW_HEADER = [
  'DEPLOYMENT',
  'MODEL',
  'STATE',
  'ALLOCATIONS',
  'ADAPTIVE',
  'THREADS',
  'PRIORITY',
  'NODES',
];
