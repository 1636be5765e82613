import {
  checkInferRequest,
  codeOf,
  DEPLOYMENT_INFER_DEPRECATION,
  type InferClusterView,
  type InferDeploymentView,
  notAllocatedError,
  planInferDocs,
  planInferTarget,
} from '@mldeploy/core';
import { describe, expect, it } from 'vitest';

const reason = (r: { ok: boolean; error?: { body: unknown } }) =>
  (r.error?.body as { error?: { reason?: string } } | undefined)?.error?.reason;

describe('checkInferRequest', () => {
  it('reads docs, the config update and the timeout, the query winning over the body', () => {
    const r = checkInferRequest({
      modelId: 'm',
      query: 'timeout=2s',
      body: '{"docs":[{"input":"words"}],"inference_config":{"ner":{"results_field":"out"}},"timeout":"5s"}',
    });
    expect(r).toEqual({
      ok: true,
      value: {
        model_id: 'm',
        docs: [{ input: 'words' }],
        update: { name: 'ner', settings: { results_field: 'out' } },
        timeout: '2s',
        timeout_ms: 2000,
        deprecated: false,
      },
    });
  });

  it('defaults the timeout to 10s (InferModelAction.Request.DEFAULT_TIMEOUT_FOR_API)', () => {
    const r = checkInferRequest({ modelId: 'm', body: '{"docs":[]}' });
    expect(r.ok && r.value.timeout_ms).toBe(10_000);
  });

  it('refuses a missing body with "requires body" (400 status_exception)', () => {
    const r = checkInferRequest({ modelId: 'm' });
    expect(r.ok).toBe(false);
    expect(r.ok ? 0 : r.error.status).toBe(400);
    expect(reason(r)).toBe('requires body');
  });

  it('refuses an unknown field with the parser name of InferModelAction', () => {
    const r = checkInferRequest({ modelId: 'm', body: '{"doc":[]}' });
    expect(reason(r)).toBe(
      '[1:2] [cluster:internal/xpack/ml/inference/infer] unknown field [doc] did you mean [docs]?',
    );
  });

  it('refuses docs that are missing: [docs] must not be null.', () => {
    expect(reason(checkInferRequest({ modelId: 'm', body: '{"timeout":"1s"}' }))).toBe(
      '[docs] must not be null.',
    );
  });

  it('refuses an unknown inference_config update', () => {
    const r = checkInferRequest({ modelId: 'm', body: '{"docs":[],"inference_config":{"nope":{}}}' });
    expect(reason(r)).toBe(
      '[1:32] [cluster:internal/xpack/ml/inference/infer] failed to parse field [inference_config]',
    );
  });

  it('the deprecated API takes one document (RestInferTrainedModelDeploymentAction)', () => {
    const r = checkInferRequest({ modelId: 'm', deprecated: true, body: '{"docs":[{"a":"1"},{"a":"2"}]}' });
    expect(reason(r)).toBe('Validation Failed: 1: multiple documents are not supported;');
    expect(DEPLOYMENT_INFER_DEPRECATION).toContain('deployment/_infer] is deprecated!');
  });

  it('refuses an unrecognized query parameter', () => {
    const r = checkInferRequest({ modelId: 'm', query: 'foo=1', body: '{"docs":[]}' });
    expect(reason(r)).toContain(
      'request [/_ml/trained_models/m/_infer] contains unrecognized parameter: [foo]',
    );
  });
});

function view(
  deployments: InferDeploymentView[],
  models: string[] = [],
  aliases: Record<string, string> = {},
): InferClusterView {
  return {
    modelOfAlias: (a) => aliases[a],
    deployment: (id) => deployments.find((d) => d.deployment_id === id),
    deploymentsOfModel: (m) => deployments.filter((d) => d.model_id === m),
    model: (id) => (models.includes(id) ? { model_id: id, model_type: 'pytorch' } : undefined),
  };
}

const dep = (
  deployment_id: string,
  model_id: string,
  state: InferDeploymentView['state'],
  started = 1,
): InferDeploymentView => ({
  deployment_id,
  model_id,
  state,
  startedRoutes: started,
  stoppingRoutes: 0,
});

describe('planInferTarget (TransportInternalInferModelAction)', () => {
  it('resolves a deployment id, then the deployments of a model, then an alias', () => {
    const v = view([dep('d1', 'm', 'started')], ['m'], { pytorch: 'm' });
    expect(planInferTarget('d1', v)).toMatchObject({ kind: 'route', deployment_id: 'd1' });
    expect(planInferTarget('m', v)).toMatchObject({ kind: 'route', deployment_id: 'd1' });
    expect(planInferTarget('pytorch', v)).toMatchObject({ kind: 'route', deployment_id: 'd1' });
  });

  it('prefers a started deployment of the model over a starting one', () => {
    const v = view([dep('a', 'm', 'starting', 0), dep('b', 'm', 'started')], ['m']);
    expect(planInferTarget('m', v)).toMatchObject({ kind: 'route', deployment_id: 'b' });
  });

  it('answers 404 for an unknown id and 409 for a model without a deployment', () => {
    const v = view([], ['m']);
    expect(reason({ ok: false, ...(planInferTarget('x', v) as unknown as { error: never }) })).toBe(
      'Could not find trained model [x]',
    );
    const t = planInferTarget('m', v);
    expect(t.kind === 'error' && t.error.status).toBe(409);
    expect(reason({ ok: false, ...(t as unknown as { error: never }) })).toBe(
      'Model [m] must be deployed to use. Please deploy with the start trained model deployment API.',
    );
  });

  it('refuses a stopping deployment and reports one without started routes as not allocated', () => {
    expect(planInferTarget('d', view([dep('d', 'm', 'stopping')]))).toMatchObject({ kind: 'error' });
    expect(planInferTarget('d', view([dep('d', 'm', 'started', 0)]))).toEqual({
      kind: 'not_allocated',
      deployment_id: 'd',
    });
    expect(reason({ ok: false, error: notAllocatedError('d', true) })).toBe(
      'Trained model deployment [d] is not allocated to any nodes; starting deployment of one allocation',
    );
  });
});

describe('planInferDocs', () => {
  const ner = { model_id: 'n', inference_config: { ner: { classification_labels: ['O', 'B_PER'] } } };

  it('reads the default input field and the labels of the config', () => {
    const r = planInferDocs(ner, [{ input: 'Ada lives' }], undefined);
    expect(r.ok && r.texts).toEqual(['Ada lives']);
    expect(r.ok && r.task.labels).toEqual(['O', 'B_PER']);
    expect(r.ok && r.task.results_field).toBe('predicted_value');
  });

  it('refuses a document without the input field, an update of another task, a question-less QA', () => {
    expect(reason(planInferDocs(ner, [{ text: 'x' }], undefined))).toBe(
      'Input field [input] does not exist in the source document',
    );
    expect(reason(planInferDocs(ner, [{ input: 'x' }], { name: 'fill_mask', settings: {} }))).toBe(
      'Inference config of type [ner] can not be updated with a inference request of type [fill_mask]',
    );
    const qa = { model_id: 'q', inference_config: { question_answering: {} } };
    expect(planInferDocs(qa, [{ input: 'x' }], undefined).ok).toBe(false);
    expect(
      planInferDocs(qa, [{ input: 'x' }], { name: 'question_answering', settings: { question: 'who?' } }).ok,
    ).toBe(true);
  });
});

describe('the codes of inference errors, read back from the envelope', () => {
  it('names each by its reason where status and type are shared', () => {
    expect(
      codeOf(
        409,
        'status_exception',
        'Model [m] must be deployed to use. Please deploy with the start trained model deployment API.',
      ),
    ).toBe('INFER_CONFLICT');
    expect(
      codeOf(409, 'status_exception', 'Trained model deployment [d] is not allocated to any nodes'),
    ).toBe('INFER_CONFLICT');
    expect(codeOf(400, 'status_exception', 'requires body')).toBe('INFERENCE_INVALID');
    expect(codeOf(404, 'resource_not_found_exception', 'Inference endpoint not found [x]')).toBe(
      'INFERENCE_ENDPOINT_NOT_FOUND',
    );
    expect(codeOf(408, 'status_exception', 'timeout [1s] waiting for inference result')).toBe(
      'INFER_TIMEOUT',
    );
    expect(
      codeOf(400, 'validation_exception', 'Validation Failed: 1: multiple documents are not supported;'),
    ).toBe('INFERENCE_SETTINGS_INVALID');
  });
});
