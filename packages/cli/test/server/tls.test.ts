import { fileURLToPath } from 'node:url';
import { useMockServer } from '@mldeploy/mock-server/testing';
import { describe, expect, it } from 'vitest';
import { TLS_FIXTURE, useProxy } from '../helpers/proxy.js';
import { jsonOf, runCli, writeConfig } from '../helpers/run-cli.js';

// The mock speaks HTTP; an HTTPS proxy with a self-signed certificate for 127.0.0.1 stands in front.
const mock = useMockServer();
const https = useProxy(() => mock.url, { tls: true });
const CA = fileURLToPath(TLS_FIXTURE.certPath);

describe('TLS with a self-signed certificate', () => {
  it('exits 3 when the certificate is not trusted', async () => {
    const result = await runCli(['status', '--url', https.url]);
    expect(result.code).toBe(3);
    expect(jsonOf(result).error).toMatchObject({ code: 'NETWORK_ERROR', status: 0 });
  });

  it('trusts the CA given with --ca-cert', async () => {
    const result = await runCli(['status', '--url', https.url, '--ca-cert', CA]);
    expect(result.code, result.stdout).toBe(0);
    expect(jsonOf(result).data.deployments).toHaveLength(1);
  });

  it('accepts any certificate with --insecure', async () => {
    const result = await runCli(['status', '--url', https.url, '--insecure']);
    expect(result.code, result.stdout).toBe(0);
  });

  it("uses a context's ca_cert, relative to the config file", async () => {
    const config = writeConfig({ current: 'tls', contexts: { tls: { url: https.url, ca_cert: CA } } });
    const result = await runCli(['status'], { env: { MLDEPLOY_CONFIG: config } });
    expect(result.code, result.stdout).toBe(0);
  });
});
