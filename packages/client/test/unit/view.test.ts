import type { DeploymentStats, TrainedModelAssignment } from '@mldeploy/core';
import { ApiError, checkUpdateRequest } from '@mldeploy/core/rules';
import { describe, expect, it } from 'vitest';
import { adaptiveRange, describeError, summarizeAssignment, toAllocationProgress } from '../../src/index.js';
import * as view from '../../src/view.js';

/** Stats of a deployment with `current` of `target` allocations on the given nodes. */
function stats(current: number, target: number, nodes: Array<[string, number, string?]>): DeploymentStats {
  return {
    deployment_id: 'd',
    model_id: 'm',
    state: 'started',
    number_of_allocations: target,
    priority: 'normal',
    allocation_status: {
      allocation_count: current,
      target_allocation_count: target,
      state: current === target ? 'fully_allocated' : 'started',
    },
    nodes: nodes.map(([id, n, reason]) => ({
      node: { [id]: { name: `name-${id}` } },
      routing_state: { routing_state: 'started', ...(reason ? { reason } : {}) },
      number_of_allocations: n,
    })),
  } as unknown as DeploymentStats;
}

/** An assignment routing `targets` (node → [current, target]). */
function assignment(targets: Record<string, [number, number]>, adaptive?: object): TrainedModelAssignment {
  const total = Object.values(targets).reduce((s, [, t]) => s + t, 0);
  return {
    task_parameters: { deployment_id: 'd', model_id: 'm', number_of_allocations: total },
    assignment_state: 'started',
    routing_table: Object.fromEntries(
      Object.entries(targets).map(([id, [c, t]]) => [
        id,
        { routing_state: 'started', current_allocations: c, target_allocations: t },
      ]),
    ),
    ...(adaptive ? { adaptive_allocations: adaptive } : {}),
  } as unknown as TrainedModelAssignment;
}

describe('toAllocationProgress: one rule for per-node targets', () => {
  it('takes targets from an assignment whose targets add up to the total target', () => {
    const p = toAllocationProgress(
      stats(2, 4, [
        ['n1', 1],
        ['n2', 1],
      ]),
      assignment({ n1: [1, 2], n2: [1, 2] }),
    );
    expect(p.allocationCount).toBe(2);
    expect(p.targetAllocationCount).toBe(4);
    expect(p.nodes.map((n) => [n.nodeId, n.nodeName, n.currentAllocations, n.targetAllocations])).toEqual([
      ['n1', 'name-n1', 1, 2],
      ['n2', 'name-n2', 1, 2],
    ]);
  });

  it('adds nodes the assignment routes to that stats do not list yet', () => {
    const p = toAllocationProgress(stats(1, 3, [['n1', 1]]), assignment({ n1: [1, 1], n2: [0, 2] }));
    expect(p.nodes.map((n) => [n.nodeId, n.currentAllocations, n.targetAllocations])).toEqual([
      ['n1', 1, 1],
      ['n2', 0, 2],
    ]);
  });

  it('ignores an assignment whose targets no longer match the stats', () => {
    const p = toAllocationProgress(stats(1, 3, [['n1', 1]]), assignment({ n1: [1, 1], n2: [0, 8] }));
    expect(p.nodes.map((n) => [n.nodeId, n.targetAllocations])).toEqual([['n1', undefined]]);
  });

  it('reads a converged deployment as every node at its target, and else leaves the target unknown', () => {
    expect(
      toAllocationProgress(
        stats(3, 3, [
          ['n1', 2],
          ['n2', 1],
        ]),
      ).nodes.map((n) => n.targetAllocations),
    ).toEqual([2, 1]);
    expect(toAllocationProgress(stats(1, 3, [['n1', 1]])).nodes.map((n) => n.targetAllocations)).toEqual([
      undefined,
    ]);
  });

  it('keeps the reason a node gives', () => {
    expect(toAllocationProgress(stats(1, 1, [['n1', 1, 'out of memory']])).nodes[0]?.reason).toBe(
      'out of memory',
    );
  });
});

describe('adaptiveRange', () => {
  it.each([
    [undefined, 'off'],
    [null, 'off'],
    [{ enabled: false, min_number_of_allocations: 1, max_number_of_allocations: 8 }, 'off'],
    [{ enabled: true, min_number_of_allocations: 1, max_number_of_allocations: 8 }, '1–8'],
    [{ enabled: true }, '0–∞'],
    [{ enabled: true, max_number_of_allocations: 4 }, '0–4'],
    [{ enabled: true, min_number_of_allocations: 2 }, '2–∞'],
  ])('%j reads %s', (settings, text) => {
    expect(adaptiveRange(settings)).toBe(text);
  });
});

describe('summarizeAssignment', () => {
  it('sums the routing table and describes the adaptive range', () => {
    const s = summarizeAssignment(
      assignment(
        { n1: [1, 2], n2: [0, 2] },
        { enabled: true, min_number_of_allocations: 1, max_number_of_allocations: 4 },
      ),
    );
    expect(s).toEqual({
      deploymentId: 'd',
      modelId: 'm',
      state: 'started',
      numberOfAllocations: 4,
      currentAllocations: 1,
      targetAllocations: 4,
      adaptive: '1–4',
    });
  });
});

describe('describeError', () => {
  it('keeps an ApiError’s type and reason verbatim and fills in the library’s hint', () => {
    const error = new ApiError('DEPLOYMENT_NOT_FOUND', 'Could not find trained model deployment [x]', {
      status: 404,
      body: {
        error: {
          root_cause: [],
          type: 'resource_not_found_exception',
          reason: 'Could not find trained model deployment [x]',
        },
        status: 404,
      },
    });
    const v = describeError(error);
    expect(v).toMatchObject({
      code: 'DEPLOYMENT_NOT_FOUND',
      status: 404,
      type: 'resource_not_found_exception',
      reason: 'Could not find trained model deployment [x]',
      causedBy: undefined,
    });
    expect(v.hint).toMatch(/getDeploymentStats/);
  });

  it('reads an error core’s rules answered, with its cause', () => {
    const checked = checkUpdateRequest({ modelId: 'd', query: 'number_of_allocations=x' });
    expect(checked.ok).toBe(false);
    if (checked.ok) {
      return;
    }
    const v = describeError(checked.error);
    expect(v.status).toBe(400);
    expect(v.type).toBe('illegal_argument_exception');
    expect(v.reason).toBe('Failed to parse int parameter [number_of_allocations] with value [x]');
    expect(v.causedBy).toBe('number_format_exception: For input string: "x"');
  });

  it('reads anything else as an internal error with its message', () => {
    expect(describeError(new TypeError('boom'))).toEqual({
      code: 'INTERNAL_ERROR',
      status: 0,
      type: 'internal_error',
      reason: 'boom',
      causedBy: undefined,
      hint: undefined,
    });
  });

  it('names no CLI command in any hint', () => {
    for (const code of ['DEPLOYMENT_NOT_FOUND', 'MODEL_NOT_FOUND', 'DEPLOYMENT_NOT_STARTED'] as const) {
      expect(describeError(new ApiError(code, 'x')).hint).not.toMatch(/mldeploy/);
    }
  });

  it('is what the light view entry exports', () => {
    expect(view.describeError).toBe(describeError);
    expect(view.toAllocationProgress).toBe(toAllocationProgress);
  });
});
