import { describe, expect, it } from 'vitest';
import {
  checkInferenceUpdateRequest,
  checkMediaTypes,
  type InferenceEndpointSnapshot,
  planInferenceUpdate,
  serverFacts,
  versionRefusal,
} from '../src/rules.js';

const endpoint: InferenceEndpointSnapshot = {
  inference_id: 'e',
  task_type: 'sparse_embedding',
  service: 'elasticsearch',
  service_settings: { model_id: 'm', num_threads: 1, num_allocations: 1 },
};
const cluster = (exists: boolean) => ({ deploymentExists: () => exists, endpointNamed: () => undefined });

function request(body: unknown, taskType?: string) {
  const r = checkInferenceUpdateRequest({
    taskType,
    inferenceId: 'e',
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  if (!r.ok) {
    throw new Error(JSON.stringify(r.error.body));
  }
  return r.value;
}

describe('inference endpoint _update rules', () => {
  it('reads the body shape before anything else', () => {
    const cases: Array<[unknown, string]> = [
      [{}, 'Request body is empty'],
      [
        { foo: 1, bar: 'x' },
        'Request contained fields which cannot be updated, remove these fields and try again [{foo=1, bar=x}]',
      ],
      [{ service_settings: 3 }, 'Unable to parse service settings in the request [{service_settings=3}]'],
    ];
    for (const [body, reason] of cases) {
      const r = checkInferenceUpdateRequest({ inferenceId: 'e', body: JSON.stringify(body) });
      expect(r.ok).toBe(false);
      expect(!r.ok && r.error.status).toBe(400);
      expect(!r.ok && (r.error.body.error as { reason: string }).reason).toBe(reason);
    }
    const conflict = checkInferenceUpdateRequest({
      taskType: 'rerank',
      inferenceId: 'e',
      body: '{"task_type":"sparse_embedding"}',
    });
    expect(!conflict.ok && conflict.error.code).toBe('INFERENCE_UPDATE_INVALID');
    const badId = checkInferenceUpdateRequest({ inferenceId: 'Bad', body: '{"a":1}' });
    expect(!badId.ok && badId.error.code).toBe('VALIDATION_FAILED');
  });

  it('plans a change of num_allocations as an _update that leaves the adaptive settings alone', () => {
    const plan = planInferenceUpdate(
      endpoint,
      request({ service_settings: { num_allocations: 4 } }),
      cluster(true),
    );
    expect(plan.kind).toBe('apply');
    if (plan.kind === 'apply') {
      expect(plan.update).toMatchObject({ deployment_id: 'e', number_of_allocations: 4 });
      // No adaptive settings in the request: updateDeployment keeps the deployment's.
      expect(plan.update.adaptive_allocations).toBeUndefined();
      expect(plan.endpoint.service_settings.num_allocations).toBe(4);
    }
  });

  it('validates the settings after the endpoint was found', () => {
    const both = planInferenceUpdate(
      endpoint,
      request({ service_settings: { num_allocations: 2, adaptive_allocations: { enabled: true } } }),
      cluster(true),
    );
    expect(both.kind === 'error' && both.error.code).toBe('INFERENCE_SETTINGS_INVALID');
    const none = planInferenceUpdate(
      endpoint,
      request({ service_settings: { num_allocations: 0 } }),
      cluster(true),
    );
    expect(none.kind === 'error' && (none.error.body.error as { reason: string }).reason).toBe(
      'Validation Failed: 1: [service_settings] Invalid value [0]. [num_allocations] must be a positive integer;',
    );
    const mismatch = planInferenceUpdate(
      endpoint,
      request({ service_settings: { num_allocations: 2 } }, 'rerank'),
      cluster(true),
    );
    expect(mismatch.kind === 'error' && mismatch.error.code).toBe('INFERENCE_UPDATE_INVALID');
    expect(
      planInferenceUpdate(endpoint, request({ service_settings: { num_allocations: 1 } }), cluster(false))
        .kind,
    ).toBe('noop');
    const missing = planInferenceUpdate(
      endpoint,
      request({ service_settings: { num_allocations: 2 } }),
      cluster(false),
    );
    expect(missing.kind === 'error' && missing.error.status).toBe(404);
  });
});

describe('media types and versions', () => {
  it('checks compatible-with against the server major', () => {
    const json9 = 'application/vnd.elasticsearch+json; compatible-with=9';
    expect(
      checkMediaTypes({ accept: json9, contentType: json9, hasBody: true, serverVersion: '9.4.0' }),
    ).toBeUndefined();
    expect(
      checkMediaTypes({ accept: json9, contentType: undefined, hasBody: false, serverVersion: '8.19.0' })
        ?.code,
    ).toBe('MEDIA_TYPE_INVALID');
    expect(
      checkMediaTypes({
        accept: undefined,
        contentType: 'application/yaml',
        hasBody: true,
        serverVersion: '9.4.0',
      }),
    ).toBeUndefined();
    expect(
      checkMediaTypes({ accept: undefined, contentType: 'text/plain', hasBody: true, serverVersion: '9.4.0' })
        ?.status,
    ).toBe(406);
  });

  it('answers what an older server does not know', () => {
    const base = { method: 'POST', path: '/p', params: { model_id: 'm' }, query: '' };
    expect(
      versionRefusal('8.14.0', { ...base, key: 'update', body: '{"adaptive_allocations":{}}' })?.code,
    ).toBe('BODY_PARSE_FAILED');
    expect(
      versionRefusal('8.15.0', { ...base, key: 'update', body: '{"adaptive_allocations":{}}' }),
    ).toBeUndefined();
    expect(versionRefusal('8.5.0', { ...base, key: 'update', body: undefined })?.code).toBe('NO_HANDLER');
    expect(serverFacts('8.19.0').minimum_wire_compatibility_version).toBe('7.17.0');
    expect(serverFacts('9.4.0').minimum_wire_compatibility_version).toBe('8.19.0');
  });
});
