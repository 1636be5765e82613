import type { DeploymentStats, GetTrainedModelsStatsResponse } from '@mldeploy/core';
import { ApiError } from '@mldeploy/core';
import { describe, expect, it } from 'vitest';
import { waitForAllocations } from '../../src/wait-for-allocations.js';

// A failed route cannot be provoked on the mock, so the polling logic gets stats directly here.
function stats(routing: 'started' | 'failed', reason?: string): GetTrainedModelsStatsResponse {
  const deployment: DeploymentStats = {
    deployment_id: 'd',
    model_id: 'm',
    state: 'started',
    allocation_status: { allocation_count: 1, target_allocation_count: 2, state: 'started' },
    priority: 'normal',
    start_time: 0,
    peak_throughput_per_minute: 0,
    nodes: [
      {
        node: {
          n1: {
            name: 'ml-1',
            ephemeral_id: 'e',
            transport_address: '127.0.0.1:9300',
            external_id: 'n1',
            attributes: {},
            roles: ['ml'],
            version: '8.19.0',
            min_index_version: 0,
            max_index_version: 0,
          },
        },
        routing_state: reason === undefined ? { routing_state: routing } : { routing_state: routing, reason },
        number_of_allocations: 1,
        peak_throughput_per_minute: 0,
        throughput_last_minute: 0,
      },
    ],
  };
  return {
    count: 1,
    trained_model_stats: [
      {
        model_id: 'm',
        model_size_stats: { model_size_bytes: 1, required_native_memory_bytes: 1 },
        pipeline_count: 0,
        deployment_stats: deployment,
      },
    ],
  };
}

describe('waitForAllocations', () => {
  it('fails with WAIT_FAILED naming the node and reason of a failed route', async () => {
    const answers = [stats('started'), stats('failed', 'out of memory')];
    const error = await waitForAllocations(async () => answers.shift() ?? stats('failed', 'x'), 'd', {
      intervalMs: 1,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('WAIT_FAILED');
    expect((error as ApiError).message).toBe('Deployment [d] failed on node [ml-1]: out of memory');
  });

  it('reports node progress with ids and names', async () => {
    const seen: string[] = [];
    await waitForAllocations(async () => stats('started'), 'd', {
      until: 'started',
      onProgress: (p) =>
        seen.push(
          `${p.nodes[0]?.nodeId}/${p.nodes[0]?.nodeName}:${p.allocationCount}/${p.targetAllocationCount}`,
        ),
    });
    expect(seen).toEqual(['n1/ml-1:1/2']);
  });
});
