// The mock's model lifecycle behind its host interface, with a host of plain objects (the HTTP
// suite, model-lifecycle.test.ts, drives the same code through the server).
import { checkPutModelRequest } from '@mldeploy/core';
import { describe, expect, it } from 'vitest';
import {
  addBuiltInModel,
  catTrainedModels,
  checkStartable,
  deleteModel,
  type LifecycleHost,
  mlInfoJson,
  putDefinitionPart,
  putModel,
  putModelAlias,
} from '../src/lifecycle.js';
import { ModelStore } from '../src/model-store.js';
import type { SeedModel } from '../src/seed.js';

function host() {
  let now = 1_700_000_000_000;
  const deployments: Array<{
    deployment_id: string;
    model_id: string;
    allocated: boolean;
    referenced_by_ingest: boolean;
  }> = [];
  const added: SeedModel[] = [];
  const stopped: string[] = [];
  const h: LifecycleHost = {
    store: new ModelStore(() => now, { download_ms: 1000, download_fails: false }),
    now: () => now,
    configVersion: '12.0.0',
    version: '9.4.0',
    deployments: () => deployments,
    ingestReferences: () => new Set(),
    addModel: (m) => added.push(m),
    removeModel: () => {},
    stopDeployment: (id) => stopped.push(id),
    nodes: () => [{ memory_bytes: 2 ** 34, processors: 8 }],
  };
  addBuiltInModel(h);
  return { h, deployments, added, stopped, step: (ms: number) => (now += ms) };
}

const request = (id: string, body: unknown, query?: string) => {
  const r = checkPutModelRequest({ modelId: id, body: JSON.stringify(body), query });
  if (!r.ok) {
    throw new Error(JSON.stringify(r.error.body));
  }
  return r.value;
};
const reason = (r: { ok: boolean; error?: { body: unknown } }) =>
  r.ok ? undefined : (r.error?.body as { error: { reason: string } } | undefined)?.error.reason;

describe('the lifecycle behind its host', () => {
  it('creates a PyTorch model as Elasticsearch answers it, and makes it deployable', () => {
    const { h, added } = host();
    const r = putModel(h, request('m', { model_type: 'pytorch', inference_config: { pass_through: {} } }));
    expect(r.ok && Object.keys(r.value)).toEqual([
      'model_id',
      'model_type',
      'created_by',
      'version',
      'create_time',
      'model_size_bytes',
      'estimated_operations',
      'license_level',
      'tags',
      'input',
      'inference_config',
      'location',
    ]);
    expect(r.ok && r.value.input).toEqual({ field_names: ['text_field'] });
    expect(added.map((m) => m.model_id)).toEqual(['m']);
    expect(reason(putModel(h, request('m', { model_type: 'pytorch', inference_config: { ner: {} } })))).toBe(
      'Trained machine learning model [m] already exists',
    );
  });

  it('downloads an Elastic model on the clock; start waits for it; a second PUT answers the model', () => {
    const { h, step } = host();
    const first = putModel(h, request('.elser_model_2', { input: { field_names: ['text_field'] } }));
    expect(first.ok && first.value.inference_config).toHaveProperty('text_expansion');
    expect(reason(checkStartable(h, '.elser_model_2'))).toMatch(/Model download task is currently running/);
    expect(putModel(h, request('.elser_model_2', { input: { field_names: ['text_field'] } })).ok).toBe(true);
    step(1000);
    expect(checkStartable(h, '.elser_model_2').ok).toBe(true);
  });

  it('refuses what a package defines, and unknown packages', () => {
    const { h } = host();
    expect(reason(putModel(h, request('.elser_model_2', { description: 'mine' })))).toBe(
      'Validation Failed: 1: illegal to set [description] at inference model creation for packaged model;',
    );
    expect(reason(putModel(h, request('.nope', { input: { field_names: ['x'] } })))).toMatch(/\.nope/);
  });

  it('is defined once its last part is in, with the size of the file', () => {
    const { h } = host();
    putModel(h, request('m', { model_type: 'pytorch', inference_config: { ner: {} } }));
    expect(reason(checkStartable(h, 'm'))).toBe('Could not find trained model definition [m]');
    const part = { model_id: 'm', part: 0, length: 10, total_parts: 1, total_definition_length: 1630 };
    expect(putDefinitionPart(h, part).ok).toBe(true);
    expect(reason(putDefinitionPart(h, part))).toBe(
      'Trained machine learning model chunked doc [m][0] already exists',
    );
    expect(checkStartable(h, 'm').ok).toBe(true);
    expect(h.store.get('m')?.config.model_size_bytes).toBe(1630);
  });

  it('deletes with force: stops the deployments and drops the aliases; the built-in model stays', () => {
    const { h, deployments, stopped } = host();
    putModel(h, request('m', { model_type: 'pytorch', inference_config: { ner: {} } }));
    expect(putModelAlias(h, { model_id: 'm', model_alias: 'mine', reassign: false })).toEqual({
      ok: true,
      value: [],
    });
    deployments.push({ deployment_id: 'd', model_id: 'm', allocated: true, referenced_by_ingest: false });
    expect(reason(deleteModel(h, { model_id: 'm', force: false }))).toBe(
      'Cannot delete model [m] as it is currently deployed; use force to delete the model',
    );
    expect(deleteModel(h, { model_id: 'm', force: true }).ok).toBe(true);
    expect(stopped).toEqual(['d']);
    expect(h.store.aliasTarget('mine')).toBeUndefined();
    expect(reason(deleteModel(h, { model_id: 'lang_ident_model_1', force: true }))).toBe(
      'Unable to delete model [lang_ident_model_1] as it is required by machine learning',
    );
  });

  it('answers _ml/info from the nodes and the cat table from the store', () => {
    const { h } = host();
    expect(mlInfoJson(h)).toMatchObject({ limits: { total_ml_memory: '16384mb', total_ml_processors: 8 } });
    const out = catTrainedModels(
      h,
      h.store.list().map((m) => m.config),
      {
        allow_no_match: true,
        format: 'json',
        help: false,
        verbose: false,
        headers: ['id', 'type', 'license'],
      },
    );
    expect(out.ok && out.value).toEqual({
      json: [{ id: 'lang_ident_model_1', type: 'lang_ident', license: 'basic' }],
    });
  });
});
