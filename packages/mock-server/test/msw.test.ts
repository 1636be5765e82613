import { readFileSync } from 'node:fs';
import { buildRequest, UPDATE_ENDPOINT } from '@mldeploy/core/endpoints';
import { DEFAULT_FIXTURE, updateDeploymentCases } from '@mldeploy/testkit';
import { Client, HttpConnection } from 'es9';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSeed } from '../src/index.js';
import { createMswHandlers } from '../src/msw.js';
import { SEEDED_ID, seedWith, useMockServer } from '../src/testing.js';

const NOW = Date.parse('2026-03-01T12:00:00.000Z');
const seed = {
  ...defaultSeed(),
  cluster: { ...defaultSeed().cluster, converge_ms: 0, uuid: 'mswTestClusterUuid0000' },
};
// Both sides on a manual clock at the same instant, so timestamps agree too.
const http = useMockServer({ clock: 'manual', now: NOW, seed });
const msw = createMswHandlers({ clock: 'manual', now: NOW, seed, baseUrl: 'http://127.0.0.1:9200' });
const server = setupServer(...msw.handlers);

beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }));
afterAll(() => server.close());

interface Seen {
  status: number;
  headers: Record<string, string | null>;
  body: unknown;
}

async function send(base: string, method: string, path: string, body?: string): Promise<Seen> {
  const response = await fetch(`${base}${path}`, {
    method,
    ...(body !== undefined ? { body, headers: { 'content-type': 'application/json' } } : {}),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {}
  return {
    status: response.status,
    headers: {
      'x-elastic-product': response.headers.get('x-elastic-product'),
      'content-type': response.headers.get('content-type'),
      warning: response.headers.get('warning'),
      allow: response.headers.get('allow'),
      'www-authenticate': response.headers.get('www-authenticate'),
    },
    body: parsed,
  };
}

describe('msw handlers answer every update contract case as the HTTP mock does', () => {
  for (const c of updateDeploymentCases) {
    it(c.name, async () => {
      const start = seedWith(seed, c.before ?? DEFAULT_FIXTURE);
      await http.server.reset(start);
      msw.reset(start);
      const built = buildRequest(UPDATE_ENDPOINT, { params: { model_id: c.given.modelId ?? SEEDED_ID } });
      const path = `${built.path}${c.given.query !== undefined ? `?${c.given.query}` : ''}`;
      const method = c.given.method ?? 'POST';
      const viaHttp = await send(http.url, method, path, c.given.body);
      const viaMsw = await send(msw.baseUrl, method, path, c.given.body);
      expect(viaMsw).toEqual(viaHttp);
      expect(viaMsw.status).toBe(c.want.status);
      expect(msw.state().deployments).toEqual(http.server.state().deployments);
    });
  }
});

describe('msw handlers', () => {
  it('serve the control plane: advance, journal, faults', async () => {
    msw.reset();
    msw.clearRequests();
    const slow = { ...seed, cluster: { ...seed.cluster, converge_ms: 1000 } };
    const reset = await fetch(`${msw.baseUrl}/_mock/reset`, { method: 'POST', body: JSON.stringify(slow) });
    expect(reset.status).toBe(200);
    const update = buildRequest(UPDATE_ENDPOINT, {
      params: { model_id: SEEDED_ID },
      body: { number_of_allocations: 3 },
    });
    expect((await send(msw.baseUrl, 'POST', update.path, update.body)).status).toBe(200);
    const stats = async () =>
      (
        (await send(msw.baseUrl, 'GET', `/_ml/trained_models/${SEEDED_ID}/_stats`)).body as {
          trained_model_stats: Array<{
            deployment_stats: { allocation_status: { allocation_count: number } };
          }>;
        }
      ).trained_model_stats[0]?.deployment_stats.allocation_status.allocation_count;
    expect(await stats()).toBe(1);
    expect(
      (await fetch(`${msw.baseUrl}/_mock/advance`, { method: 'POST', body: '{"ms":1000}' })).status,
    ).toBe(200);
    expect(await stats()).toBe(3);
    expect(msw.requests({ method: 'POST' }).map((r) => [r.path, r.status])).toEqual([[update.path, 200]]);
    await fetch(`${msw.baseUrl}/_mock/faults`, { method: 'POST', body: '{"drop_connection":true}' });
    await expect(fetch(`${msw.baseUrl}/`)).rejects.toThrow();
    expect(msw.requests().at(-1)).toMatchObject({ path: '/', status: 0 });
  });

  it('serve the official client (9.x, over node:http) in process', async () => {
    msw.reset({ ...seed, cluster: { ...seed.cluster, version: '9.2.0' } });
    const client = new Client({ node: msw.baseUrl, Connection: HttpConnection, maxRetries: 0 });
    const info = await client.info();
    expect(info.version.number).toBe('9.2.0');
    const updated = await client.ml.updateTrainedModelDeployment({
      model_id: SEEDED_ID,
      number_of_allocations: 2,
    });
    expect(updated.assignment.task_parameters.number_of_allocations).toBe(2);
    await expect(
      client.ml.updateTrainedModelDeployment({ model_id: 'nope', number_of_allocations: 2 }),
    ).rejects.toMatchObject({ meta: { statusCode: 404 } });
    expect(msw.state().deployments[0]?.number_of_allocations).toBe(2);
    expect(msw.requests().map((r) => r.status)).toContain(404);
  });
});

describe('entry points', () => {
  /** Every module a dist entry loads, following relative imports; bare specifiers as they are. */
  function loads(entry: string): Set<string> {
    const seen = new Set<string>();
    const visit = (file: URL) => {
      if (seen.has(file.href)) {
        return;
      }
      seen.add(file.href);
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(
        /(?:^|\n)\s*(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(['"]([^'"]+)['"]\)|(?:^|\n)import\s*['"]([^'"]+)['"]/g,
      )) {
        const spec = m[1] ?? m[2] ?? m[3] ?? '';
        if (spec.startsWith('.')) {
          visit(new URL(spec, file));
        } else {
          seen.add(spec);
        }
      }
    };
    visit(new URL(`../dist/${entry}`, import.meta.url));
    return seen;
  }

  it('the main entry never loads msw; the msw entry never loads the HTTP server or vitest', () => {
    const main = [...loads('index.js')];
    expect(main.some((s) => s === 'msw' || s.startsWith('msw/'))).toBe(false);
    expect(main).toContain('node:http');
    const handlers = [...loads('msw.js')];
    expect(handlers).toContain('msw');
    expect(handlers.some((s) => s === 'node:http' || s === 'vitest')).toBe(false);
  });
});
