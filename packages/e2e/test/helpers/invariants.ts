import type { SeedDocument } from '@mldeploy/mock-server';

/** Processors taken on each node by route targets: Σ target_allocations × threads_per_allocation. */
export function processorsInUse(state: SeedDocument): Map<string, number> {
  const used = new Map(state.nodes.map((n) => [n.id, 0]));
  for (const d of state.deployments) {
    for (const [nodeId, r] of Object.entries(d.routing_table ?? {})) {
      used.set(nodeId, (used.get(nodeId) ?? 0) + r.target_allocations * d.threads_per_allocation);
    }
  }
  return used;
}

/**
 * Invariants of one state snapshot: no node over its processors, routes that point at real nodes,
 * counts that are never negative, and targets that never exceed what the deployment asked for.
 */
export function stateProblems(state: SeedDocument): string[] {
  const problems: string[] = [];
  const nodes = new Map(state.nodes.map((n) => [n.id, n]));
  for (const [nodeId, used] of processorsInUse(state)) {
    const node = nodes.get(nodeId);
    if (!node) {
      problems.push(`a route points at unknown node [${nodeId}]`);
    } else if (used > node.processors) {
      problems.push(`node [${nodeId}] is over its processors: ${used} > ${node.processors}`);
    }
  }
  for (const d of state.deployments) {
    let targets = 0;
    for (const [nodeId, r] of Object.entries(d.routing_table ?? {})) {
      if (r.current_allocations < 0 || r.target_allocations < 0) {
        problems.push(`[${d.deployment_id}] on [${nodeId}]: negative allocations`);
      }
      targets += r.target_allocations;
    }
    if (targets > d.number_of_allocations) {
      problems.push(
        `[${d.deployment_id}]: route targets ${targets} > number_of_allocations ${d.number_of_allocations}`,
      );
    }
  }
  return problems;
}

type Routes = Map<string, { current: number; target: number }>;

/**
 * `deployment@start_time/node` → the route's counts. The start time tells a deployment from one
 * stopped and started again under the same id between two snapshots.
 */
export function routesOf(state: SeedDocument): Routes {
  const out: Routes = new Map();
  for (const d of state.deployments) {
    for (const [nodeId, r] of Object.entries(d.routing_table ?? {})) {
      out.set(`${d.deployment_id}@${d.start_time}/${nodeId}`, {
        current: r.current_allocations,
        target: r.target_allocations,
      });
    }
  }
  return out;
}

/**
 * Convergence between two snapshots of routes whose target did not change: it only moves toward
 * the target and never past it (current <= target while converging upward, >= while downward).
 */
export function convergenceProblems(before: Routes, after: Routes): string[] {
  const problems: string[] = [];
  for (const [key, b] of before) {
    const a = after.get(key);
    if (!a || a.target !== b.target) {
      continue;
    }
    if (b.current <= b.target && (a.current > a.target || a.current < b.current)) {
      problems.push(`${key}: converging up from ${b.current} to ${b.target}, then at ${a.current}`);
    }
    if (b.current >= b.target && (a.current < a.target || a.current > b.current)) {
      problems.push(`${key}: converging down from ${b.current} to ${b.target}, then at ${a.current}`);
    }
  }
  return problems;
}

/** One deployment's entry of a `_stats` answer, as far as these checks read it. */
export interface StatsEntry {
  deployment_stats?: {
    deployment_id: string;
    number_of_allocations?: number;
    state?: string;
    allocation_status?: { allocation_count: number; target_allocation_count: number; state: string };
    nodes: Array<{ routing_state: { routing_state: string }; number_of_allocations?: number }>;
  };
}

/**
 * Invariants within one `_stats` answer: allocation_count is the sum of started nodes'
 * allocations, the target is the requested number, and the state word follows from the two.
 */
export function statsProblems(entries: StatsEntry[]): string[] {
  const problems: string[] = [];
  for (const { deployment_stats: s } of entries) {
    if (!s?.allocation_status) {
      continue;
    }
    const started = s.nodes
      .filter((n) => n.routing_state.routing_state === 'started')
      .reduce((sum, n) => sum + (n.number_of_allocations ?? 0), 0);
    const { allocation_count: count, target_allocation_count: target, state } = s.allocation_status;
    if (count !== started) {
      problems.push(`[${s.deployment_id}] allocation_count ${count} != Σ started nodes ${started}`);
    }
    if (target !== s.number_of_allocations) {
      problems.push(
        `[${s.deployment_id}] target_allocation_count ${target} != number_of_allocations ${s.number_of_allocations}`,
      );
    }
    const expected = count === 0 && target > 0 ? 'starting' : count < target ? 'started' : 'fully_allocated';
    if (state !== expected) {
      problems.push(`[${s.deployment_id}] allocation state ${state} with ${count}/${target}`);
    }
  }
  return problems;
}
