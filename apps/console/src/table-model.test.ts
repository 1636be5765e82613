import { describe, expect, it } from 'vitest';
import type { DeploymentView } from './deployment-view.js';
import { arrange, type TableQuery } from './table-model.js';

const view = (
  id: string,
  state: string,
  current: number,
  target: number,
  adaptive: [number, number] | null,
  nodes: string[],
  modelId = id,
): DeploymentView => ({
  deploymentId: id,
  modelId,
  state,
  allocationState: undefined,
  current,
  target,
  numberOfAllocations: target,
  nodes: nodes.map((name) => ({
    nodeId: `${name}-id`,
    name,
    routingState: 'started',
    current: 1,
    target: 1,
    reason: undefined,
  })),
  adaptive: adaptive
    ? { enabled: true, min_number_of_allocations: adaptive[0], max_number_of_allocations: adaptive[1] }
    : null,
  threads: 1,
  priority: 'normal',
  queueCapacity: undefined,
  reason: undefined,
  load: 0,
});

const views = [
  view('b', 'started', 2, 2, [1, 4], ['n1', 'n2']),
  view('a', 'starting', 0, 3, null, []),
  view('d', 'started', 2, 3, [1, 2], ['n2'], 'shared-model'),
  view('c', 'failed', 0, 1, null, ['n1']),
];
const ids = (q: Partial<TableQuery>) =>
  arrange(views, { key: 'id', dir: 1, text: '', state: '', ...q }).map((v) => v.deploymentId);

describe('arrange', () => {
  it('sorts by each column, ties by id, and reverses the whole order when descending', () => {
    expect(ids({})).toEqual(['a', 'b', 'c', 'd']);
    expect(ids({ dir: -1 })).toEqual(['d', 'c', 'b', 'a']);
    // Alphabetical: failed, started, starting.
    expect(ids({ key: 'state' })).toEqual(['c', 'b', 'd', 'a']);
    // By current, then target.
    expect(ids({ key: 'allocations' })).toEqual(['c', 'a', 'b', 'd']);
    // Fixed first, then adaptive by minimum and maximum.
    expect(ids({ key: 'adaptive' })).toEqual(['a', 'c', 'd', 'b']);
    expect(ids({ key: 'nodes' })).toEqual(['a', 'c', 'd', 'b']);
    expect(ids({ key: 'nodes', dir: -1 })).toEqual(['b', 'd', 'c', 'a']);
  });

  it('filters by a case-insensitive part of the deployment or model id, and by state', () => {
    expect(ids({ text: 'SHARED' })).toEqual(['d']);
    expect(ids({ text: ' b ' })).toEqual(['b']);
    expect(ids({ state: 'started' })).toEqual(['b', 'd']);
    expect(ids({ state: 'started', text: 'd' })).toEqual(['d']);
    expect(ids({ state: 'stopping' })).toEqual([]);
  });
});
