import {
  checkInferenceApiRequest,
  checkInferenceEndpointDelete,
  checkInferenceEndpointGet,
  checkInferenceEndpointPut,
  DEFAULT_INFERENCE_ENDPOINTS,
  type InferenceEndpointClusterView,
  planInferenceEndpointDelete,
  planInferenceEndpointPut,
} from '@mldeploy/core';
import { describe, expect, it } from 'vitest';

const reason = (r: { ok?: boolean; error?: { body: unknown } }) =>
  (r.error?.body as { error?: { reason?: string } } | undefined)?.error?.reason;

const put = (body: unknown, taskType: string | undefined = 'sparse_embedding', inferenceId = 'my-elser') =>
  checkInferenceEndpointPut({ taskType, inferenceId, body: JSON.stringify(body) });

describe('PUT _inference (TransportPutInferenceModelAction, ElasticsearchInternalService)', () => {
  it('reads an elasticsearch endpoint with adaptive allocations', () => {
    const r = put({
      service: 'elasticsearch',
      service_settings: {
        model_id: '.elser_model_2',
        num_threads: 1,
        adaptive_allocations: { enabled: true, max_number_of_allocations: 4 },
      },
    });
    expect(r.ok && r.value.endpoint).toEqual({
      inference_id: 'my-elser',
      task_type: 'sparse_embedding',
      service: 'elasticsearch',
      service_settings: {
        num_threads: 1,
        model_id: '.elser_model_2',
        adaptive_allocations: { enabled: true, max_number_of_allocations: 4 },
      },
    });
  });

  it('defaults the deprecated elser service to ELSER v2 and warns', () => {
    const r = put({ service: 'elser', service_settings: { num_allocations: 1, num_threads: 1 } });
    expect(r.ok && r.value.endpoint.service_settings.model_id).toBe('.elser_model_2');
    expect(r.ok && r.value.warnings[0]).toContain('[elser] service is deprecated');
  });

  it('refuses a bad task type in the body (inference_crud.yml "Test put inference with bad task type")', () => {
    const r = put(
      {
        task_type: 'bad',
        service: 'elser',
        service_settings: { num_allocations: 1, num_threads: 1 },
        task_settings: {},
      },
      undefined,
      'elser_model',
    );
    expect(r.ok ? 0 : r.error.status).toBe(400);
    expect(reason(r)).toBe('Unknown task_type [bad]');
  });

  it('collects the service settings errors in one validation exception', () => {
    const r = put({
      service: 'elasticsearch',
      service_settings: { model_id: '.elser_model_2', num_allocations: 0 },
    });
    expect(reason(r)).toBe(
      'Validation Failed: 1: [service_settings] Invalid value [0]. [num_allocations] must be a positive integer;2: [service_settings] does not contain the required setting [num_threads];',
    );
  });

  it('refuses settings the service does not know, a task the service does not do, a dotted (reserved) id', () => {
    expect(
      reason(
        put({
          service: 'elasticsearch',
          service_settings: { model_id: 'm', num_threads: 1, num_allocations: 1, foo: 1 },
        }),
      ),
    ).toBe('Model configuration contains settings {foo=1} unknown to the [elasticsearch] service');
    expect(
      reason(
        put(
          {
            service: 'elasticsearch',
            service_settings: { model_id: 'm', num_threads: 1, num_allocations: 1 },
          },
          'completion',
        ),
      ),
    ).toBe('The [elasticsearch] service does not support task type [completion]');
    expect(
      reason(
        put({ service: 'elasticsearch', service_settings: {} }, 'sparse_embedding', '.elser-2-elasticsearch'),
      ),
    ).toContain("Invalid inference_id; '.elser-2-elasticsearch'");
  });
});

describe('planInferenceEndpointPut', () => {
  const base: InferenceEndpointClusterView = {
    endpoint: () => undefined,
    model: (id) => (id === 'ner-model' ? { model_id: id, inference_config: { ner: {} } } : undefined),
    deploymentModel: () => undefined,
  };

  it('downloads an Elastic model and starts a deployment named after the endpoint', () => {
    const r = put(
      {
        service: 'elasticsearch',
        service_settings: { model_id: '.multilingual-e5-small', num_threads: 2, num_allocations: 3 },
      },
      'text_embedding',
      'e5',
    );
    if (!r.ok) {
      throw new Error('parse');
    }
    const plan = planInferenceEndpointPut(r.value, base);
    expect(plan.kind).toBe('create');
    if (plan.kind !== 'create') {
      return;
    }
    expect(plan.download?.model_id).toBe('.multilingual-e5-small');
    expect(plan.start).toMatchObject({
      deployment_id: 'e5',
      number_of_allocations: 3,
      threads_per_allocation: 2,
      wait_for: 'started',
    });
  });

  it('refuses an existing id, a model of another task, an unknown model', () => {
    const r = put({
      service: 'elasticsearch',
      service_settings: { model_id: 'ner-model', num_threads: 1, num_allocations: 1 },
    });
    if (!r.ok) {
      throw new Error('parse');
    }
    expect(planInferenceEndpointPut(r.value, base).kind).toBe('error');
    const exists = planInferenceEndpointPut(r.value, { ...base, endpoint: () => r.value.endpoint });
    expect(exists.kind === 'error' && exists.error.status).toBe(400);
    expect(reason(exists as never)).toBe('Inference endpoint [my-elser] already exists');
  });
});

describe('GET and DELETE _inference', () => {
  it('reads the forms of GET', () => {
    expect(checkInferenceEndpointGet({})).toEqual({
      ok: true,
      value: { task_type: 'any', inference_id: undefined },
    });
    expect(checkInferenceEndpointGet({ inferenceId: '_all' })).toMatchObject({
      ok: true,
      value: { inference_id: undefined },
    });
    expect(reason(checkInferenceEndpointGet({ taskType: 'bad', inferenceId: 'x' }))).toBe(
      'Unknown task_type [bad]',
    );
  });

  it('refuses to delete a reserved endpoint, even with force', () => {
    const req = checkInferenceEndpointDelete({ inferenceId: '.elser-2-elasticsearch', query: 'force=true' });
    if (!req.ok) {
      throw new Error('parse');
    }
    const plan = planInferenceEndpointDelete(req.value, DEFAULT_INFERENCE_ENDPOINTS[0], {
      pipelines: [],
      indexes: [],
    });
    expect(reason(plan as never)).toBe(
      '[.elser-2-elasticsearch] is a reserved inference endpoint. Cannot delete a reserved inference endpoint.',
    );
  });

  it('answers dry_run with the references, refuses a referenced endpoint unless force', () => {
    const endpoint = {
      ...DEFAULT_INFERENCE_ENDPOINTS[0],
      inference_id: 'mine',
    } as (typeof DEFAULT_INFERENCE_ENDPOINTS)[0];
    const refs = { pipelines: ['p1'], indexes: [] };
    const dry = checkInferenceEndpointDelete({ inferenceId: 'mine', query: 'dry_run=true' });
    const plain = checkInferenceEndpointDelete({ inferenceId: 'mine' });
    const force = checkInferenceEndpointDelete({ inferenceId: 'mine', query: 'force' });
    if (!dry.ok || !plain.ok || !force.ok) {
      throw new Error('parse');
    }
    expect(planInferenceEndpointDelete(dry.value, endpoint, refs)).toMatchObject({
      kind: 'dry_run',
      body: { acknowledged: false, pipelines: ['p1'], indexes: [] },
    });
    const refused = planInferenceEndpointDelete(plain.value, endpoint, refs);
    expect(refused.kind === 'error' && refused.error.status).toBe(409);
    expect(planInferenceEndpointDelete(force.value, endpoint, refs)).toMatchObject({
      kind: 'delete',
      stopDeployment: 'mine',
    });
  });
});

describe('POST _inference (InferenceAction.Request)', () => {
  it('takes a string or a list of strings', () => {
    const r = checkInferenceApiRequest({
      taskType: 'sparse_embedding',
      inferenceId: 'e',
      body: '{"input":"hello"}',
    });
    expect(r.ok && r.value.input).toEqual(['hello']);
    expect(r.ok && r.value.timeout).toBe('30s');
  });

  it('refuses a missing input and a rerank without query', () => {
    expect(reason(checkInferenceApiRequest({ inferenceId: 'e', body: '{}' }))).toBe(
      'Validation Failed: 1: Field [input] cannot be null;',
    );
    expect(
      reason(checkInferenceApiRequest({ taskType: 'rerank', inferenceId: 'e', body: '{"input":["a"]}' })),
    ).toBe('Validation Failed: 1: Field [query] cannot be null for task type [rerank];');
  });
});
