import { SEEDED_ID, useMockServer } from '@mldeploy/mock-server/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { jsonOf, runCli, writeConfig } from '../helpers/run-cli.js';

// One simulated cluster on three ports, one per node (docs/multi-node.md); node A refuses connections.
const mock = useMockServer({ httpNodes: 3, clock: 'manual' });
const nodeA = () => mock.server.nodes[0] as (typeof mock.server.nodes)[number];
const nodeB = () => mock.server.nodes[1] as (typeof mock.server.nodes)[number];

/** Sets or clears faults through node B, which always answers. */
async function faults(method: 'POST' | 'DELETE', body?: unknown): Promise<void> {
  const res = await fetch(`${nodeB().url}/_mock/faults`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(res.status).toBe(200);
}

afterEach(async () => {
  await faults('DELETE');
  mock.server.clearRequests();
});

/** Runs `status -v` with node A down and checks node B served it and `-v` said so. */
async function statusServedByB(args: string[], env: Record<string, string> = {}): Promise<void> {
  await faults('POST', { refuse_connections: true, node: nodeA().name });
  const result = await runCli(['status', '-v', ...args], { env });
  expect(result.code, result.stderr).toBe(0);
  // JSON mode: stdout is the one document, the -v lines go to stderr.
  const [row] = jsonOf(result).data.deployments;
  expect(row.deployment_id).toBe(SEEDED_ID);
  const lines = result.stderr.trim().split('\n');
  const served = lines.filter((l) => / 200 via /.test(l));
  expect(served.length, result.stderr).toBeGreaterThan(0);
  for (const line of served) {
    expect(line).toMatch(new RegExp(`^GET /\\S+ 200 via ${nodeB().url} \\(attempt \\d+\\)$`));
  }
  expect(lines.some((l) => l.includes(`via ${nodeA().url}`) && / 200 /.test(l))).toBe(false);
  // Every request the cluster answered went through node B.
  const answered = mock.server.requests().filter((r) => !r.path.startsWith('/_mock'));
  expect(answered.length).toBeGreaterThan(0);
  expect(new Set(answered.map((r) => r.node))).toEqual(new Set([nodeB().name]));
}

describe('several URLs: a pool of nodes with failover', () => {
  it('--url A --url B: with A refusing connections, B serves and -v names it', async () => {
    await statusServedByB(['--url', nodeA().url, '--url', nodeB().url]);
  });

  it('ELASTICSEARCH_URL="A,B" does the same, and so does ES_URL="A B"', async () => {
    await statusServedByB([], { ELASTICSEARCH_URL: `${nodeA().url},${nodeB().url}` });
    await statusServedByB([], { ES_URL: `${nodeA().url} ${nodeB().url}` });
  });

  it('a config context may list its URLs', async () => {
    const path = writeConfig({ current: 'pool', contexts: { pool: { url: [nodeA().url, nodeB().url] } } });
    await statusServedByB([], { MLDEPLOY_CONFIG: path });
  });

  it('-v prints the method, path, status and node in human mode too', async () => {
    const result = await runCli(['status', '--verbose', '--url', nodeB().url], {
      env: { MLDEPLOY_OUTPUT: undefined },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(new RegExp(`^GET /\\S+ 200 via ${nodeB().url} \\(attempt 1\\)$`, 'm'));
  });

  it('refuses a bad URL among several with the one-line usage error', async () => {
    const result = await runCli(['status', '--url', nodeB().url, '--url', 'ftp://x'], {
      env: { MLDEPLOY_OUTPUT: undefined },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'error: invalid URL [ftp://x] (from flag): only http and https are supported\n',
    );
    expect(mock.server.requests()).toEqual([]);
  });
});
