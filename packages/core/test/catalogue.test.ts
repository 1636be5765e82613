import { readFileSync } from 'node:fs';
import { ERROR_CODES, type ErrorCode } from '@mldeploy/core';
import { updateDeploymentCases } from '@mldeploy/testkit';
import { describe, expect, it } from 'vitest';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const table = readme.slice(readme.indexOf('## Error codes'), readme.indexOf('## Choices'));
const listed = [...table.matchAll(/^\| `([A-Z_]+)`\s*\|/gm)].map((m) => m[1]);

// Codes that no `_update` contract case can reach: they belong to other endpoints, to the HTTP
// layer or security (tested by the mock server), or never cross the wire (tested by the client).
const COVERED_ELSEWHERE: ErrorCode[] = [
  'PARAMETER_CONFLICT',
  // `_start`'s cache_size and GET trained models' include (core's fidelity-round3 tests).
  'BYTE_SIZE_INVALID',
  'INCLUDE_INVALID',
  'DEPLOYMENT_ID_EXISTS',
  'MEDIA_TYPE_INVALID',
  // The inference API's `_update` (tested by core's inference tests and the mock's fidelity suite).
  'INFERENCE_UPDATE_INVALID',
  'INFERENCE_SETTINGS_INVALID',
  'INFERENCE_ENDPOINT_NOT_FOUND',
  'INFERENCE_DEPLOYMENT_CONFLICT',
  // Inference (`_infer`, the `_inference` endpoints): core's infer tests and the mock's suites.
  'INFERENCE_INVALID',
  'INFERENCE_ENDPOINT_EXISTS',
  'INFER_CONFLICT',
  'INFER_TIMEOUT',
  // A model's life (tested by core's lifecycle tests and the mock's model-lifecycle suite).
  'MODEL_REQUEST_INVALID',
  'MODEL_EXISTS',
  'MODEL_DOWNLOADING',
  'MODEL_DEFINITION_NOT_FOUND',
  'MODEL_ALIAS_NOT_FOUND',
  'MODEL_IN_USE',
  'MODEL_ALIAS_CONFLICT',
  'NO_HANDLER',
  'AUTHENTICATION_REQUIRED',
  'AUTHENTICATION_FAILED',
  'UNAUTHORIZED',
  'MODEL_NOT_FOUND',
  'CONTENT_TYPE_NOT_SUPPORTED',
  'DEPLOYMENT_ALREADY_STARTED',
  'DEPLOYMENT_IN_USE',
  'DEPLOYMENT_START_TIMEOUT',
  'CONTENT_TOO_LARGE',
  'TOO_MANY_REQUESTS',
  'INTERNAL_ERROR',
  'SERVICE_UNAVAILABLE',
  'ELASTICSEARCH_ERROR',
  'NETWORK_ERROR',
  'TIMEOUT',
  'ABORTED',
  'RESPONSE_INVALID',
  'VERSION_UNSUPPORTED',
  'WAIT_FAILED',
];

describe('the error code catalogue', () => {
  it('gives every code a status and a type', () => {
    for (const [code, entry] of Object.entries(ERROR_CODES)) {
      expect(entry.type, code).toMatch(/^[a-z_]+$/);
      expect(entry.status, code).toBeGreaterThanOrEqual('local' in entry ? 0 : 400);
    }
  });

  it('lists exactly the codes of the table in the README', () => {
    expect([...listed].sort()).toEqual(Object.keys(ERROR_CODES).sort());
  });

  it('covers every other code with at least one contract case', () => {
    const used = new Set(updateDeploymentCases.map((c) => c.want.code).filter(Boolean));
    const missing = (Object.keys(ERROR_CODES) as ErrorCode[]).filter(
      (code) => !used.has(code) && !COVERED_ELSEWHERE.includes(code),
    );
    expect(missing).toEqual([]);
  });
});
