import { ApiError } from '@mldeploy/core';
import { defaultSeed } from '@mldeploy/mock-server';
import {
  ENDPOINT_OWNED_ID,
  SEEDED_ID,
  useMockServer,
  withInferenceEndpoint,
} from '@mldeploy/mock-server/testing';
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { countingFetch } from '../helpers/mock.js';

const mock = useMockServer({ convergeMs: 0 });
const ID = ENDPOINT_OWNED_ID;

/** The default seed, settling at once, plus an endpoint that created its own deployment. */
function seed() {
  const s = withInferenceEndpoint(defaultSeed(), ID);
  s.cluster.converge_ms = 0;
  return s;
}

describe('updateInferenceEndpoint against the mock', () => {
  it('is the remedy for the 409 of updateDeployment', async () => {
    await mock.server.reset(seed());
    const client = createClient({ node: mock.url, responseValidation: 'strict' });
    const refused = await client.updateDeployment(ID, { number_of_allocations: 2 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).code).toBe('DEPLOYMENT_OWNED_BY_INFERENCE');
    const updated = await client.updateInferenceEndpoint('sparse_embedding', ID, { num_allocations: 2 });
    expect(updated.service_settings.num_allocations).toBe(2);
    const stats = await client.getDeploymentStats(ID);
    expect(stats.trained_model_stats[0]?.deployment_stats?.allocation_status?.target_allocation_count).toBe(
      2,
    );
  });

  it('switches the endpoint to adaptive allocations without a task type', async () => {
    await mock.server.reset(seed());
    const client = createClient({ node: mock.url, responseValidation: 'strict' });
    const adaptive = { enabled: true, min_number_of_allocations: 1, max_number_of_allocations: 3 };
    const updated = await client.updateInferenceEndpoint(undefined, ID, { adaptive_allocations: adaptive });
    expect(updated.service_settings.adaptive_allocations).toEqual(adaptive);
    expect(updated.service_settings.num_allocations).toBeUndefined();
  });

  it("throws the server's errors as ApiError with their codes", async () => {
    await mock.server.reset(seed());
    const client = createClient({ node: mock.url });
    const missing = await client
      .updateInferenceEndpoint('sparse_embedding', 'nope', { num_allocations: 2 })
      .catch((e: unknown) => e);
    expect((missing as ApiError).code).toBe('INFERENCE_ENDPOINT_NOT_FOUND');
    expect((missing as ApiError).status).toBe(404);
    const mismatch = await client
      .updateInferenceEndpoint('text_embedding', ID, { num_allocations: 2 })
      .catch((e: unknown) => e);
    expect((mismatch as ApiError).code).toBe('INFERENCE_UPDATE_INVALID');
    const invalid = await client
      .updateInferenceEndpoint('sparse_embedding', ID, { num_allocations: 0 })
      .catch((e: unknown) => e);
    expect((invalid as ApiError).code).toBe('INFERENCE_SETTINGS_INVALID');
    expect(mock.server.state().deployments.find((d) => d.deployment_id === ID)?.number_of_allocations).toBe(
      1,
    );
    expect(mock.server.state().deployments.find((d) => d.deployment_id === SEEDED_ID)).toBeDefined();
  });

  it('refuses an invalid id or task type locally, sending nothing', async () => {
    const seen = countingFetch();
    const client = createClient({ node: 'http://127.0.0.1:9', fetch: seen.fetch });
    const badId = await client
      .updateInferenceEndpoint(undefined, 'Bad Id', { num_allocations: 2 })
      .catch((e: unknown) => e);
    expect((badId as ApiError).code).toBe('VALIDATION_FAILED');
    const badType = await client
      .updateInferenceEndpoint('nope' as 'rerank', ID, { num_allocations: 2 })
      .catch((e: unknown) => e);
    expect((badType as ApiError).code).toBe('INFERENCE_UPDATE_INVALID');
    expect(seen.calls).toHaveLength(0);
  });
});
