import type { InferTask } from '@mldeploy/core/rules';
import { describe, expect, it } from 'vitest';
import { embedding, hashText, simulateResult, sparseExpansion } from '../src/infer-simulator.js';
import { InferenceCache } from '../src/inference-cache.js';
import { InferenceCalls, pickRoute, type RouteCounters } from '../src/inference-calls.js';
import {
  cacheCapacity,
  type InferableDeployment,
  type InferenceHost,
  InferenceService,
} from '../src/inference-service.js';

const task = (t: InferTask['task'], extra: Partial<InferTask> = {}): InferTask => ({
  task: t,
  results_field: 'predicted_value',
  labels: [],
  num_top_classes: t === 'fill_mask' ? 5 : 0,
  multi_label: false,
  max_answer_length: 15,
  embedding_size: 8,
  mask_token: '[MASK]',
  ...extra,
});

describe('the result simulator', () => {
  it('is deterministic: the same text always gives the same result', () => {
    for (const t of [
      'ner',
      'text_classification',
      'fill_mask',
      'text_embedding',
      'text_expansion',
      'pass_through',
    ] as const) {
      const text =
        t === 'fill_mask' ? 'Paris is the [MASK] of France' : 'Ada Lovelace met Charles Babbage in London';
      expect(simulateResult(text, task(t))).toEqual(simulateResult(text, task(t)));
    }
    expect(hashText('a')).not.toBe(hashText('b'));
  });

  it('writes NER entities with offsets into the input and the annotated text (NerResults)', () => {
    const text = 'Ada Lovelace met Charles Babbage in London';
    const r = simulateResult(text, task('ner'));
    expect(Object.keys(r)).toEqual(['predicted_value', 'entities']);
    const entities = r.entities as Array<{
      entity: string;
      class_name: string;
      start_pos: number;
      end_pos: number;
    }>;
    expect(entities.map((e) => e.entity)).toEqual(['Ada Lovelace', 'Charles Babbage', 'London']);
    for (const e of entities) {
      expect(Object.keys(e)).toEqual(['entity', 'class_name', 'class_probability', 'start_pos', 'end_pos']);
      expect(text.slice(e.start_pos, e.end_pos)).toBe(e.entity);
      expect(['MISC', 'PER', 'ORG', 'LOC']).toContain(e.class_name);
    }
    expect(r.predicted_value).toContain(`[Ada Lovelace](${entities[0]?.class_name}&Ada+Lovelace)`);
  });

  it('classifies over the configured labels, top classes only when asked (NlpClassificationInferenceResults)', () => {
    const plain = simulateResult('great movie', task('text_classification', { labels: ['NEG', 'POS'] }));
    expect(Object.keys(plain)).toEqual(['predicted_value', 'prediction_probability']);
    expect(['NEG', 'POS']).toContain(plain.predicted_value);
    const top = simulateResult(
      'great movie',
      task('text_classification', { labels: ['NEG', 'POS'], num_top_classes: 2 }),
    );
    expect(Object.keys(top)).toEqual(['predicted_value', 'top_classes', 'prediction_probability']);
    const classes = top.top_classes as Array<{
      class_name: string;
      class_probability: number;
      class_score: number;
    }>;
    expect(Object.keys(classes[0] ?? {})).toEqual(['class_name', 'class_probability', 'class_score']);
    expect(classes[0]?.class_name).toBe(top.predicted_value);
    expect((classes[0]?.class_probability ?? 0) + (classes[1]?.class_probability ?? 0)).toBeCloseTo(1, 9);
  });

  it('fills the mask and writes the sequence after the classes (FillMaskResults)', () => {
    const r = simulateResult('Paris is the [MASK] of France', task('fill_mask'));
    expect(Object.keys(r)).toEqual([
      'predicted_value',
      'top_classes',
      'prediction_probability',
      'predicted_value_sequence',
    ]);
    expect((r.top_classes as unknown[]).length).toBe(5);
    expect(r.predicted_value_sequence).toBe(`Paris is the ${r.predicted_value} of France`);
  });

  it('answers a question with a span of the text (QuestionAnsweringInferenceResults)', () => {
    const text = 'The Eiffel tower is in Paris';
    const r = simulateResult(text, task('question_answering', { question: 'where?', num_top_classes: 2 }));
    expect(Object.keys(r)).toEqual([
      'predicted_value',
      'start_offset',
      'end_offset',
      'top_classes',
      'prediction_probability',
    ]);
    expect(text.slice(r.start_offset as number, r.end_offset as number)).toBe(r.predicted_value);
  });

  it('embeds in the configured dimensions, expands to weighted tokens, scores similarity', () => {
    expect(embedding('hello', 384)).toHaveLength(384);
    const norm = Math.sqrt(embedding('hello', 16).reduce((a, b) => a + b * b, 0));
    expect(norm).toBeCloseTo(1, 5);
    const tokens = sparseExpansion('Hello world');
    expect(tokens).toHaveProperty('hello');
    expect(tokens).toHaveProperty('world');
    const sim = simulateResult('the cat sat', task('text_similarity', { text: 'cat' }));
    expect(Object.keys(sim)).toEqual(['predicted_value']);
    expect(sim.predicted_value).toBeGreaterThan(0);
  });

  it('uses the request results field', () => {
    expect(Object.keys(simulateResult('x', task('text_embedding', { results_field: 'vec' })))).toEqual([
      'vec',
    ]);
  });
});

describe('the inference cache', () => {
  it('evicts the least recently used entry to stay under its size', () => {
    const cache = new InferenceCache(150);
    cache.set('a', 'x'.repeat(60));
    cache.set('b', 'y'.repeat(60));
    expect(cache.get('a')).toBeDefined();
    cache.set('c', 'z'.repeat(60));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.bytes).toBeLessThanOrEqual(150);
  });

  it('reads cache_size as Elasticsearch writes it; "0" turns the cache off', () => {
    expect(cacheCapacity('10kb', 5)).toBe(10 * 1024);
    expect(cacheCapacity('0', 5)).toBe(0);
    expect(cacheCapacity(undefined, 1630)).toBe(1630);
  });
});

const base = (start: number): RouteCounters => ({
  inference_count: 0,
  average_inference_time_ms: undefined,
  last_access: undefined,
  number_of_pending_requests: 0,
  rejected_execution_count: 0,
  start_time: start,
  peak_throughput_per_minute: 0,
  throughput_last_minute: 0,
  average_inference_time_ms_last_minute: undefined,
});

describe('the counters of calls', () => {
  it('count hits, averages with and without them, and the last whole minute', () => {
    const calls = new InferenceCalls();
    const d = {};
    calls.served(d, 'n', 0, 1000, 20, false);
    calls.served(d, 'n', 0, 2000, 0, true);
    calls.served(d, 'n', 0, 61_000, 20, false);
    const c = calls.combine(d, 'n', base(0), 61_000);
    expect(c).toMatchObject({
      inference_count: 3,
      inference_cache_hit_count: 1,
      average_inference_time_ms_excluding_cache_hits: 20,
      throughput_last_minute: 2,
      inference_cache_hit_count_last_minute: 1,
      peak_throughput_per_minute: 2,
      last_access: 61_000,
    });
    expect(c.average_inference_time_ms).toBeCloseTo(40 / 3, 6);
  });

  it('adds the load counters of the same process and starts over with a new process', () => {
    const calls = new InferenceCalls();
    const d = {};
    calls.served(d, 'n', 0, 1000, 10, false);
    const load = { ...base(0), inference_count: 9, average_inference_time_ms: 10 };
    expect(calls.combine(d, 'n', load, 2000)).toMatchObject({
      inference_count: 10,
      average_inference_time_ms: 10,
    });
    expect(calls.combine(d, 'n', base(5), 2000).inference_count).toBe(0);
  });

  it('picks routes by their share of the allocations', () => {
    const routes = [
      { id: 'a', allocations: 1 },
      { id: 'b', allocations: 3 },
    ];
    expect([0, 1, 2, 3, 4].map((n) => pickRoute(routes, n)?.id)).toEqual(['a', 'b', 'b', 'b', 'a']);
  });
});

function host(d: InferableDeployment, pending = 0): InferenceHost & { starts: number } {
  const h = {
    starts: 0,
    now: () => 10_000,
    deployments: () => [d],
    model: (id: string) =>
      id === 'test_model'
        ? {
            model_id: id,
            model_type: 'pytorch',
            inference_config: { pass_through: {} },
            model_size_bytes: 1630,
          }
        : undefined,
    modelOfAlias: () => undefined,
    pending: () => pending,
    requestAllocation: () => {
      h.starts += 1;
      return true;
    },
  };
  return h;
}

const deployment = (cache: string | undefined, current = 1): InferableDeployment => ({
  deployment_id: 'test_model_deployment_cache_test',
  model_id: 'test_model',
  state: 'started',
  queue_capacity: 2,
  cache_size: cache,
  start_time: new Date(0).toISOString(),
  routes: new Map([['n1', { state: 'started', current, startedAt: 0 }]]),
});

const infer = (s: InferenceService, input: string, timeoutMs = 10_000) =>
  s.infer({
    model_id: 'test_model',
    docs: [{ input }],
    update: undefined,
    timeout: '10s',
    timeout_ms: timeoutMs,
  });

describe('the inference service', () => {
  it('counts a repeated input as a cache hit, and misses again after the cache is cleared (3rd_party_deployment.yml "Test clear deployment cache")', () => {
    const d = deployment('10kb');
    const s = new InferenceService(host(d));
    for (const input of ['words', 'are', 'words']) {
      expect(infer(s, input).ok).toBe(true);
    }
    expect(s.combine(d, 'n1', base(0), 10_000)).toMatchObject({
      inference_count: 3,
      inference_cache_hit_count: 1,
    });
    s.clearCache(d);
    expect(infer(s, 'words').ok).toBe(true);
    expect(s.combine(d, 'n1', base(0), 10_000)).toMatchObject({
      inference_count: 4,
      inference_cache_hit_count: 1,
    });
  });

  it('has no hits without a cache ("Test start and stop deployment with no cache")', () => {
    const d = deployment('0');
    const s = new InferenceService(host(d));
    infer(s, 'words');
    infer(s, 'words');
    expect(s.combine(d, 'n1', base(0), 10_000)).toMatchObject({
      inference_count: 2,
      inference_cache_hit_count: 0,
    });
  });

  it('refuses with 429 when the queue is full and 408 when the wait passes the timeout', () => {
    const full = deployment(undefined);
    const s = new InferenceService(host(full, 2));
    const rejected = infer(s, 'words');
    expect(rejected.ok ? 0 : rejected.error.status).toBe(429);
    expect(s.combine(full, 'n1', base(0), 10_000).rejected_execution_count).toBe(1);
    const slow = new InferenceService(host(full, 1));
    const timedOut = infer(slow, 'words', 3);
    expect(timedOut.ok ? 0 : timedOut.error.status).toBe(408);
    expect(slow.combine(full, 'n1', base(0), 10_000).timeout_count).toBe(1);
  });

  it('asks a deployment without allocations for one and answers 409', () => {
    const d = deployment(undefined, 0);
    const h = host(d);
    const r = new InferenceService(h).infer({
      model_id: 'test_model',
      docs: [{ input: 'x' }],
      timeout: '10s',
      timeout_ms: 10_000,
    });
    expect(r.ok ? 0 : r.error.status).toBe(409);
    expect(h.starts).toBe(1);
  });
});
