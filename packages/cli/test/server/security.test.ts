import { SEEDED_ID, useMockServer } from '@mldeploy/mock-server/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, jsonOf, runCli, writeConfig } from '../helpers/run-cli.js';

// Security on, as a seed turns it on: one admin user, one admin API key, one read-only user.
const ADMIN = { username: 'ml-admin', password: 'admin-Pa55word-secret' };
const VIEWER = { username: 'ml-viewer', password: 'viewer-Pa55word-secret' };
const KEY = { id: 'VuaCfGcBCdbkQm-e5aOx', api_key: 'ui2lp2axTNmsyakw9tvNnw' };
const ENCODED_KEY = Buffer.from(`${KEY.id}:${KEY.api_key}`).toString('base64');
const SECRETS = [
  ADMIN.password,
  VIEWER.password,
  KEY.api_key,
  ENCODED_KEY,
  Buffer.from(`${ADMIN.username}:${ADMIN.password}`).toString('base64'),
  Buffer.from(`${VIEWER.username}:${VIEWER.password}`).toString('base64'),
];

const mock = useMockServer({ convergeMs: 50 });
beforeAll(async () => {
  const seed = mock.server.state();
  await mock.server.reset({
    ...seed,
    security: {
      enabled: true,
      users: [
        { ...ADMIN, roles: ['superuser'] },
        { ...VIEWER, roles: ['machine_learning_user'] },
      ],
      api_keys: [{ ...KEY, roles: ['superuser'] }],
    },
  });
});

const results: CliResult[] = [];
async function cli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const result = await runCli(args, { env: { ELASTICSEARCH_URL: mock.url, ...env } });
  results.push(result);
  return result;
}

describe('a cluster with security on', () => {
  it('exits 1 with the 401 and a hint when no credentials are given', async () => {
    const result = await cli(['status', '-o', 'human']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: .* \(security_exception, HTTP 401\)\nhint: set --api-key/);
  });

  it.each([
    ['an encoded API key flag', ['--api-key', ENCODED_KEY], {}],
    ['an id:key API key flag', ['--api-key', `${KEY.id}:${KEY.api_key}`], {}],
    ['ELASTIC_API_KEY', [], { ELASTIC_API_KEY: ENCODED_KEY }],
    ['ES_API_KEY', [], { ES_API_KEY: `${KEY.id}:${KEY.api_key}` }],
    ['username and password flags', ['--username', ADMIN.username, '--password', ADMIN.password], {}],
    [
      'ELASTIC_USERNAME and ELASTIC_PASSWORD',
      [],
      { ELASTIC_USERNAME: ADMIN.username, ELASTIC_PASSWORD: ADMIN.password },
    ],
  ])('authenticates with %s', async (_name, args, env) => {
    const result = await cli(['update', SEEDED_ID, '-n', '2', ...args], env);
    expect(result.code, result.stdout).toBe(0);
    expect(jsonOf(result).data.assignment.task_parameters.number_of_allocations).toBe(2);
  });

  it("sends a context's credentials to that context's URL only", async () => {
    const config = writeConfig({
      current: 'secured',
      contexts: { secured: { url: mock.url, username: ADMIN.username, password: ADMIN.password } },
    });
    const ok = await runCli(['status'], { env: { MLDEPLOY_CONFIG: config } });
    results.push(ok);
    expect(ok.code, ok.stdout).toBe(0);
    // Another URL from a flag: the context's credentials stay home, so the mock answers 401.
    const elsewhere = await runCli(['status', '--url', `${mock.url}/`], { env: { MLDEPLOY_CONFIG: config } });
    results.push(elsewhere);
    expect(elsewhere.code).toBe(1);
    expect(jsonOf(elsewhere).error.status).toBe(401);
  });

  it('takes credentials from the URL and keeps them out of the printed request', async () => {
    const url = new URL(mock.url);
    url.username = ADMIN.username;
    url.password = ADMIN.password;
    const dry = await cli(['update', SEEDED_ID, '-n', '3', '--dry-run', '--url', url.href]);
    expect(jsonOf(dry).data.request).toMatchObject({
      url: `${mock.url}/_ml/trained_models/${SEEDED_ID}/deployment/_update`,
      headers: { authorization: 'Basic [redacted]' },
    });
    const sent = await cli(['update', SEEDED_ID, '-n', '3', '--url', url.href]);
    expect(sent.code, sent.stdout).toBe(0);
  });

  it('exits 1 with the 401 for a wrong password or key, without echoing it', async () => {
    for (const args of [
      ['--username', ADMIN.username, '--password', 'wrong-password-secret'],
      ['--api-key', `${KEY.id}:wrong-key-secret`],
    ]) {
      for (const mode of ['json', 'human']) {
        const result = await cli(['update', SEEDED_ID, '-n', '2', '-o', mode, ...args]);
        expect(result.code).toBe(1);
        const all = result.stdout + result.stderr;
        expect(all).toContain('401');
        expect(all).not.toContain('wrong-password-secret');
        expect(all).not.toContain('wrong-key-secret');
      }
    }
  });

  it('exits 1 with the 403 when the user lacks manage_ml, and can still read status', async () => {
    const creds = ['--username', VIEWER.username, '--password', VIEWER.password];
    const denied = await cli(['update', SEEDED_ID, '-n', '2', ...creds]);
    expect(denied.code).toBe(1);
    expect(jsonOf(denied).error).toMatchObject({
      code: 'UNAUTHORIZED',
      status: 403,
      type: 'security_exception',
      hint: 'the user needs the manage_ml cluster privilege',
    });
    const status = await cli(['status', ...creds]);
    expect(status.code, status.stdout).toBe(0);
  });

  it('waits with credentials, and never prints a secret in any run of this file', async () => {
    const result = await cli(['update', SEEDED_ID, '-n', '4', '--wait', '--timeout', '20s', '-o', 'human'], {
      ELASTIC_API_KEY: ENCODED_KEY,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(results.length).toBeGreaterThan(15);
    for (const run of results) {
      for (const secret of SECRETS) {
        expect(run.stdout + run.stderr).not.toContain(secret);
      }
    }
  });
});
