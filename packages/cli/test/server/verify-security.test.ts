import { useMockServer } from '@mldeploy/mock-server/testing';
import { classifyCase, verifyCases } from '@mldeploy/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { jsonOf, runCli } from '../helpers/run-cli.js';

// Security on, as a seed turns it on: an admin API key and a user without manage_ml.
const KEY = { id: 'VerifyKeyId0000000001', api_key: 'verify-secret-api-key-value' };
const ENCODED_KEY = Buffer.from(`${KEY.id}:${KEY.api_key}`).toString('base64');
const VIEWER = { username: 'ml-viewer', password: 'viewer-Pa55word-secret' };
const safe = verifyCases.filter((c) => classifyCase(c) === 'safe');

const mock = useMockServer({ convergeMs: 0 });
beforeAll(async () => {
  await mock.server.reset({
    ...mock.server.state(),
    security: {
      enabled: true,
      users: [{ ...VIEWER, roles: ['machine_learning_user'] }],
      api_keys: [{ ...KEY, roles: ['superuser'] }],
    },
  });
});

describe('mldeploy verify against a cluster with security on', () => {
  it('sends the API key and passes every safe case, printing no secret', async () => {
    const result = await runCli(['verify', '--url', mock.url, '--api-key', ENCODED_KEY, '--json']);
    expect(result.code, result.stdout.slice(0, 2000)).toBe(0);
    expect(jsonOf(result).data).toMatchObject({ passed: safe.length, failed: 0 });
    expect(result.stdout).not.toContain(KEY.api_key);
    expect(result.stdout).not.toContain(ENCODED_KEY);
  });

  it('takes the key from the environment too', async () => {
    const result = await runCli(['verify', '-o', 'human'], {
      env: { ELASTICSEARCH_URL: mock.url, ELASTIC_API_KEY: `${KEY.id}:${KEY.api_key}` },
    });
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toBe(`${safe.length} passed, 0 failed\n`);
  });

  it('says once that the requests were refused without credentials, with the hint', async () => {
    const result = await runCli(['verify', '--url', mock.url, '-o', 'human']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^error: the server refused the requests, so no case could be checked: missing authentication credentials .* \(security_exception, HTTP 401\)\nhint: set --api-key/,
    );
  });

  it('names the missing privilege when the user may not update deployments', async () => {
    // Elasticsearch validates a request before it authorizes the action, so only the cases that
    // reach the deployment lookup are refused.
    // `_infer` is a monitoring action (monitor_ml grants it), so its 404 is answered as such.
    const refused = safe.filter((c) => c.want.status === 404 && c.endpoint !== 'inferTrainedModel');
    expect(refused.length).toBeGreaterThan(0);
    const result = await runCli([
      'verify',
      '--url',
      mock.url,
      '--username',
      VIEWER.username,
      '--password',
      VIEWER.password,
      '-o',
      'human',
    ]);
    expect(result.code).toBe(1);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.slice(0, -1).map((l) => l.slice(0, l.indexOf(': ')))).toEqual(
      refused.map((c) => `FAIL ${c.name}`),
    );
    for (const line of lines.slice(0, -1)) {
      expect(line).toContain('status: expected 404, got 403');
    }
    expect(lines.at(-1)).toBe(`${safe.length - refused.length} passed, ${refused.length} failed`);
    expect(result.stderr).toContain(
      'some requests were refused (HTTP 403): the user needs the manage_ml cluster privilege',
    );
    expect(result.stdout + result.stderr).not.toContain(VIEWER.password);
  });
});
