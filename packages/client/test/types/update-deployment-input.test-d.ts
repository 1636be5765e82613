import { describe, expectTypeOf, it } from 'vitest';
import {
  type ApiError,
  createClient,
  type UpdateDeploymentInput,
  type UpdateDeploymentResponse,
} from '../../src/index.js';

const client = createClient({ node: 'http://127.0.0.1:9200' });

describe('UpdateDeploymentInput', () => {
  it('accepts a fixed number', () => {
    expectTypeOf({ number_of_allocations: 2 }).toExtend<UpdateDeploymentInput>();
    expectTypeOf(
      client.updateDeployment('d', { number_of_allocations: 2 }),
    ).resolves.toEqualTypeOf<UpdateDeploymentResponse>();
  });

  it('accepts a number that switches adaptive allocations off or removes them', () => {
    expectTypeOf({
      number_of_allocations: 3,
      adaptive_allocations: { enabled: false as const },
    }).toExtend<UpdateDeploymentInput>();
    expectTypeOf({ number_of_allocations: 3, adaptive_allocations: null }).toExtend<UpdateDeploymentInput>();
  });

  it('accepts adaptive settings alone, including the null forms', () => {
    expectTypeOf({
      adaptive_allocations: { enabled: true, min_number_of_allocations: 0, max_number_of_allocations: 4 },
    }).toExtend<UpdateDeploymentInput>();
    expectTypeOf({ adaptive_allocations: null }).toExtend<UpdateDeploymentInput>();
    expectTypeOf({
      adaptive_allocations: { min_number_of_allocations: null },
    }).toExtend<UpdateDeploymentInput>();
  });

  it('rejects a number together with adaptive allocations enabled', () => {
    // @ts-expect-error adaptive enabled excludes a fixed number
    void client.updateDeployment('d', { number_of_allocations: 2, adaptive_allocations: { enabled: true } });
    expectTypeOf({
      number_of_allocations: 2,
      adaptive_allocations: { enabled: true as const },
    }).not.toExtend<UpdateDeploymentInput>();
  });

  it('rejects wrong field types and unknown fields', () => {
    // @ts-expect-error the number is a number
    void client.updateDeployment('d', { number_of_allocations: '2' });
    // @ts-expect-error update never had num_threads
    void client.updateDeployment('d', { num_threads: 1, number_of_allocations: 4 });
    // @ts-expect-error an input needs one of the two forms
    void client.updateDeployment('d', {});
  });

  it('rejects a number with adaptive settings that leave enabled unchanged', () => {
    // @ts-expect-error without enabled: false the stored setting may be on
    void client.updateDeployment('d', {
      number_of_allocations: 2,
      adaptive_allocations: { max_number_of_allocations: 4 },
    });
  });
});

describe('errors', () => {
  it('exposes the ApiError accessors', () => {
    expectTypeOf<ApiError['code']>().toBeString();
    expectTypeOf<ApiError['status']>().toBeNumber();
    expectTypeOf<ApiError['rootCause']>().toBeArray();
  });
});
