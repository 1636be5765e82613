// Inference's contract cases (testkit), replayed by the runner against the mock over HTTP: every
// safe case passes, and no stateful one is replayed on the deployment a user gives up.
import { ENDPOINTS, type EndpointKey, pathFor } from '@mldeploy/core/endpoints';
import { formatIssues, RESPONSE_VALIDATORS } from '@mldeploy/core/validators';
import { classifyCase, inferenceCases, runCases } from '@mldeploy/testkit';
import { describe, expect, it } from 'vitest';
import { SEEDED_ID, useMockServer } from '../src/testing.js';

const mock = useMockServer({ convergeMs: 0 });
const withCore = {
  pathFor: (endpoint: EndpointKey, params: Record<string, string>) => pathFor(ENDPOINTS[endpoint], params),
  validateResponse: (endpoint: EndpointKey, body: unknown) => {
    const result = RESPONSE_VALIDATORS[endpoint](body);
    return result.ok ? undefined : formatIssues(result.issues.slice(0, 1));
  },
};

describe("inference's contract cases, replayed by the runner", () => {
  it('passes every safe case without a deployment given', async () => {
    const results = await runCases(inferenceCases, { baseUrl: mock.url, ...withCore });
    const safe = inferenceCases.filter((c) => classifyCase(c) === 'safe');
    expect(safe.length).toBeGreaterThanOrEqual(14);
    expect(results.filter((r) => r.kind === 'safe').map((r) => [r.name, r.passed, r.mismatches])).toEqual(
      safe.map((c) => [c.name, true, []]),
    );
  });

  it('never replays the stateful case on the deployment given (the table denies it)', async () => {
    const before = mock.server.state();
    const results = await runCases(inferenceCases, {
      baseUrl: mock.url,
      deploymentId: SEEDED_ID,
      ...withCore,
    });
    expect(results.filter((r) => !r.passed && r.skipped === undefined).map((r) => r.name)).toEqual([]);
    expect(results.filter((r) => r.skipped !== undefined).map((r) => r.name)).toEqual([
      'infers on a started deployment: one result per document',
    ]);
    expect(mock.server.state().deployments).toEqual(before.deployments);
  });
});
