import { ApiError } from '@mldeploy/core';
import { type SeedDocument, seedWith, useMockServer } from '@mldeploy/mock-server/testing';
import {
  type ContractCase,
  DEFAULT_FIXTURE,
  EXAMPLE_DEPLOYMENT_ID,
  updateDeploymentCases,
} from '@mldeploy/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { createClient, type UpdateDeploymentInput, type UpdateDeploymentOptions } from '../../src/index.js';
import { countingFetch } from '../helpers/mock.js';
import { recorder, TRANSPORTS } from '../helpers/transports.js';

const mock = useMockServer();
let baseSeed: SeedDocument;
beforeAll(() => {
  baseSeed = mock.server.state();
});

/** The typed call that sends exactly this case's request, or undefined when the typed API cannot. */
function typedCall(
  c: ContractCase,
): { input: UpdateDeploymentInput; options: UpdateDeploymentOptions } | undefined {
  const { method = 'POST', query = '', body } = c.given;
  if (method !== 'POST') {
    return undefined;
  }
  const options: UpdateDeploymentOptions = {};
  const params = new URLSearchParams(query);
  let fromQuery: number | undefined;
  for (const [key, value] of params) {
    if (key === 'timeout') {
      options.timeout = value;
    } else if (key === 'number_of_allocations' && String(Number(value)) === value) {
      fromQuery = Number(value);
    } else {
      return undefined;
    }
  }
  if (fromQuery !== undefined) {
    if (body !== undefined) {
      return undefined;
    }
    options.asQueryParameter = true;
    return { input: { number_of_allocations: fromQuery }, options };
  }
  if (body === undefined) {
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  // Only bodies the typed API writes byte for byte (modulo whitespace): no duplicates, no odd types.
  if (JSON.stringify(parsed) !== body.replace(/\s+/g, '') || !isTypedInput(parsed)) {
    return undefined;
  }
  return { input: parsed as UpdateDeploymentInput, options };
}

function isTypedInput(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return false;
  }
  const v = value as Record<string, unknown>;
  const keys = Object.keys(v);
  if (keys.length === 0 || keys.some((k) => k !== 'number_of_allocations' && k !== 'adaptive_allocations')) {
    return false;
  }
  if ('number_of_allocations' in v && typeof v.number_of_allocations !== 'number') {
    return false;
  }
  if (!('adaptive_allocations' in v) || v.adaptive_allocations === null) {
    return true;
  }
  const a = v.adaptive_allocations;
  if (typeof a !== 'object' || a === null || Array.isArray(a)) {
    return false;
  }
  return Object.entries(a).every(([k, x]) =>
    k === 'enabled'
      ? typeof x === 'boolean'
      : (k === 'min_number_of_allocations' || k === 'max_number_of_allocations') &&
        (x === null || typeof x === 'number'),
  );
}

function expectAnswer(c: ContractCase, error: unknown): void {
  expect(error, 'expected an ApiError').toBeInstanceOf(ApiError);
  const e = error as ApiError;
  expect(e.status).toBe(c.want.status);
  if (c.want.code) {
    expect(e.code).toBe(c.want.code);
  }
  if (c.want.type) {
    expect(e.type).toBe(c.want.type);
  }
  if (c.want.reason) {
    expect(e.reason).toBe(c.want.reason);
  }
  if (c.want.causedBy) {
    expect(e.causedBy?.type).toBe(c.want.causedBy);
  }
}

function expectAfter(c: ContractCase, body: unknown): void {
  const assignment = (body as { assignment: Record<string, unknown> }).assignment;
  const after = c.want.after ?? {};
  if (after.number_of_allocations !== undefined) {
    expect((assignment.task_parameters as { number_of_allocations: number }).number_of_allocations).toBe(
      after.number_of_allocations,
    );
  }
  if (after.adaptive_allocations !== undefined) {
    expect(assignment.adaptive_allocations ?? null).toEqual(after.adaptive_allocations);
  }
}

describe.each(TRANSPORTS)('over %s', (kind) => {
  describe('every update contract case round-trips through the client', () => {
    for (const c of updateDeploymentCases) {
      it(c.name, async () => {
        const fixture = c.before === undefined ? DEFAULT_FIXTURE : c.before;
        await mock.server.reset(seedWith(baseSeed, fixture));
        const modelId = c.given.modelId ?? EXAMPLE_DEPLOYMENT_ID;
        const seen = recorder(kind);
        const client = createClient({ node: mock.server.url, ...seen.options, responseValidation: 'strict' });
        const typed = typedCall(c);

        if (typed) {
          const result = await client.updateDeployment(modelId, typed.input, typed.options).then(
            (value) => ({ value }),
            (error: unknown) => ({ error }),
          );
          if (c.want.status === 200) {
            expect('value' in result ? undefined : result.error).toBeUndefined();
            expectAfter(c, 'value' in result ? result.value : undefined);
          } else {
            expectAnswer(c, 'error' in result ? result.error : undefined);
            // A request the local check refuses never reaches the server.
            expect(seen.calls.length).toBe(c.stateless ? 0 : 1);
          }
          if (c.want.status === 200 || !c.stateless) {
            expect(seen.calls.length).toBe(1);
            return;
          }
          // The server gives the very same answer to the raw request the check refused.
          await mock.server.reset(seedWith(baseSeed, fixture));
        }

        const raw = client.request({
          method: c.given.method ?? 'POST',
          path: `/_ml/trained_models/${encodeURIComponent(modelId)}/deployment/_update`,
          ...(c.given.query !== undefined ? { query: c.given.query } : {}),
          ...(c.given.body !== undefined ? { body: c.given.body } : {}),
        });
        if (c.want.status === 200) {
          const response = await raw;
          expect(response.status).toBe(200);
          expectAfter(c, response.body);
          if (c.want.warning) {
            expect(response.headers.warning).toContain(c.want.warning);
          }
        } else {
          expectAnswer(
            c,
            await raw.then(
              () => undefined,
              (e: unknown) => e,
            ),
          );
        }
      });
    }
  });
});

describe('typed calls the client refuses give the case answer without any request', () => {
  const refused = updateDeploymentCases.filter((c) => c.stateless && c.want.status !== 200 && typedCall(c));
  it('covers the expressible stateless rejections', () => {
    expect(refused.length).toBeGreaterThan(10);
  });
  for (const c of refused) {
    it(c.name, async () => {
      const seen = countingFetch();
      const client = createClient({ node: 'http://127.0.0.1:9', fetch: seen.fetch });
      const typed = typedCall(c);
      const error = await client
        .updateDeployment(c.given.modelId ?? EXAMPLE_DEPLOYMENT_ID, typed!.input, typed!.options)
        .catch((e: unknown) => e);
      expectAnswer(c, error);
      expect(seen.calls).toHaveLength(0);
    });
  }
});
