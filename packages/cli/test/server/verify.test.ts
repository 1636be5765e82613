import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENDPOINTS, pathFor } from '@mldeploy/core/endpoints';
import { SEEDED_ID, startDriftingUpstream, useMockServer } from '@mldeploy/mock-server/testing';
import {
  type ContractCase,
  classifyCase,
  type UpdateDeploymentCase,
  updateDeploymentCases,
  verifyCases,
} from '@mldeploy/testkit';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closedPort } from '../helpers/ports.js';
import { jsonOf, runCli } from '../helpers/run-cli.js';

const mock = useMockServer({ convergeMs: 0 });
const verify = (url: string, ...args: string[]) => runCli(['verify', '--url', url, ...args]);
const tmp = mkdtempSync(join(tmpdir(), 'mldeploy-verify-'));

const safe = verifyCases.filter((c) => classifyCase(c) === 'safe');
const stateful = verifyCases.filter((c) => classifyCase(c) === 'stateful');

/** The seeded deployment's allocations and adaptive settings, read with an empty `_update`. */
async function allocationsOf(base: string): Promise<unknown> {
  const response = await fetch(`${base}${pathFor(ENDPOINTS.update, { model_id: SEEDED_ID })}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  const { assignment } = (await response.json()) as {
    assignment: { task_parameters: { number_of_allocations: number }; adaptive_allocations?: unknown };
  };
  return {
    number_of_allocations: assignment.task_parameters.number_of_allocations,
    adaptive_allocations: assignment.adaptive_allocations ?? null,
  };
}

async function update(base: string, body: string): Promise<void> {
  const response = await fetch(`${base}${pathFor(ENDPOINTS.update, { model_id: SEEDED_ID })}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  expect(response.status).toBe(200);
}

// The drift: one message reworded, one status changed, by a proxy in front of the real mock.
const POSITIVE = '[number_of_allocations] must be a positive integer';
const REWORDED = '[number_of_allocations] must be greater than zero';
const drifted = (c: ContractCase) =>
  c.want.status === 404 || [c.want.reason, c.want.rootCause].some((text) => text?.includes(POSITIVE));

let drift: { url: string; close(): Promise<void> };
beforeAll(async () => {
  drift = await startDriftingUpstream(() => mock.url, {
    text: (text) => text.split(POSITIVE).join(REWORDED),
    status: (status) => (status === 404 ? 410 : status),
  });
});
afterAll(() => drift.close());

describe('mldeploy verify', () => {
  beforeEach(async () => {
    await mock.server.reset();
  });

  it('classifies the cases from their data: some safe, some stateful', () => {
    expect(safe.length).toBeGreaterThan(40);
    expect(stateful.length).toBeGreaterThan(20);
    for (const c of safe) {
      expect(c.stateless || c.before === 'missing' || c.want.status === 405, c.name).toBe(true);
    }
  });

  it('passes every safe case against the mock and changes nothing', async () => {
    const before = mock.server.state();
    const result = await runCli(['verify', '--url', mock.url, '-o', 'human']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toEqual([`${safe.length} passed, 0 failed`]);
    expect(result.stderr).toContain(`${stateful.length} stateful cases need a deployment to change`);
    expect(result.stderr).toMatch(/on \[mldeploy-verify-[0-9a-f]{12}\], which cannot exist/);
    expect(mock.server.state()).toEqual(before);
  });

  it('runs the stateful cases on --deployment and restores its allocations and adaptive settings', async () => {
    await update(mock.url, '{"number_of_allocations":3,"adaptive_allocations":null}');
    await update(
      mock.url,
      '{"adaptive_allocations":{"enabled":true,"min_number_of_allocations":1,"max_number_of_allocations":5}}',
    );
    const original = await allocationsOf(mock.url);
    expect(original).toEqual({
      number_of_allocations: 3,
      adaptive_allocations: { enabled: true, min_number_of_allocations: 1, max_number_of_allocations: 5 },
    });

    const result = await verify(mock.url, '--deployment', SEEDED_ID, '--json');
    expect(result.code, result.stdout).toBe(0);
    const doc = jsonOf(result);
    expect(doc.ok).toBe(true);
    const results = doc.data.results as { name: string; kind: string; passed: boolean; skipped?: string }[];
    expect(results.map((r) => r.name)).toEqual([...safe, ...stateful].map((c) => c.name));
    expect(results.filter((r) => !r.passed && r.skipped === undefined)).toEqual([]);
    // Only states _update cannot reach (and the capacity-dependent 429) are skipped, each with a reason.
    const skipped = results.filter((r) => r.skipped !== undefined);
    for (const r of skipped) {
      const c = stateful.find((s) => s.name === r.name) as UpdateDeploymentCase;
      const before = c.before === 'missing' ? undefined : c.before;
      // Another endpoint than _update is replayed only where the table allows it (deny by default).
      const denied =
        (c.endpoint ?? 'update') !== 'update' && /verify changes nothing but/.test(r.skipped ?? '');
      const unreachable =
        denied ||
        c.want.status === 429 ||
        (before !== undefined &&
          (before.assignment_state !== 'started' ||
            before.owned_by_inference_endpoint === true ||
            before.priority === 'low'));
      expect(unreachable, r.name).toBe(true);
      expect(r.skipped).toMatch(/\S/);
    }
    const ran = stateful.length - skipped.length;
    expect(ran).toBeGreaterThan(15);
    expect(doc.data).toMatchObject({
      passed: safe.length + ran,
      failed: 0,
      skipped: skipped.length,
      deployment_id: SEEDED_ID,
      restore: { ok: true, deploymentId: SEEDED_ID, original },
    });
    expect(await allocationsOf(mock.url)).toEqual(original);
  });

  it('prints skipped cases and the count in the last line with --deployment', async () => {
    const result = await verify(mock.url, '--deployment', SEEDED_ID, '-o', 'human');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    const skips = lines.filter((l) => l.startsWith('SKIP '));
    expect(skips.length).toBeGreaterThan(0);
    expect(skips).toContain(
      'SKIP rejects a deployment created by an inference endpoint: needs a deployment created by an inference endpoint',
    );
    expect(lines.at(-1)).toBe(
      `${safe.length + stateful.length - skips.length} passed, 0 failed, ${skips.length} skipped`,
    );
    expect(result.stderr).toContain(
      `[${SEEDED_ID}] has 1 allocation, adaptive allocations not set; verify puts that back at the end`,
    );
    expect(result.stderr).toContain(`restored [${SEEDED_ID}] to 1 allocation, adaptive allocations not set`);
  });

  it('catches a drifted server and names each failing case with expected and actual', async () => {
    const expectedFailures = safe.filter(drifted);
    expect(expectedFailures.length).toBeGreaterThanOrEqual(3);
    expect(expectedFailures.some((c) => c.want.status === 404)).toBe(true);
    const result = await verify(drift.url, '-o', 'human');
    expect(result.code).toBe(1);
    const lines = result.stdout.trimEnd().split('\n');
    const fails = lines.filter((l) => l.startsWith('FAIL '));
    expect(fails.map((l) => l.slice(5, l.indexOf(': ')))).toEqual(expectedFailures.map((c) => c.name));
    const notFound = fails.find((l) => l.startsWith('FAIL answers 404 for an unknown deployment:'));
    expect(notFound).toContain('status: expected 404, got 410');
    const reworded = fails.find((l) => l.includes(REWORDED));
    expect(reworded).toContain(`reason: expected "Validation Failed: 1: ${POSITIVE};"`);
    expect(reworded).toContain(`got "Validation Failed: 1: ${REWORDED};"`);
    expect(lines.at(-1)).toBe(
      `${safe.length - expectedFailures.length} passed, ${expectedFailures.length} failed`,
    );
  });

  it('reports the drift as JSON and as valid JUnit XML', async () => {
    const junit = join(tmp, 'drift.xml');
    const result = await verify(drift.url, '--json', '--junit', junit);
    expect(result.code).toBe(1);
    const doc = jsonOf(result);
    expect(doc.ok).toBe(false);
    const failures = safe.filter(drifted);
    expect(doc.data).toMatchObject({
      passed: safe.length - failures.length,
      failed: failures.length,
      skipped: 0,
    });
    const notFound = doc.data.results.find(
      (r: { name: string }) => r.name === 'answers 404 for an unknown deployment',
    );
    expect(notFound.passed).toBe(false);
    expect(notFound.expected.status).toBe(404);
    expect(notFound.actual.status).toBe(410);
    expect(notFound.expected.reason).toMatch(
      /^No known model deployment with id \[mldeploy-verify-[0-9a-f]{12}\]$/,
    );
    expect(notFound.request.path).toContain(doc.data.missing_deployment_id);

    const xml = readFileSync(junit, 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
    const suite = parsed.testsuites.testsuite;
    expect(suite.tests).toBe(String(safe.length));
    expect(suite.failures).toBe(String(failures.length));
    const failed = suite.testcase.filter((t: { failure?: unknown }) => t.failure !== undefined);
    expect(failed.map((t: { name: string }) => t.name)).toEqual(failures.map((c) => c.name));
    expect(failed[0].failure.message).toMatch(/expected .*, got /);
  });

  it('runs cases from a JSON Lines file and from a JSON array file', async () => {
    const good = safe.slice(0, 3);
    const wrong: ContractCase = {
      ...(safe[0] as ContractCase),
      name: 'a recorded case the server no longer agrees with',
      want: { ...(safe[0] as ContractCase).want, reason: 'an old message' },
    };
    const jsonl = join(tmp, 'recorded.jsonl');
    writeFileSync(jsonl, `${[...good, wrong].map((c) => JSON.stringify(c)).join('\n')}\n`);
    const lines = await verify(mock.url, '--cases', jsonl, '-o', 'human');
    expect(lines.code).toBe(1);
    const out = lines.stdout.trimEnd().split('\n');
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(
      /^FAIL a recorded case the server no longer agrees with: reason: expected "an old message", got "/,
    );
    expect(out[1]).toBe('3 passed, 1 failed');

    const array = join(tmp, 'cases.json');
    writeFileSync(array, JSON.stringify(good, null, 2));
    const fromArray = await verify(mock.url, '--cases', array, '-o', 'human');
    expect(fromArray.code, fromArray.stdout).toBe(0);
    expect(fromArray.stdout).toBe('3 passed, 0 failed\n');
  });

  it('runs the published cases.json document as it ships', async () => {
    const shipped = new URL(import.meta.resolve('@mldeploy/testkit/cases.json'));
    const result = await verify(mock.url, '--cases', shipped.pathname, '-o', 'human');
    expect(result.code, result.stdout).toBe(0);
    // The shipped document holds the `_update` cases.
    const shippedSafe = updateDeploymentCases.filter((c) => classifyCase(c) === 'safe');
    expect(result.stdout).toBe(`${shippedSafe.length} passed, 0 failed\n`);
  });

  it('exits 2 for usage mistakes, naming them, and sends nothing', async () => {
    const bad = join(tmp, 'bad.jsonl');
    writeFileSync(
      bad,
      `${JSON.stringify(safe[0])}\n{"name":"x","given":{},"want":{"status":"400"},"stateless":true}\n`,
    );
    const onlyStateful = join(tmp, 'stateful.json');
    writeFileSync(onlyStateful, JSON.stringify(stateful.slice(0, 2)));
    const before = mock.server.state();
    const results = await Promise.all([
      verify(mock.url, '--cases', onlyStateful, '-o', 'human'),
      verify(mock.url, '--cases', bad, '-o', 'human'),
      verify(mock.url, '--cases', join(tmp, 'absent.json'), '-o', 'human'),
      verify(mock.url, 'extra', '-o', 'human'),
      verify(mock.url, '--deployment', '', '-o', 'human'),
    ]);
    for (const result of results) {
      expect(result.code, result.stderr).toBe(2);
      expect(result.stdout).toBe('');
    }
    expect(results[0]?.stderr).toContain('no case to run: all 2 cases are stateful');
    expect(results[0]?.stderr).toContain('hint: add --deployment <id>');
    expect(results[1]?.stderr).toContain('line 2: want.status must be an integer');
    expect(results[2]?.stderr).toContain('cannot read --cases');
    expect(results[3]?.stderr).toContain('unexpected argument [extra]');
    expect(results[4]?.stderr).toContain('--deployment needs a deployment id');
    expect(mock.server.state()).toEqual(before);
  });

  it('exits 1 before sending anything else when --deployment names no deployment', async () => {
    const before = mock.server.state();
    const result = await verify(mock.url, '--deployment', 'no-such-deployment', '-o', 'human');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      'error: cannot read deployment [no-such-deployment]: HTTP 404: No known model deployment with id [no-such-deployment]; nothing was changed',
    );
    expect(result.stderr).toContain('(resource_not_found_exception, HTTP 404)');
    expect(result.stderr).toContain('hint: list deployments with: mldeploy status');
    expect(mock.server.state()).toEqual(before);
  });

  it('exits 3 when nothing answers', async () => {
    const port = await closedPort();
    const result = await verify(`http://127.0.0.1:${port}`, '-o', 'human');
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`no answer from http://127.0.0.1:${port}`);
    expect(result.stdout).toBe('');
  });
});
