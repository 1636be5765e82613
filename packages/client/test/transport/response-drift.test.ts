import { createServer, type Server } from 'node:http';
import { ApiError } from '@mldeploy/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type ResponseIssue } from '../../src/index.js';
import { TRANSPORTS } from '../helpers/transports.js';

// The mock never answers off-contract JSON, so this tiny server does: its answers drift from the
// contract (wrong field types, a missing product header) while staying valid HTTP.
let server: Server;
let url: string;
const answers: Record<string, { headers: Record<string, string>; body: unknown }> = {
  '/_ml/trained_models/_stats': {
    headers: { 'x-elastic-product': 'Elasticsearch' },
    body: { count: 'one', trained_model_stats: [] },
  },
  '/_ml/trained_models': { headers: {}, body: { count: 0, trained_model_configs: [] } },
};

beforeAll(async () => {
  server = createServer((req, res) => {
    const answer = answers[(req.url ?? '').split('?')[0] ?? ''];
    res.writeHead(answer ? 200 : 404, { 'content-type': 'application/json', ...answer?.headers });
    res.end(JSON.stringify(answer?.body ?? { error: 'not found', status: 404 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe.each(TRANSPORTS)('over %s', (kind) => {
  describe('response validation', () => {
    it('throws RESPONSE_INVALID in strict mode', async () => {
      const error = await createClient({ transport: kind, node: url, responseValidation: 'strict' })
        .getDeploymentStats()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).code).toBe('RESPONSE_INVALID');
      expect((error as ApiError).message).toContain('/count');
    });

    it('reports drift through onResponseIssue by default and still answers', async () => {
      const reports: ResponseIssue[] = [];
      const stats = await createClient({
        transport: kind,
        node: url,
        onResponseIssue: (i) => reports.push(i),
      }).getDeploymentStats();
      expect(stats.count).toBe('one');
      expect(reports).toHaveLength(1);
      expect(reports[0]?.route).toBe('GET /_ml/trained_models/_stats');
      expect(reports[0]?.issues[0]?.instancePath).toBe('/count');
    });

    it('ignores drift when validation is off', async () => {
      const reports: ResponseIssue[] = [];
      await createClient({
        transport: kind,
        node: url,
        responseValidation: 'off',
        onResponseIssue: (i) => reports.push(i),
      }).getDeploymentStats();
      expect(reports).toHaveLength(0);
    });

    it('fails the product check in strict mode when x-elastic-product is missing', async () => {
      const error = await createClient({ transport: kind, node: url, responseValidation: 'strict' })
        .getModels()
        .catch((e: unknown) => e);
      expect((error as ApiError).code).toBe('RESPONSE_INVALID');
      expect((error as ApiError).message).toMatch(/x-elastic-product/);
    });

    it('reports a missing product header otherwise', async () => {
      const reports: ResponseIssue[] = [];
      const models = await createClient({
        transport: kind,
        node: url,
        onResponseIssue: (i) => reports.push(i),
      }).getModels();
      expect(models.count).toBe(0);
      expect(reports[0]?.issues[0]?.keyword).toBe('product');
    });

    it('reads a non-envelope error into an ApiError with the HTTP status', async () => {
      const error = await createClient({ transport: kind, node: url })
        .info()
        .catch((e: unknown) => e);
      expect((error as ApiError).status).toBe(404);
    });
  });
});
