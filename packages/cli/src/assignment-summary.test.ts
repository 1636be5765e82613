import { summarizeAssignment } from '@mldeploy/client/view';
import type { TrainedModelAssignment } from '@mldeploy/core';
import { describe, expect, it } from 'vitest';
import { assignmentLine } from './assignment-summary.js';

const assignment = (routes: Array<[number, number]>, allocations: number): TrainedModelAssignment => ({
  task_parameters: {
    model_id: 'm',
    deployment_id: 'd',
    model_bytes: 1,
    threads_per_allocation: 1,
    number_of_allocations: allocations,
    queue_capacity: 1024,
    priority: 'normal',
    per_deployment_memory_bytes: 1,
    per_allocation_memory_bytes: 1,
  },
  routing_table: Object.fromEntries(
    routes.map(([current, target], i) => [
      `node-${i}`,
      { current_allocations: current, target_allocations: target, routing_state: 'started' },
    ]),
  ),
  assignment_state: 'started',
  start_time: '2026-01-01T00:00:00Z',
  adaptive_allocations: { enabled: true, min_number_of_allocations: 1, max_number_of_allocations: 8 },
});

describe('assignmentLine', () => {
  it('sums current and target allocations over the nodes', () => {
    const summary = summarizeAssignment(
      assignment(
        [
          [1, 2],
          [0, 2],
        ],
        4,
      ),
    );
    expect(summary).toMatchObject({ currentAllocations: 1, targetAllocations: 4, adaptive: '1–8' });
    expect(assignmentLine(summary)).toBe(
      'd: 4 allocations requested, 1/4 allocated on nodes, started, adaptive 1–8',
    );
  });

  it('says where it is going when scaling down', () => {
    expect(
      assignmentLine(
        summarizeAssignment(
          assignment(
            [
              [2, 1],
              [2, 0],
            ],
            1,
          ),
        ),
      ),
    ).toBe('d: 1 allocation requested, 4 allocated on nodes, going down to 1, started, adaptive 1–8');
  });
});
