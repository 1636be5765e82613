import { ApiError } from '@mldeploy/core';
import { useMockServer } from '@mldeploy/mock-server/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { securedSeed, TEST_API_KEY, TEST_USER } from '../helpers/seed.js';
import { recorder, TRANSPORTS } from '../helpers/transports.js';

const mock = useMockServer();
beforeAll(async () => {
  await mock.server.reset(securedSeed(mock.server.state() as unknown as Record<string, unknown>));
});

describe.each(TRANSPORTS)('over %s', (kind) => {
  describe('authentication against a secured cluster', () => {
    it('sends an API key given as id and key', async () => {
      const seen = recorder(kind);
      const client = createClient({
        transport: kind,
        node: mock.server.url,
        ...seen.options,
        auth: { apiKey: { id: TEST_API_KEY.id, api_key: TEST_API_KEY.api_key } },
      });
      expect((await client.info()).version.number).toMatch(/^\d+\.\d+\.\d+/);
      const encoded = btoa(`${TEST_API_KEY.id}:${TEST_API_KEY.api_key}`);
      expect(seen.calls[0]?.headers.authorization).toBe(`ApiKey ${encoded}`);
    });

    it('sends an encoded API key as is', async () => {
      const encoded = btoa(`${TEST_API_KEY.id}:${TEST_API_KEY.api_key}`);
      const client = createClient({ transport: kind, node: mock.server.url, auth: { apiKey: encoded } });
      const stats = await client.getDeploymentStats();
      expect(stats.count).toBeGreaterThan(0);
    });

    it('sends basic credentials', async () => {
      const client = createClient({ transport: kind, node: mock.server.url, auth: TEST_USER });
      expect((await client.getModels()).count).toBeGreaterThan(0);
    });

    it('reads credentials from the node URL', async () => {
      const url = new URL(mock.server.url);
      url.username = TEST_USER.username;
      url.password = TEST_USER.password;
      expect((await createClient({ transport: kind, node: url.href }).info()).version.number).toBeTruthy();
    });

    it('answers a wrong API key with a 401 ApiError and a hint', async () => {
      const error = await createClient({
        transport: kind,
        node: mock.server.url,
        auth: { apiKey: { id: TEST_API_KEY.id, api_key: 'wrong' } },
      })
        .info()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(401);
      expect((error as ApiError).type).toBe('security_exception');
      expect((error as ApiError).info.hint).toMatch(/credentials/);
    });

    it('answers missing credentials with a 401', async () => {
      const error = await createClient({ transport: kind, node: mock.server.url })
        .getDeploymentStats()
        .catch((e: unknown) => e);
      expect((error as ApiError).status).toBe(401);
      expect((error as ApiError).code).toBe('AUTHENTICATION_REQUIRED');
    });
  });
});
