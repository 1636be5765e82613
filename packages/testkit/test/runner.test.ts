import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CASE_ENDPOINTS,
  type CaseEndpoint,
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

describe('runCases with other endpoints', () => {
  it("builds each endpoint's path, retargets its ids, and keeps the ids of a case refused for them", async () => {
    seen.length = 0;
    const missingId = generateMissingId();
    const cases: ContractCase[] = [
      { name: 'stats of all', endpoint: 'stats', given: {}, want: { status: 200 }, stateless: false },
      {
        name: 'stats of one',
        endpoint: 'stats',
        given: { modelId: 'm1' },
        before: 'missing',
        want: { status: 404, reason: 'Could not find trained model [m1]' },
        stateless: false,
      },
      { name: 'info', endpoint: 'info', given: {}, want: { status: 200 }, stateless: false },
      {
        name: 'stop of nothing',
        endpoint: 'stop',
        given: { modelId: 'm1', query: 'allow_no_match=true' },
        before: 'missing',
        want: { status: 200 },
        stateless: false,
      },
      {
        name: 'start of another deployment id',
        endpoint: 'start',
        given: { modelId: 'm1', query: 'deployment_id=d1&number_of_allocations=0' },
        want: { status: 400 },
        stateless: true,
      },
      {
        name: 'inference update of a missing endpoint',
        endpoint: 'inferenceUpdate',
        given: { params: { task_type: 'sparse_embedding', inference_id: 'e1' }, body: '{"x":"e1"}' },
        before: 'missing',
        want: { status: 404, reason: 'The inference endpoint [e1] does not exist' },
        stateless: false,
      },
      {
        name: 'an inference id refused as such',
        endpoint: 'inferenceUpdate',
        given: { params: { inference_id: 'Bad_Id' }, keepIds: true },
        want: { status: 400 },
        stateless: true,
      },
    ];
    const results = await runCases(cases, { baseUrl: base, missingId });
    expect(seen.map((r) => `${r.method} ${r.url} ${r.body}`)).toEqual([
      'GET /_ml/trained_models/_stats ',
      `GET /_ml/trained_models/${missingId}/_stats `,
      'GET / ',
      `POST /_ml/trained_models/${missingId}/deployment/_stop?allow_no_match=true `,
      `POST /_ml/trained_models/${missingId}/deployment/_start?deployment_id=${missingId}&number_of_allocations=0 `,
      `PUT /_inference/sparse_embedding/${missingId}/_update {"x":"${missingId}"}`,
      'PUT /_inference/Bad_Id/_update ',
    ]);
    expect(results.map((r) => r.kind)).toEqual(cases.map(() => 'safe'));
    expect(results[1]?.expected.reason).toBe(`Could not find trained model [${missingId}]`);
    expect(results[5]?.expected.reason).toBe(`The inference endpoint [${missingId}] does not exist`);
    // Without response schemas the body is not judged; the status still is.
    expect(results[0]?.expected.schema).toBeUndefined();
    expect(results[0]?.mismatches).toEqual(['status: expected 200, got 404']);
  });

  it('checks a 2xx body with the schema it is given, and builds paths with the pathFor it is given', async () => {
    seen.length = 0;
    const c: ContractCase = {
      name: 'cluster info',
      endpoint: 'info',
      given: {},
      want: { status: 404 },
      stateless: false,
    };
    const ok = { ...c, want: { status: 200 } };
    const checked: string[] = [];
    const results = await runCases([c, ok], {
      baseUrl: base,
      pathFor: (endpoint) => `/elsewhere/${endpoint}`,
      validateResponse: (endpoint, body) => {
        checked.push(endpoint);
        return (body as { error?: unknown }).error === undefined ? undefined : '/error: must not be there';
      },
    });
    expect(seen.map((r) => r.url)).toEqual(['/elsewhere/info', '/elsewhere/info']);
    // Only an expected 2xx is checked, and only when the answer is one.
    expect(results[0]?.expected.schema).toBeUndefined();
    expect(results[1]?.expected.schema).toBe('valid');
    expect(checked).toEqual([]);
    expect(results[1]?.mismatches).toEqual(['status: expected 200, got 404']);
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

  it('calls reads of no particular deployment safe, and reads, starts and stops of one stateful', () => {
    const read = (endpoint: CaseEndpoint, modelId?: string): ContractCase => ({
      name: 'x',
      endpoint,
      given: modelId === undefined ? {} : { modelId },
      want: { status: 200 },
      stateless: false,
    });
    expect(classifyCase(read('info'))).toBe('safe');
    expect(classifyCase(read('stats'))).toBe('safe');
    expect(classifyCase(read('models', '_all'))).toBe('safe');
    expect(classifyCase(read('stats', 'my-*'))).toBe('safe');
    expect(classifyCase(read('stats', 'my-model'))).toBe('stateful');
    expect(classifyCase(read('models', 'my-model'))).toBe('stateful');
    expect(classifyCase({ ...read('stop', 'my-model'), before: 'stopped' })).toBe('stateful');
    expect(classifyCase({ ...read('start'), before: 'stopped' })).toBe('stateful');
  });
});

describe('parseCaseFile', () => {
  const two = updateDeploymentCases.slice(0, 2);

  it('reads a JSON array, JSON Lines and the cases.json document alike', () => {
    expect(parseCaseFile(JSON.stringify(two))).toEqual(two);
    expect(parseCaseFile(`${two.map((c) => JSON.stringify(c)).join('\n')}\n\n`)).toEqual(two);
    expect(parseCaseFile(JSON.stringify({ updateDeploymentCases: two }))).toEqual(two);
  });

  it('reads every endpoint, its path parameters and the states of start and stop', () => {
    const cases = [
      { name: 'a', endpoint: 'stats', given: { method: 'GET' }, want: { status: 200 }, stateless: false },
      {
        name: 'b',
        endpoint: 'stop',
        given: { modelId: 'm' },
        before: 'stopped',
        want: { status: 200, after: { assignment_state: 'stopped' } },
        stateless: false,
      },
      {
        name: 'c',
        endpoint: 'inferenceUpdate',
        given: { params: { inference_id: 'Bad_Id' }, keepIds: true },
        want: { status: 400 },
        stateless: true,
      },
    ];
    expect(parseCaseFile(cases.map((c) => JSON.stringify(c)).join('\n'))).toEqual(cases);
    // No endpoint is `update`, as every case written before there were others.
    expect(parseCaseFile(JSON.stringify(two))[0]?.endpoint).toBeUndefined();
  });

  it("names what is wrong with an endpoint's parameters", () => {
    const bad = (extra: Record<string, unknown>, given: Record<string, unknown> = {}) =>
      JSON.stringify([{ name: 'x', given, want: { status: 400 }, stateless: true, ...extra }]);
    expect(() => parseCaseFile(bad({ endpoint: 'info' }, { modelId: 'm' }))).toThrow(
      'case 1: given.modelId: endpoint info has no {model_id} in its path',
    );
    expect(() => parseCaseFile(bad({ endpoint: 'inferenceUpdate' }))).toThrow(
      'case 1: given.params.inference_id is required for endpoint inferenceUpdate',
    );
    expect(() => parseCaseFile(bad({ endpoint: 'stats' }, { params: { model_id: 'm' } }))).toThrow(
      'case 1: given.params.model_id: write the model id as given.modelId',
    );
    expect(() => parseCaseFile(bad({ endpoint: 'stats' }, { params: { inference_id: 'm' } }))).toThrow(
      'case 1: given.params.inference_id: endpoint stats has no other path parameters',
    );
    expect(() =>
      parseCaseFile(bad({ endpoint: 'inferenceUpdate' }, { params: { inference_id: 'e', x: 'y' } })),
    ).toThrow('case 1: given.params.x: endpoint inferenceUpdate has only task_type, inference_id');
    expect(() => parseCaseFile(bad({ stateless: false }, { keepIds: true }))).toThrow(
      'case 1: given.keepIds needs stateless: true',
    );
    expect(() => parseCaseFile(bad({ want: { status: 200, after: { assignment_state: 'gone' } } }))).toThrow(
      'case 1: want.after.assignment_state must be one of started, starting, stopping, failed, stopped',
    );
  });

  it('reads the JSON the package ships', () => {
    const shipped = readFileSync(new URL('../dist/cases/update-deployment.json', import.meta.url), 'utf8');
    expect(parseCaseFile(shipped)).toEqual(updateDeploymentCases);
    expect(JSON.parse(shipped).updatePathTemplate).toBe(
      updateDeploymentPath('MODEL').replace('MODEL', '{model_id}'),
    );
    expect(JSON.parse(shipped).endpoints).toEqual(CASE_ENDPOINTS);
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
    expect(() =>
      parseCaseFile(`${first}\n${first}\n${JSON.stringify({ ...two[0], endpoint: 'delete' })}`),
    ).toThrow(
      // Every endpoint of the table, in its order (a new endpoint joins the list by itself).
      `line 3: unknown endpoint "delete": expected one of ${Object.keys(CASE_ENDPOINTS).join(', ')}`,
    );
    expect(() => parseCaseFile('{"cases":[]}')).toThrow(/expected a JSON array of cases/);
  });
});
