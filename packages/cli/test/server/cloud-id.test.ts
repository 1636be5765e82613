import { fileURLToPath } from 'node:url';
import { SEEDED_ID, useMockServer } from '@mldeploy/mock-server/testing';
import { describe, expect, it } from 'vitest';
import { TLS_FIXTURE, useProxy } from '../helpers/proxy.js';
import { jsonOf, runCli, writeConfig } from '../helpers/run-cli.js';

// A Cloud ID always decodes to https. An https proxy with a test-only certificate for 127.0.0.1
// stands in front of the real mock, and `0.0.1:<port>$127` decodes to https://127.0.0.1:<port>.
const mock = useMockServer();
const https = useProxy(() => mock.url, { tls: true });
const CA = fileURLToPath(TLS_FIXTURE.certPath);
const cloudId = () =>
  `local-mock:${Buffer.from(`0.0.1:${new URL(https.url).port}$127$kibana`).toString('base64')}`;

describe('Elastic Cloud IDs', () => {
  it('connects with --cloud-id, ELASTIC_CLOUD_ID or a context cloud_id, over https', async () => {
    const config = writeConfig({
      current: 'cloud',
      contexts: { cloud: { cloud_id: cloudId(), ca_cert: CA } },
    });
    const [flag, env, context] = await Promise.all([
      runCli(['status', '--cloud-id', cloudId(), '--ca-cert', CA]),
      runCli(['status'], { env: { ELASTIC_CLOUD_ID: cloudId(), ELASTICSEARCH_CA: CA } }),
      runCli(['status'], { env: { MLDEPLOY_CONFIG: config } }),
    ]);
    for (const result of [flag, env, context]) {
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(jsonOf(result).data.deployments[0].deployment_id).toBe(SEEDED_ID);
    }
    expect(
      https.seen.filter((r) => r.path.startsWith('/_ml/trained_models/_stats')).length,
    ).toBeGreaterThanOrEqual(3);
  });

  it('prints the decoded https URL in --dry-run', async () => {
    const result = await runCli(['update', SEEDED_ID, '-n', '2', '--dry-run', '--cloud-id', cloudId()]);
    expect(result.code).toBe(0);
    expect(jsonOf(result).data.request.url).toBe(
      `https://127.0.0.1:${new URL(https.url).port}/_ml/trained_models/${SEEDED_ID}/deployment/_update`,
    );
  });

  it('refuses an invalid Cloud ID, or a URL and a Cloud ID together, with one line', async () => {
    const [broken, both, noBase64] = await Promise.all([
      runCli(['status', '--cloud-id', 'just-a-name', '-o', 'human']),
      runCli(['status', '-o', 'human'], {
        env: { ELASTICSEARCH_URL: mock.url, ELASTIC_CLOUD_ID: cloudId() },
      }),
      runCli(['status', '-o', 'human'], { env: { ELASTIC_CLOUD_ID: 'name:***' } }),
    ]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toBe(
      'error: invalid Cloud ID [just-a-name] (from --cloud-id): Cloud ID must be in the format "name:base64string"\nhint: copy the Cloud ID from the Elastic Cloud console; it looks like name:base64text\n',
    );
    expect(both.code).toBe(2);
    expect(both.stderr.split('\n')[0]).toBe(
      'error: ELASTICSEARCH_URL and ELASTIC_CLOUD_ID both name the cluster',
    );
    expect(noBase64.code).toBe(2);
    expect(noBase64.stderr.split('\n')[0]).toBe(
      'error: invalid Cloud ID [name:***] (from ELASTIC_CLOUD_ID): Cloud ID is not valid base64 after the colon',
    );
  });
});
