// @mldeploy/client against the mock's msw handlers, in process: the same simulated cluster and
// pipeline as the HTTP mock, no socket. (The mock must not depend on the client, so this lives here.)
import { createClient } from '@mldeploy/client';
import { createMswHandlers } from '@mldeploy/mock-server/msw';
import { SEEDED_ID } from '@mldeploy/mock-server/testing';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const mock = createMswHandlers({ clock: 'manual', convergeMs: 1000 });
const server = setupServer(...mock.handlers);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  mock.reset();
  mock.clearRequests();
});

// msw does not see undici's pool (the client's default in Node): tests that mock in process send
// through fetch (docs/contract-testing.md).
const transport = 'fetch';

describe('@mldeploy/client over fetch against msw handlers', () => {
  it('updates a deployment and reads its stats as simulated time moves', async () => {
    const client = createClient({ node: mock.baseUrl, transport });
    const updated = await client.updateDeployment(SEEDED_ID, { number_of_allocations: 4 });
    expect(updated.assignment.task_parameters.number_of_allocations).toBe(4);
    const before = await client.getDeploymentStats(SEEDED_ID);
    expect(JSON.stringify(before)).toContain('"allocation_count":1');
    mock.advance(1000);
    const after = await client.getDeploymentStats(SEEDED_ID);
    expect(JSON.stringify(after)).toContain('"allocation_count":4');
    expect(mock.state().deployments[0]?.number_of_allocations).toBe(4);
  });

  it("gets Elasticsearch's errors, and the journal shows what it sent", async () => {
    const client = createClient({ node: mock.baseUrl, transport });
    await expect(client.updateDeployment('no-such-deployment', { number_of_allocations: 2 })).rejects.toThrow(
      /no-such-deployment/,
    );
    const sent = mock.requests({ path: 'no-such-deployment' });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ method: 'POST', status: 404, body: '{"number_of_allocations":2}' });
    expect(sent[0]?.error_type).toBe('resource_not_found_exception');
  });
});
