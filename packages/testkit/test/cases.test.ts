import { describe, expect, it } from 'vitest';
import {
  EXAMPLE_DEPLOYMENT_ID,
  officialUpdateResponseExamples,
  updateDeploymentCases,
} from '../src/index.js';

describe('the contract cases themselves', () => {
  it('are at least sixty, with unique names', () => {
    const names = updateDeploymentCases.map((c) => c.name);
    expect(names.length).toBeGreaterThanOrEqual(60);
    expect(new Set(names).size).toBe(names.length);
  });

  it('expect an error from every stateless case, and a code from every error', () => {
    for (const c of updateDeploymentCases) {
      if (c.stateless) {
        expect(c.want.status, c.name).toBeGreaterThanOrEqual(400);
      }
      if (c.want.status >= 400) {
        expect(c.want.code, c.name).toMatch(/^[A-Z_]+$/);
      } else {
        expect(c.want.code, c.name).toBeUndefined();
      }
    }
  });

  it('include the seed document example request', () => {
    const example = updateDeploymentCases.find(
      (c) =>
        c.given.body !== undefined &&
        JSON.stringify(JSON.parse(c.given.body)) === '{"number_of_allocations":4}',
    );
    expect(example?.given.modelId ?? EXAMPLE_DEPLOYMENT_ID).toBe(EXAMPLE_DEPLOYMENT_ID);
    expect(example?.want).toMatchObject({ status: 200, after: { number_of_allocations: 4 } });
  });

  it('ship response examples that are JSON', () => {
    for (const e of officialUpdateResponseExamples) {
      expect(() => JSON.parse(e.json), e.source).not.toThrow();
    }
  });
});
