// The client's `clearDeploymentCache` over real HTTP against the mock: one line over the generic
// `call`, the answer typed from core's definition and checked with its response validator.
import { ApiError } from '@mldeploy/core';
import { SEEDED_ID, useMockServer } from '@mldeploy/mock-server/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { recorder, TRANSPORTS } from '../helpers/transports.js';

const mock = useMockServer({ clock: 'manual' });
let seed: object;

beforeEach(async () => {
  seed ??= mock.server.state();
  await mock.server.reset(seed);
});

describe.each(TRANSPORTS)('clearDeploymentCache over %s', (kind) => {
  it('sends POST …/deployment/cache/_clear and answers {cleared: true}', async () => {
    const seen = recorder(kind);
    const client = createClient({ transport: kind, node: mock.server.url, ...seen.options });
    const answer = await client.clearDeploymentCache(SEEDED_ID);
    expect(answer).toEqual({ cleared: true });
    expect(answer.cleared).toBe(true);
    const journal = mock.server.requests();
    expect(journal.at(-1)).toMatchObject({
      method: 'POST',
      path: `/_ml/trained_models/${encodeURIComponent(SEEDED_ID)}/deployment/cache/_clear`,
    });
    await client.close();
  });

  it("throws Elasticsearch's 404 as an ApiError for an unknown deployment", async () => {
    const client = createClient({ transport: kind, node: mock.server.url });
    const error = await client.clearDeploymentCache('nope').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(404);
    expect((error as ApiError).code).toBe('DEPLOYMENT_NOT_FOUND');
    expect((error as ApiError).message).toContain('assignment for model with id [nope] not found');
    await client.close();
  });

  it('reaches any endpoint of the table through the generic call', async () => {
    const client = createClient({ transport: kind, node: mock.server.url });
    const answer = await client.call('clearDeploymentCache', { params: { model_id: SEEDED_ID } });
    expect(answer).toEqual({ cleared: true });
    await client.close();
  });
});
