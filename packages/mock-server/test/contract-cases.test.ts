import {
  ERROR_CODES,
  isErrorCode,
  validateErrorEnvelope,
  validateStringError,
  validateUpdateResponse,
} from '@mldeploy/core';
import { DEFAULT_FIXTURE, EXAMPLE_DEPLOYMENT_ID, updateDeploymentCases } from '@mldeploy/testkit';
import { describe, expect, it } from 'vitest';
import { defaultSeed } from '../src/index.js';
import { seedWith, useMockServer } from '../src/testing.js';
import { call } from './helpers.js';

// convergeMs 0 keeps the state still, so "a rejected request changes nothing" compares exactly.
const mock = useMockServer({ convergeMs: 0 });
const base = { ...defaultSeed(), cluster: { ...defaultSeed().cluster, converge_ms: 0 } };

describe('every update contract case, over real HTTP', () => {
  it('has the cases the core issue asks for', () => {
    expect(updateDeploymentCases.length).toBeGreaterThanOrEqual(60);
  });

  for (const c of updateDeploymentCases) {
    it(c.name, async () => {
      await mock.server.reset(seedWith(base, c.before ?? DEFAULT_FIXTURE));
      const before = mock.server.state();
      const modelId = encodeURIComponent(c.given.modelId ?? EXAMPLE_DEPLOYMENT_ID);
      const path = `/_ml/trained_models/${modelId}/deployment/_update${c.given.query !== undefined ? `?${c.given.query}` : ''}`;
      const reply = await call(
        mock.url,
        c.given.method ?? 'POST',
        path,
        c.given.body !== undefined ? { body: c.given.body } : {},
      );

      expect(reply.status).toBe(c.want.status);
      expect(reply.headers.get('x-elastic-product')).toBe('Elasticsearch');
      expect(reply.json?.status ?? 200).toBe(reply.status === 200 ? 200 : c.want.status);
      if (c.want.status === 200) {
        expect(validateUpdateResponse(reply.json).ok).toBe(true);
        const assignment = reply.json.assignment;
        if (c.want.after?.number_of_allocations !== undefined) {
          expect(assignment.task_parameters.number_of_allocations).toBe(c.want.after.number_of_allocations);
        }
        if (c.want.after?.adaptive_allocations !== undefined) {
          expect(assignment.adaptive_allocations).toEqual(c.want.after.adaptive_allocations);
        }
        if (c.want.warning) {
          expect(reply.headers.get('warning')).toContain(c.want.warning);
        }
        return;
      }
      if (typeof reply.json.error === 'string') {
        expect(validateStringError(reply.json).ok).toBe(true);
        expect(reply.json.error).toBe(c.want.reason);
      } else {
        expect(validateErrorEnvelope(reply.json).ok).toBe(true);
        if (c.want.type !== undefined) {
          expect(reply.json.error.type).toBe(c.want.type);
        }
        if (c.want.code !== undefined) {
          expect(isErrorCode(c.want.code)).toBe(true);
          expect(reply.json.error.type).toBe(ERROR_CODES[c.want.code as keyof typeof ERROR_CODES].type);
        }
        expect(reply.json.error.root_cause[0].type).toBeTypeOf('string');
        if (c.want.reason !== undefined) {
          expect(reply.json.error.reason).toBe(c.want.reason);
        }
        if (c.want.causedBy !== undefined) {
          expect(reply.json.error.caused_by?.type).toBe(c.want.causedBy);
        }
      }
      // A rejected request leaves the state as it was.
      expect(mock.server.state()).toEqual(before);
    });
  }
});
