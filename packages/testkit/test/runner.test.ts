import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ContractCase,
  classifyCase,
  EXAMPLE_DEPLOYMENT_ID,
  generateMissingId,
  parseCaseFile,
  runCases,
  updateDeploymentCases,
  updateDeploymentPath,
} from '../src/index.js';

// A stand-in server for the runner's own mechanics (what it sends, how it compares): it answers
// every request with the same 404 and records what it got. The real servers are checked by the
// CLI's `mldeploy verify` tests against the mock.
interface Seen {
  method: string;
  url: string;
  body: string;
  headers: IncomingMessage['headers'];
}
const seen: Seen[] = [];
let base = '';
const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    seen.push({
      method: req.method ?? '',
      url: req.url ?? '',
      body: Buffer.concat(chunks).toString(),
      headers: req.headers,
    });
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        error: {
          root_cause: [{ type: 'resource_not_found_exception', reason: 'gone' }],
          type: 'resource_not_found_exception',
          reason: 'gone',
        },
        status: 404,
      }),
    );
  });
});
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('runCases', () => {
  it('sends the safe cases only, each to the generated id, never to a real deployment', async () => {
    seen.length = 0;
    const missingId = generateMissingId();
    expect(missingId).toMatch(/^mldeploy-verify-[0-9a-f]{12}$/);
    const results = await runCases(updateDeploymentCases, {
      baseUrl: `${base}/`,
      headers: { authorization: 'ApiKey abc' },
      missingId,
    });
    const safe = updateDeploymentCases.filter((c) => classifyCase(c) === 'safe');
    expect(results.map((r) => r.name)).toEqual(safe.map((c) => c.name));
    expect(seen).toHaveLength(safe.length);
    seen.forEach((request, i) => {
      const c = safe[i] as ContractCase;
      expect(request.method).toBe(c.given.method ?? 'POST');
      expect(request.body).toBe(c.given.body?.split(EXAMPLE_DEPLOYMENT_ID).join(missingId) ?? '');
      expect(request.url.startsWith(updateDeploymentPath(missingId))).toBe(true);
      expect(`${request.url} ${request.body}`).not.toContain(EXAMPLE_DEPLOYMENT_ID);
      expect(request.headers.authorization).toBe('ApiKey abc');
      expect(request.headers['content-type']).toBe(
        c.given.body === undefined ? undefined : 'application/json',
      );
    });
    // The case's own id is replaced in what is sent and in what is expected.
    const mismatch = results.find((r) => r.name === 'rejects a body model_id that differs from the path');
    expect(mismatch?.expected.reason).toBe(
      `Inconsistent model_id; 'other' specified in the body differs from '${missingId}' specified as a URL argument`,
    );
    const notFound = results.find((r) => r.name === 'answers 404 for an unknown deployment');
    expect(notFound?.expected.reason).toBe(`No known model deployment with id [${missingId}]`);
    expect(notFound?.passed).toBe(false);
    expect(notFound?.mismatches).toEqual([
      `reason: expected "No known model deployment with id [${missingId}]", got "gone"`,
    ]);
    const invalid = results.find((r) => r.expected.status === 400);
    expect(invalid?.mismatches[0]).toBe('status: expected 400, got 404');
    expect(results.filter((r) => r.passed)).toEqual([]);
  });

  it('reports each case as it finishes', async () => {
    const names: string[] = [];
    const cases = updateDeploymentCases.filter((c) => c.before === 'missing');
    await runCases(cases, { baseUrl: base, onResult: (r) => names.push(r.name) });
    expect(names).toEqual(cases.map((c) => c.name));
  });

  it('stops between cases when its signal is aborted', async () => {
    const controller = new AbortController();
    const results = await runCases(updateDeploymentCases, {
      baseUrl: base,
      signal: controller.signal,
      onResult: () => controller.abort(),
    });
    expect(results).toHaveLength(1);
  });
});

describe('classifyCase', () => {
  it('calls stateless, missing-deployment and routing cases safe, and the rest stateful', () => {
    const byName = (name: string) => updateDeploymentCases.find((c) => c.name === name) as ContractCase;
    expect(classifyCase(byName('answers 404 for an unknown deployment'))).toBe('safe');
    expect(classifyCase(byName('answers 405 with a string error for GET'))).toBe('safe');
    expect(classifyCase(byName('rejects a change to a starting deployment'))).toBe('stateful');
    expect(classifyCase(byName("sets four allocations with the seed document's example body"))).toBe(
      'stateful',
    );
    for (const c of updateDeploymentCases.filter((x) => x.stateless)) {
      expect(classifyCase(c), c.name).toBe('safe');
    }
  });
});

describe('parseCaseFile', () => {
  const two = updateDeploymentCases.slice(0, 2);

  it('reads a JSON array, JSON Lines and the cases.json document alike', () => {
    expect(parseCaseFile(JSON.stringify(two))).toEqual(two);
    expect(parseCaseFile(`${two.map((c) => JSON.stringify(c)).join('\n')}\n\n`)).toEqual(two);
    expect(parseCaseFile(JSON.stringify({ updateDeploymentCases: two }))).toEqual(two);
  });

  it('reads the JSON the package ships', () => {
    const shipped = readFileSync(new URL('../dist/cases/update-deployment.json', import.meta.url), 'utf8');
    expect(parseCaseFile(shipped)).toEqual(updateDeploymentCases);
    expect(JSON.parse(shipped).updatePathTemplate).toBe(
      updateDeploymentPath('MODEL').replace('MODEL', '{model_id}'),
    );
  });

  it('names the line or case that is not a case', () => {
    const first = JSON.stringify(two[0]);
    expect(() => parseCaseFile(`${first}\n{oops`)).toThrow(/^line 2: not JSON/);
    expect(() => parseCaseFile(`${first}\n{"name":"x","given":{},"want":{"status":200}}`)).toThrow(
      'line 2: stateless must be true or false',
    );
    expect(() =>
      parseCaseFile(JSON.stringify([two[0], { ...two[0], before: { number_of_allocations: 1 } }])),
    ).toThrow('case 2: before.adaptive_allocations must be an object or null');
    expect(() => parseCaseFile('   ')).toThrow('no cases: the file is empty');
    expect(() => parseCaseFile('{"cases":[]}')).toThrow(/expected a JSON array of cases/);
  });
});
