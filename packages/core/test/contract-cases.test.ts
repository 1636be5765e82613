import {
  adaptiveSettingsFromJson,
  adaptiveSettingsToJson,
  checkUpdateRequest,
  type EsError,
  planUpdate,
  validateErrorEnvelope,
} from '@mldeploy/core';
import {
  type ContractCase,
  DEFAULT_FIXTURE,
  EXAMPLE_DEPLOYMENT_ID,
  updateDeploymentCases,
} from '@mldeploy/testkit';
import { describe, expect, it } from 'vitest';

function expectError(error: EsError, want: ContractCase['want']): void {
  expect(error.status).toBe(want.status);
  if (want.code) {
    expect(error.code).toBe(want.code);
  }
  const body = error.body;
  if (typeof body.error === 'string') {
    expect(body.error).toBe(want.reason);
    return;
  }
  expect(validateErrorEnvelope(body).ok).toBe(true);
  expect(body.status).toBe(want.status);
  if (want.type) {
    expect(body.error.type).toBe(want.type);
  }
  if (want.reason) {
    expect(body.error.reason).toBe(want.reason);
  }
  if (want.causedBy) {
    expect(body.error.caused_by?.type).toBe(want.causedBy);
  }
  if (want.causedByReason) {
    expect(body.error.caused_by?.reason).toBe(want.causedByReason);
  }
  expect(body.error.root_cause.length).toBeGreaterThan(0);
  if (want.rootCause) {
    expect(body.error.root_cause[0]?.reason).toBe(want.rootCause);
  }
  // A cause never carries a root_cause of its own; root causes carry no cause.
  for (let cause = body.error.caused_by; cause; cause = cause.caused_by) {
    expect(cause).not.toHaveProperty('root_cause');
  }
  for (const root of body.error.root_cause) {
    expect(root).not.toHaveProperty('caused_by');
  }
}

const requestCases = updateDeploymentCases.filter((c) => (c.given.method ?? 'POST') === 'POST');

describe('checkUpdateRequest and planUpdate on the contract cases', () => {
  it('has at least 60 cases', () => {
    expect(updateDeploymentCases.length).toBeGreaterThanOrEqual(60);
  });

  it.each(requestCases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const modelId = c.given.modelId ?? EXAMPLE_DEPLOYMENT_ID;
    const checked = checkUpdateRequest({ modelId, query: c.given.query, body: c.given.body });
    if (c.stateless) {
      expect(checked.ok).toBe(false);
      if (!checked.ok) {
        expectError(checked.error, c.want);
      }
      return;
    }
    // Stateful: the request passes the stateless checks; the state decides.
    if (!checked.ok) {
      throw new Error(`expected the request to pass the REST checks: ${JSON.stringify(checked.error.body)}`);
    }
    if (c.before === 'missing' || c.before?.owned_by_inference_endpoint || c.want.status === 429) {
      return; // decided by the server's cluster state (lookup, inference endpoints, placement)
    }
    if (c.want.warning) {
      expect(checked.value.warnings).toContain(c.want.warning);
    }
    const fixture = c.before ?? DEFAULT_FIXTURE;
    const plan = planUpdate(
      {
        number_of_allocations: fixture.number_of_allocations,
        adaptive_allocations: adaptiveSettingsFromJson(fixture.adaptive_allocations),
        assignment_state: fixture.assignment_state,
        priority: fixture.priority,
      },
      checked.value,
    );
    if (c.want.status !== 200) {
      expect(plan.kind).toBe('error');
      if (plan.kind === 'error') {
        expectError(plan.error, c.want);
      }
      return;
    }
    expect(plan.kind).not.toBe('error');
    const after =
      plan.kind === 'apply'
        ? {
            number_of_allocations: plan.number_of_allocations,
            adaptive_allocations: adaptiveSettingsToJson(plan.adaptive_allocations),
          }
        : {
            number_of_allocations: fixture.number_of_allocations,
            adaptive_allocations: fixture.adaptive_allocations,
          };
    if (c.want.after?.number_of_allocations !== undefined) {
      expect(after.number_of_allocations).toBe(c.want.after.number_of_allocations);
    }
    if (c.want.after?.adaptive_allocations !== undefined) {
      expect(after.adaptive_allocations).toEqual(c.want.after.adaptive_allocations);
    }
  });
});
