import type { DeploymentStats, TrainedModelAssignment } from '@mldeploy/client';
import { describe, expect, it } from 'vitest';
import { isConverging, toDeploymentView } from './deployment-view.js';

const node = (id: string, name: string, n: number, state: 'started' | 'starting' = 'started') =>
  ({
    node: {
      [id]: {
        name,
        ephemeral_id: 'e',
        transport_address: '127.0.0.1:9300',
        external_id: name,
        attributes: {},
        roles: ['ml'],
        version: '8.19.0',
        min_index_version: 1,
        max_index_version: 1,
      },
    },
    routing_state: { routing_state: state },
    number_of_allocations: n,
    peak_throughput_per_minute: 0,
    throughput_last_minute: 0,
  }) satisfies DeploymentStats['nodes'][number];

const stats = (current: number, target: number, nodes: DeploymentStats['nodes']): DeploymentStats => ({
  deployment_id: 'd1',
  model_id: 'm1',
  threads_per_allocation: 1,
  number_of_allocations: target,
  state: 'started',
  allocation_status: {
    allocation_count: current,
    target_allocation_count: target,
    state: current === target ? 'fully_allocated' : 'started',
  },
  priority: 'normal',
  start_time: 0,
  peak_throughput_per_minute: 0,
  nodes,
});

const assignment = (targets: Record<string, number>): TrainedModelAssignment => ({
  task_parameters: {
    model_id: 'm1',
    deployment_id: 'd1',
    model_bytes: 1,
    threads_per_allocation: 1,
    number_of_allocations: 4,
    queue_capacity: 1,
    priority: 'normal',
    per_deployment_memory_bytes: 0,
    per_allocation_memory_bytes: 0,
  },
  routing_table: Object.fromEntries(
    Object.entries(targets).map(([id, t]) => [
      id,
      { current_allocations: 0, target_allocations: t, routing_state: 'starting' as const },
    ]),
  ),
  assignment_state: 'started',
  start_time: '2026-01-01T00:00:00Z',
});

describe('toDeploymentView', () => {
  it('takes per-node targets from the latest assignment while it matches the total', () => {
    const view = toDeploymentView(
      stats(1, 4, [node('a', 'ml-1', 1), node('b', 'ml-2', 0, 'starting')]),
      assignment({ a: 2, b: 2 }),
    );
    expect(view.nodes.map((n) => [n.name, n.current, n.target])).toEqual([
      ['ml-1', 1, 2],
      ['ml-2', 0, 2],
    ]);
    expect(isConverging(view)).toBe(true);
  });

  it('adds nodes the assignment routes to but stats do not list yet', () => {
    const view = toDeploymentView(stats(1, 4, [node('a', 'ml-1', 1)]), assignment({ a: 2, b: 2 }));
    expect(view.nodes.map((n) => [n.nodeId, n.current, n.target])).toEqual([
      ['a', 1, 2],
      ['b', 0, 2],
    ]);
  });

  it('ignores a stale assignment and leaves unknown targets unknown while converging', () => {
    const view = toDeploymentView(stats(1, 6, [node('a', 'ml-1', 1)]), assignment({ a: 2, b: 2 }));
    expect(view.nodes.map((n) => n.target)).toEqual([undefined]);
  });

  it('treats each node as at its target once the totals agree', () => {
    const view = toDeploymentView(stats(2, 2, [node('a', 'ml-1', 1), node('b', 'ml-2', 1)]));
    expect(view.nodes.map((n) => n.target)).toEqual([1, 1]);
    expect(isConverging(view)).toBe(false);
  });
});
