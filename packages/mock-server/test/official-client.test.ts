import { Client as Client8, errors as errors8 } from 'es8';
import { Client as Client9, errors as errors9 } from 'es9';
import { describe, expect, it } from 'vitest';
import { defaultSeed, startMockServer } from '../src/index.js';
import { SEEDED_ID, useMockServer } from '../src/testing.js';

const mock = useMockServer({ convergeMs: 0 });

// Each client talks to a server of its major: 9.x sends `compatible-with=9`, which an 8.x server
// rejects with media_type_header_exception, as Elasticsearch does (tested below).
const clients = [
  {
    name: '@elastic/elasticsearch 8.19',
    version: '8.19.0',
    make: (node: string): Client8 => new Client8({ node }),
    ResponseError: errors8.ResponseError,
  },
  {
    name: '@elastic/elasticsearch 9.4',
    // The default seed: the official 9.x client works against startMockServer() as it is.
    version: undefined,
    // Typed as the 8.x client: the calls used here have the same shape in both majors.
    make: (node: string) => new Client9({ node }) as unknown as Client8,
    ResponseError: errors9.ResponseError as unknown as typeof errors8.ResponseError,
  },
] as const;

/** The default seed, at another version when one is given. */
function seedFor(version: string | undefined) {
  const seed = defaultSeed();
  seed.cluster = { ...seed.cluster, ...(version === undefined ? {} : { version }), converge_ms: 0 };
  return seed;
}

for (const { name, version, make, ResponseError } of clients) {
  describe(`the official client ${name} against the mock`, () => {
    it('reads cluster info', async () => {
      await mock.server.reset(seedFor(version));
      const info = await make(mock.url).info();
      expect(info.version.number).toBe(version ?? '9.4.0');
    });

    it('updates a deployment to 4 allocations and reads them back in stats', async () => {
      await mock.server.reset(seedFor(version));
      const client = make(mock.url);
      const updated = await client.ml.updateTrainedModelDeployment({
        model_id: SEEDED_ID,
        number_of_allocations: 4,
      });
      expect(updated.assignment.task_parameters.number_of_allocations).toBe(4);
      const stats = await client.ml.getTrainedModelsStats({ model_id: SEEDED_ID });
      const deployment = stats.trained_model_stats[0]?.deployment_stats;
      expect(deployment?.allocation_status?.target_allocation_count).toBe(4);
      expect(deployment?.allocation_status?.allocation_count).toBe(4);
    });

    it('turns adaptive allocations on and off', async () => {
      await mock.server.reset(seedFor(version));
      const client = make(mock.url);
      const on = await client.ml.updateTrainedModelDeployment({
        model_id: SEEDED_ID,
        adaptive_allocations: { enabled: true, min_number_of_allocations: 1, max_number_of_allocations: 4 },
      });
      expect(on.assignment.adaptive_allocations).toEqual({
        enabled: true,
        min_number_of_allocations: 1,
        max_number_of_allocations: 4,
      });
      const off = await client.ml.updateTrainedModelDeployment({
        model_id: SEEDED_ID,
        number_of_allocations: 2,
        adaptive_allocations: { enabled: false },
      });
      expect(off.assignment.task_parameters.number_of_allocations).toBe(2);
      expect(off.assignment.adaptive_allocations?.enabled).toBe(false);
    });

    it('starts and stops a deployment', async () => {
      await mock.server.reset(seedFor(version));
      const client = make(mock.url);
      const started = await client.ml.startTrainedModelDeployment({
        model_id: '.elser_model_2',
        number_of_allocations: 2,
        wait_for: 'fully_allocated',
      });
      expect(started.assignment.assignment_state).toBe('started');
      expect(started.assignment.task_parameters.number_of_allocations).toBe(2);
      const stopped = await client.ml.stopTrainedModelDeployment({ model_id: '.elser_model_2', force: true });
      expect(stopped.stopped).toBe(true);
      expect(mock.server.state().deployments.map((d) => d.deployment_id)).toEqual([SEEDED_ID]);
    });

    it('gets model configurations', async () => {
      await mock.server.reset(seedFor(version));
      const models = await make(mock.url).ml.getTrainedModels({ model_id: SEEDED_ID });
      expect(models.count).toBe(1);
      expect(models.trained_model_configs[0]?.model_id).toBe(SEEDED_ID);
    });

    it('throws ResponseError with the status and type for a rejected update', async () => {
      await mock.server.reset(seedFor(version));
      const client = make(mock.url);
      const error = await client.ml
        .updateTrainedModelDeployment({
          model_id: SEEDED_ID,
          number_of_allocations: 2,
          adaptive_allocations: { enabled: true, min_number_of_allocations: 1 },
        })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ResponseError);
      const e = error as InstanceType<typeof ResponseError>;
      expect(e.statusCode).toBe(400);
      expect(e.body).toMatchObject({ error: { type: 'action_request_validation_exception' } });
      expect(e.message).toContain('action_request_validation_exception');
      expect(e.message).toContain('[number_of_allocations] cannot be set if adaptive allocations is enabled');
    });

    it('throws ResponseError 404 for an unknown deployment and 429 when allocations do not fit', async () => {
      await mock.server.reset(seedFor(version));
      const client = make(mock.url);
      const missing = (await client.ml
        .updateTrainedModelDeployment({ model_id: 'missing', number_of_allocations: 2 })
        .catch((e: unknown) => e)) as InstanceType<typeof ResponseError>;
      expect(missing).toBeInstanceOf(ResponseError);
      expect(missing.statusCode).toBe(404);
      expect(missing.message).toContain('No known model deployment with id [missing]');
      const tooMany = (await client.ml
        .updateTrainedModelDeployment({ model_id: SEEDED_ID, number_of_allocations: 257 })
        .catch((e: unknown) => e)) as InstanceType<typeof ResponseError>;
      expect(tooMany.statusCode).toBe(429);
      expect(mock.server.state().deployments[0]?.number_of_allocations).toBe(1);
    });
  });
}

describe('media types', () => {
  it('answers a 9.x client talking to an 8.x server the way Elasticsearch 8 does', async () => {
    await mock.server.reset(seedFor('8.19.0'));
    const error = (await new Client9({ node: mock.url }).ml
      .updateTrainedModelDeployment({ model_id: SEEDED_ID, number_of_allocations: 2 })
      .catch((e: unknown) => e)) as InstanceType<typeof errors9.ResponseError>;
    expect(error).toBeInstanceOf(errors9.ResponseError);
    expect(error.statusCode).toBe(400);
    expect(error.body).toMatchObject({ error: { type: 'media_type_header_exception' } });
    expect(mock.server.state().deployments[0]?.number_of_allocations).toBe(1);
  });
});

describe('out of the box', () => {
  it('serves the official 9.x client from startMockServer() with no options', async () => {
    const server = await startMockServer({ port: 0, quiet: true });
    try {
      const client = new Client9({ node: server.url });
      const info = await client.info();
      expect(info.version.number).toBe('9.4.0');
      const updated = await client.ml.updateTrainedModelDeployment({
        model_id: SEEDED_ID,
        number_of_allocations: 2,
      });
      expect(updated.assignment.task_parameters.number_of_allocations).toBe(2);
    } finally {
      await server.close();
    }
  });

  it('serves the 8.19 client from a 9.x server too (compatible-with=8 is the major before)', async () => {
    await mock.server.reset(seedFor(undefined));
    const updated = await new Client8({ node: mock.url }).ml.updateTrainedModelDeployment({
      model_id: SEEDED_ID,
      number_of_allocations: 3,
    });
    expect(updated.assignment.task_parameters.number_of_allocations).toBe(3);
  });
});
