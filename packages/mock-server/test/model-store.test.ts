// The model store and the cat table, on their own (the HTTP suites drive them through the mock).
import {
  CAT_TRAINED_MODELS_COLUMNS,
  type CatCell,
  type CatRequest,
  catTrainedModelRow,
} from '@mldeploy/core';
import { describe, expect, it } from 'vitest';
import { renderBytes, renderCatTable, renderInstant, renderMillis } from '../src/cat-table.js';
import { ModelStore } from '../src/model-store.js';
import { loadSeed } from '../src/seed.js';

const config = (id: string, extra: Record<string, unknown> = {}) => ({
  model_id: id,
  model_type: 'pytorch',
  created_by: 'api_user',
  tags: [],
  input: { field_names: ['text_field'] },
  ...extra,
});

describe('the model store', () => {
  it('is fully defined once the last part is in', () => {
    const store = new ModelStore(() => 0);
    store.put(config('m'));
    expect(store.fullyDefined('m')).toBe(false);
    store.putPart({ model_id: 'm', part: 0, total_parts: 2, total_definition_length: 1630 });
    expect(store.fullyDefined('m')).toBe(false);
    expect(store.hasPart('m', 0)).toBe(true);
    store.putPart({ model_id: 'm', part: 1, total_parts: 2, total_definition_length: 1630 });
    expect(store.fullyDefined('m')).toBe(true);
  });

  it('takes the size of the definition when the config had none', () => {
    const store = new ModelStore(() => 0);
    store.put(config('m', { model_size_bytes: 0 }));
    store.putPart({ model_id: 'm', part: 0, total_parts: 1, total_definition_length: 1630 });
    expect(store.get('m')?.config.model_size_bytes).toBe(1630);
  });

  it('downloads on the clock, and fails when told to', () => {
    let now = 1000;
    const store = new ModelStore(() => now, { download_ms: 500, download_fails: false });
    store.put(config('.elser_model_2'), { download: true });
    expect(store.downloading('.elser_model_2')).toBe(true);
    expect(store.downloadList()).toEqual([{ model_id: '.elser_model_2', state: 'downloading', progress: 0 }]);
    now = 1500;
    expect(store.downloading('.elser_model_2')).toBe(false);
    expect(store.fullyDefined('.elser_model_2')).toBe(true);
    store.downloads = { download_ms: 10, download_fails: true };
    store.put(config('.rerank-v1'), { download: true });
    now = 1510;
    expect(store.downloadFailed('.rerank-v1')).toBe(true);
    expect(store.fullyDefined('.rerank-v1')).toBe(false);
  });

  it('resolves aliases and writes them into the metadata, sorted', () => {
    const store = new ModelStore(() => 0);
    store.put(config('m', { description: 'd' }));
    store.setAlias('zeta', 'm');
    store.setAlias('alpha', 'm');
    expect(store.resolve('zeta')?.config.model_id).toBe('m');
    const json = store.configJson('m', { definitionStatus: true });
    expect(json?.metadata).toEqual({ model_aliases: ['alpha', 'zeta'] });
    expect(Object.keys(json ?? {})).toEqual([
      'model_id',
      'model_type',
      'created_by',
      'description',
      'tags',
      'metadata',
      'input',
      'fully_defined',
    ]);
    store.delete('m');
    expect(store.aliasTarget('alpha')).toBeUndefined();
  });
});

describe('the cat table', () => {
  const req = (over: Partial<CatRequest> = {}): CatRequest => ({
    allow_no_match: true,
    format: 'text',
    help: false,
    verbose: false,
    ...over,
  });
  const row = (id: string, size: number): CatCell[] =>
    catTrainedModelRow({
      model_id: id,
      created_by: 'api_user',
      model_size_bytes: size,
      estimated_operations: 2,
      license_level: 'platinum',
      create_time: 1_700_000_000_000,
      version: '12.0.0',
      model_type: 'tree_ensemble',
      pipeline_count: 0,
    });

  it('renders sizes, durations and instants as Elasticsearch does', () => {
    expect(renderBytes(1630, undefined)).toBe('1.5kb');
    expect(renderBytes(1024, undefined)).toBe('1kb');
    expect(renderBytes(412, undefined)).toBe('412b');
    expect(renderBytes(1630, 'b')).toBe('1630');
    expect(renderMillis(0, undefined)).toBe('0s');
    expect(renderMillis(1500, 'ms')).toBe('1500');
    expect(renderInstant(1_700_000_000_000)).toBe('2023-11-14T22:13:20Z');
  });

  // trained_model_cat_apis.yml "Test cat trained models": the default columns, with and without v
  it('shows the default columns, with a header line for v', () => {
    const out = renderCatTable(
      CAT_TRAINED_MODELS_COLUMNS,
      [row('a-regression-model-0', 412)],
      req({ verbose: true }),
    );
    expect(out.ok && 'text' in out && out.text).toMatch(
      /^id\s+heap_size\s+operations\s+create_time\s+type\s+ingest\.pipelines\s+data_frame\.id\s*\n(a-regression-model-0\s+\w+\s+\d+\s+\S+\s+tree_ensemble\s+\d+\s+\w+\n)+$/,
    );
  });

  it('picks columns by name or alias (shown as asked), sorts, and answers JSON as strings', () => {
    const rows = [row('b', 2048), row('a', 100)];
    const out = renderCatTable(
      CAT_TRAINED_MODELS_COLUMNS,
      rows,
      req({ headers: ['id', 'hs', 'dfid'], sort: ['heap_size:desc'], format: 'json' }),
    );
    expect(out.ok && 'json' in out && out.json).toEqual([
      { id: 'b', hs: '2kb', dfid: '__none__' },
      { id: 'a', hs: '100b', dfid: '__none__' },
    ]);
    expect(renderCatTable(CAT_TRAINED_MODELS_COLUMNS, rows, req({ sort: ['nope'] }))).toEqual({
      ok: false,
      unknownSortKey: 'nope',
    });
  });

  it('loads the clean seed: ML nodes and no models', () => {
    const seed = loadSeed(new URL('../seeds/clean.json', import.meta.url).pathname);
    expect(seed.nodes.length).toBeGreaterThan(0);
    expect(seed.models).toEqual([]);
  });
});
