import { defaultSeed } from '@mldeploy/mock-server';
import { SEEDED_ID, useMockServer } from '@mldeploy/mock-server/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { jsonOf, runCli } from '../helpers/run-cli.js';

// `mldeploy infer` and `mldeploy endpoint`, the real binary against the mock over HTTP.
// `converge_ms: 0`: a deployment an endpoint starts is started as soon as it is placed.
const mock = useMockServer({ convergeMs: 0 });
const cli = (args: string[]) => runCli(args, { env: { ELASTICSEARCH_URL: mock.url } });

describe('mldeploy infer and mldeploy endpoint', () => {
  beforeEach(async () => {
    const s = defaultSeed();
    s.cluster.converge_ms = 0;
    await mock.server.reset(s);
  });

  it('infers on a deployment with the text in the model input field', async () => {
    const result = await cli(['infer', SEEDED_ID, 'Ada Lovelace lived in London', '-o', 'human']);
    expect(result.code, result.stderr).toBe(0);
    const shown = JSON.parse(result.stdout);
    expect(shown.entities.map((e: { entity: string }) => e.entity)).toEqual(['Ada Lovelace', 'London']);
    const json = await cli(['infer', SEEDED_ID, 'Ada Lovelace lived in London', '--json']);
    expect(jsonOf(json).data.inference_results[0]).toEqual(shown);
  });

  it('creates an endpoint that owns a deployment, lists it, infers through it and deletes it', async () => {
    const created = await cli([
      'endpoint',
      'create',
      'sparse_embedding',
      'my-elser',
      '--model',
      '.elser_model_2',
      '--adaptive',
      '--min',
      '0',
      '--max',
      '4',
      '-o',
      'human',
    ]);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain(
      'created my-elser  sparse_embedding  elasticsearch  .elser_model_2  adaptive 0..4',
    );
    expect(mock.server.state().deployments.some((d) => d.deployment_id === 'my-elser')).toBe(true);
    const status = await cli(['status', '-o', 'human']);
    expect(status.stdout).toContain('my-elser is owned by inference endpoint my-elser');
    expect(jsonOf(await cli(['status', '--json'])).data.owners).toEqual({ 'my-elser': 'my-elser' });

    const listed = await cli(['endpoint', 'get', '-o', 'human']);
    expect(
      listed.stdout
        .trim()
        .split('\n')
        .map((l) => l.split('  ')[0]),
    ).toEqual(['.elser-2-elasticsearch', '.multilingual-e5-small-elasticsearch', 'my-elser']);
    const answer = await cli(['infer', 'my-elser', 'hello world', '--endpoint', '--json']);
    expect(answer.code, answer.stderr).toBe(0);
    expect(jsonOf(answer).data.sparse_embedding[0].embedding).toHaveProperty('hello');

    const deleted = await cli(['endpoint', 'delete', 'my-elser', '-o', 'human']);
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(mock.server.state().deployments.some((d) => d.deployment_id === 'my-elser')).toBe(false);
    const gone = await cli(['endpoint', 'get', 'my-elser', '-o', 'human']);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('Inference endpoint not found [my-elser]');
  });

  it('refuses usage mistakes with exit 2 and sends nothing', async () => {
    const before = mock.server.state();
    for (const args of [
      ['endpoint', 'rename', 'x'],
      ['endpoint', 'create', 'sparse_embedding'],
      ['endpoint', 'create', 'sparse_embedding', 'x', '--allocations', '1', '--adaptive'],
      ['infer', SEEDED_ID, 'x', '--task', 'sparse_embedding'],
    ]) {
      const result = await cli([...args, '-o', 'human']);
      expect(result.code, args.join(' ')).toBe(2);
    }
    expect(mock.server.state()).toEqual(before);
  });
});
