import { ApiError } from '@mldeploy/core';
import { useMockServer } from '@mldeploy/mock-server/testing';
import { EXAMPLE_DEPLOYMENT_ID } from '@mldeploy/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { seedWithVersion } from '../helpers/seed.js';
import { recorder, TRANSPORTS } from '../helpers/transports.js';

const mock = useMockServer();
let base: Record<string, unknown>;
beforeAll(() => {
  base = mock.server.state() as unknown as Record<string, unknown>;
});

describe.each(TRANSPORTS)('over %s', (kind) => {
  describe('server version awareness', () => {
    it('refuses adaptive allocations on 8.14.0 after reading GET / once', async () => {
      await mock.server.reset(seedWithVersion(base, '8.14.0'));
      const seen = recorder(kind);
      const client = createClient({
        transport: kind,
        node: mock.server.url,
        ...seen.options,
        checkServerVersion: true,
      });
      for (let i = 0; i < 2; i++) {
        const error = await client
          .updateDeployment(EXAMPLE_DEPLOYMENT_ID, { adaptive_allocations: { enabled: true } })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ApiError);
        expect((error as ApiError).code).toBe('VERSION_UNSUPPORTED');
        expect((error as ApiError).message).toMatch(/8\.14\.0.*8\.15\.0/);
      }
      expect(seen.calls.map((c) => new URL(c.url).pathname)).toEqual(['/']);
    });

    it('refuses the query parameter form on 8.14.0 but sends a body number', async () => {
      await mock.server.reset(seedWithVersion(base, '8.14.0'));
      const client = createClient({ transport: kind, node: mock.server.url, checkServerVersion: true });
      const error = await client
        .updateDeployment(EXAMPLE_DEPLOYMENT_ID, { number_of_allocations: 2 }, { asQueryParameter: true })
        .catch((e: unknown) => e);
      expect((error as ApiError).code).toBe('VERSION_UNSUPPORTED');
      const answer = await client.updateDeployment(EXAMPLE_DEPLOYMENT_ID, { number_of_allocations: 2 });
      expect(answer.assignment.task_parameters.number_of_allocations).toBe(2);
    });

    it('sends adaptive allocations to a new enough server', async () => {
      await mock.server.reset(seedWithVersion(base, '8.16.0'));
      const client = createClient({ transport: kind, node: mock.server.url, checkServerVersion: true });
      const answer = await client.updateDeployment(EXAMPLE_DEPLOYMENT_ID, {
        adaptive_allocations: { enabled: true, min_number_of_allocations: 1, max_number_of_allocations: 2 },
      });
      expect(answer.assignment.adaptive_allocations).toMatchObject({ enabled: true });
    });

    it('does not read GET / unless asked', async () => {
      await mock.server.reset(seedWithVersion(base, '8.14.0'));
      const seen = recorder(kind);
      const client = createClient({ transport: kind, node: mock.server.url, ...seen.options });
      await client.updateDeployment(EXAMPLE_DEPLOYMENT_ID, { number_of_allocations: 1 });
      expect(seen.calls.map((c) => new URL(c.url).pathname)).not.toContain('/');
    });
  });
});
