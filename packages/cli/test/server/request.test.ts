import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENDPOINTS, type EndpointSpec } from '@mldeploy/core/endpoints';
import { SEEDED_ID, useMockServer } from '@mldeploy/mock-server/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { jsonOf, runCli } from '../helpers/run-cli.js';

const mock = useMockServer({ convergeMs: 0 });
const cli = (args: string[], input?: string) =>
  runCli(args, { env: { ELASTICSEARCH_URL: mock.url }, ...(input === undefined ? {} : { input }) });
const allocations = () =>
  mock.server.state().deployments.find((d) => d.deployment_id === SEEDED_ID)?.number_of_allocations;

describe('mldeploy request', () => {
  beforeEach(async () => {
    await mock.server.reset();
  });

  it('lists every endpoint of core’s table', async () => {
    const result = await cli(['request']);
    expect(result.code, result.stderr).toBe(0);
    expect(jsonOf(result).data.endpoints.map((e: { key: string }) => e.key)).toEqual(Object.keys(ENDPOINTS));
  });

  it('reaches every endpoint with core’s check first, with no command of its own', async () => {
    for (const [key, endpoint] of Object.entries(ENDPOINTS) as Array<[string, EndpointSpec]>) {
      const params = endpoint.pathParams.map((p) => (p === 'task_type' ? 'sparse_embedding' : SEEDED_ID));
      const result = await cli(['request', key, ...params, '--dry-run']);
      // Accepted (the request printed) or refused by core's rules (Elasticsearch's error), never a
      // usage error of the CLI's own.
      const doc = jsonOf(result);
      if (result.code === 0) {
        expect(doc.data.request.method, key).toBe(endpoint.method);
      } else {
        expect(result.code, key).toBe(2);
        expect(doc.error.code, key).not.toBe('USAGE');
      }
    }
  });

  it('sends a request and prints the answer’s body', async () => {
    const result = await cli(['request', 'stats', SEEDED_ID]);
    expect(result.code, result.stderr).toBe(0);
    const { data } = jsonOf(result);
    expect(data.status).toBe(200);
    expect(data.body.trained_model_stats[0].deployment_stats.deployment_id).toBe(SEEDED_ID);
    const human = await runCli(['request', 'stats'], {
      env: { ELASTICSEARCH_URL: mock.url, MLDEPLOY_OUTPUT: undefined },
    });
    // For people, the body as it came, indented.
    const body = JSON.parse(human.stdout);
    expect(body.count).toBe(body.trained_model_stats.length);
    expect(human.stdout).toBe(`${JSON.stringify(body, null, 2)}\n`);
  });

  it('takes the body from --body, @file or @- and changes the deployment', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mldeploy-request-'));
    const file = join(dir, 'body.json');
    writeFileSync(file, '{"number_of_allocations":3}');
    expect((await cli(['request', 'update', SEEDED_ID, '--body', '{"number_of_allocations":2}'])).code).toBe(
      0,
    );
    expect(allocations()).toBe(2);
    expect((await cli(['request', 'update', SEEDED_ID, '--body', `@${file}`])).code).toBe(0);
    expect(allocations()).toBe(3);
    expect(
      (await cli(['request', 'update', SEEDED_ID, '--body', '@-'], '{"number_of_allocations":4}')).code,
    ).toBe(0);
    expect(allocations()).toBe(4);
  });

  it('refuses offline what Elasticsearch would refuse, with its message, and sends nothing', async () => {
    const zero = await cli(['request', 'update', SEEDED_ID, '--body', '{"number_of_allocations":0}']);
    expect(zero.code).toBe(2);
    expect(jsonOf(zero).error.reason).toBe(
      'Validation Failed: 1: [number_of_allocations] must be a positive integer;',
    );
    const unknown = await cli(['request', 'stop', SEEDED_ID, '--query', 'forse=true']);
    expect(unknown.code).toBe(2);
    expect(jsonOf(unknown).error.reason).toContain('unrecognized parameter: [forse]');
    expect(allocations()).toBe(1);
    expect(mock.server.state().deployments.length).toBe(1);
  });

  it('prints the request with --dry-run, query parameters in order', async () => {
    const result = await cli([
      'request',
      'stop',
      SEEDED_ID,
      '--query',
      'force=true',
      '--query',
      'allow_no_match',
      '--dry-run',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(jsonOf(result).data.request).toMatchObject({
      method: 'POST',
      url: `${mock.url}/_ml/trained_models/${SEEDED_ID}/deployment/_stop?force=true&allow_no_match=`,
      body: null,
    });
    expect(mock.server.state().deployments.length).toBe(1);
  });

  it('names the endpoints and the path parameters a key takes', async () => {
    const unknown = await cli(['request', 'delete', SEEDED_ID]);
    expect(unknown.code).toBe(2);
    expect(jsonOf(unknown).error.hint).toBe(`endpoints: ${Object.keys(ENDPOINTS).join(', ')}`);
    const extra = await cli(['request', 'update', 'a', 'b']);
    expect(extra.code).toBe(2);
    expect(jsonOf(extra).error.hint).toBe('usage: mldeploy request update <model_id>');
  });
});
