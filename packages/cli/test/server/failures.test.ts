import { SEEDED_ID } from '@mldeploy/mock-server/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { closedPort, FAST_POLL_ENV, usePolledMock } from '../helpers/mock.js';
import { jsonOf, runCli } from '../helpers/run-cli.js';

// A mock whose simulated time never moves here: allocations never converge, so a --wait can only
// end at the CLI's own --timeout or because the deployment went away.
const slow = usePolledMock();

/** Queues a fault on the mock (`POST /_mock/faults`). */
async function fault(spec: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${slow.url}/_mock/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(spec),
  });
  expect(response.status).toBe(200);
}

beforeEach(async () => {
  slow.onStatsPoll = undefined;
  await slow.server.reset();
  slow.server.clearRequests();
});

describe('no answer in time (exit 3)', () => {
  it('exits 3 when --wait times out, after the update was applied', async () => {
    const result = await runCli(['update', SEEDED_ID, '-n', '4', '--wait', '--timeout', '500ms'], {
      env: { ELASTICSEARCH_URL: slow.url, ...FAST_POLL_ENV },
    });
    expect(result.code, result.stdout).toBe(3);
    expect(jsonOf(result).error).toMatchObject({ code: 'TIMEOUT', status: 0 });
    expect(jsonOf(result).error.hint).toContain('--timeout');
    const deployment = slow.server.state().deployments.find((d) => d.deployment_id === SEEDED_ID);
    expect(deployment?.number_of_allocations).toBe(4);
  });

  it('prints the timeout as one line and a hint in human mode', async () => {
    const result = await runCli(
      ['update', SEEDED_ID, '-n', '3', '--wait', '--timeout', '500ms', '-o', 'human'],
      { env: { ELASTICSEARCH_URL: slow.url, ...FAST_POLL_ENV } },
    );
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /\nerror: timed out after 500ms waiting for \[\S+\] to be fully allocated; it is started with 1\/3 allocations \(timeout_error\)\nhint: the update was applied and is still converging: .*--timeout\n$/,
    );
  });

  it.each(['update', 'status', 'start', 'stop'])('exits 3 when nothing listens (%s)', async (command) => {
    const port = await closedPort();
    const args = command === 'update' ? [SEEDED_ID, '-n', '2'] : command === 'status' ? [] : [SEEDED_ID];
    const result = await runCli([command, ...args, '--url', `http://127.0.0.1:${port}`]);
    expect(result.code).toBe(3);
    expect(jsonOf(result).error).toMatchObject({
      code: 'NETWORK_ERROR',
      status: 0,
      type: 'connection_error',
      hint: `is Elasticsearch running at http://127.0.0.1:${port}? Set --url or ELASTICSEARCH_URL`,
    });
  });
});

describe('a deployment that goes away during --wait (exit 1)', () => {
  it('stops waiting with WAIT_FAILED when the deployment is stopped under it', async () => {
    // At the first poll of the wait (the update was answered; time stands still, so it has not
    // converged), stop the deployment.
    let stopped: Promise<number> | undefined;
    slow.onStatsPoll = () => {
      slow.onStatsPoll = undefined;
      stopped = fetch(`${slow.url}/_ml/trained_models/${SEEDED_ID}/deployment/_stop?force=true`, {
        method: 'POST',
      }).then((r) => r.status);
    };
    const result = await runCli(['update', SEEDED_ID, '-n', '4', '--wait', '--timeout', '20s'], {
      env: { ELASTICSEARCH_URL: slow.url, ...FAST_POLL_ENV },
    });
    expect(await stopped).toBe(200);
    expect(slow.server.requests({ method: 'POST' }).map((r) => [r.path.split('/').at(-1), r.status])).toEqual(
      [
        ['_update', 200],
        ['_stop', 200],
      ],
    );
    expect(result.code, result.stdout).toBe(1);
    expect(jsonOf(result).error).toMatchObject({ code: 'WAIT_FAILED', status: 0 });
  });
});

describe('faults on the wire', () => {
  it('exits 3 when every connection is dropped, after the retries', async () => {
    await fault({ drop_connection: true, count: 10 });
    const result = await runCli(['status', '--url', slow.url]);
    expect(result.code).toBe(3);
    expect(jsonOf(result).error).toMatchObject({
      code: 'NETWORK_ERROR',
      status: 0,
      type: 'connection_error',
    });
  });

  it('exits 1 with the 503 when the cluster keeps answering it', async () => {
    await fault({ status: 503, count: 10 });
    const result = await runCli(['update', SEEDED_ID, '-n', '2', '--url', slow.url, '-o', 'human']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: .*\(\w+, HTTP 503\)\n/);
  });

  it('exits 1 with a 429 and does not retry it', async () => {
    await fault({ status: 429, count: 1 });
    const result = await runCli(['update', SEEDED_ID, '-n', '2', '--url', slow.url]);
    expect(result.code).toBe(1);
    expect(jsonOf(result).error.status).toBe(429);
    const deployment = slow.server.state().deployments.find((d) => d.deployment_id === SEEDED_ID);
    expect(deployment?.number_of_allocations).toBe(1);
  });
});
