import { defaultSeed } from '@mldeploy/mock-server';
import { ENDPOINT_OWNED_ID, useMockServer, withInferenceEndpoint } from '@mldeploy/mock-server/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { jsonOf, runCli } from '../helpers/run-cli.js';

const mock = useMockServer({ convergeMs: 0 });
const cli = (args: string[]) => runCli(args, { env: { ELASTICSEARCH_URL: mock.url } });
const ID = ENDPOINT_OWNED_ID;

/** The default seed, settling at once, plus an endpoint that created its own deployment. */
function seed() {
  const s = withInferenceEndpoint(defaultSeed(), ID);
  s.cluster.converge_ms = 0;
  return s;
}

describe('mldeploy update-endpoint', () => {
  beforeEach(async () => {
    await mock.server.reset(seed());
  });

  it('changes the allocations of a deployment an inference endpoint owns', async () => {
    const refused = await cli(['update', ID, '--allocations', '3', '-o', 'human']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('must be updated through the inference API');
    const result = await cli(['update-endpoint', 'sparse_embedding', ID, '--allocations', '3']);
    expect(result.code, result.stderr).toBe(0);
    expect(jsonOf(result).data.endpoint.service_settings.num_allocations).toBe(3);
    expect(mock.server.state().deployments.find((d) => d.deployment_id === ID)?.number_of_allocations).toBe(
      3,
    );
  });

  it('switches to adaptive allocations', async () => {
    const result = await cli([
      'update-endpoint',
      'any',
      ID,
      '--adaptive',
      '--min',
      '1',
      '--max',
      '4',
      '-o',
      'human',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`${ID} (sparse_embedding): adaptive 1..4`);
  });

  it("exits 1 with Elasticsearch's answer and 2 for bad usage, changing nothing", async () => {
    const before = mock.server.state();
    const missing = await cli([
      'update-endpoint',
      'sparse_embedding',
      'nope',
      '--allocations',
      '2',
      '-o',
      'human',
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('The inference endpoint [nope] does not exist and cannot be updated');
    const both = await cli(['update-endpoint', 'sparse_embedding', ID, '--allocations', '2', '--adaptive']);
    expect(both.code).toBe(2);
    const neither = await cli(['update-endpoint', 'sparse_embedding', ID]);
    expect(neither.code).toBe(2);
    const badType = await cli(['update-endpoint', 'nope', ID, '--allocations', '2', '-o', 'human']);
    expect(badType.code).toBe(2);
    expect(badType.stderr).toContain('Unknown task_type [nope]');
    expect(mock.server.state()).toEqual(before);
  });
});
