// Simulated inference results: no model runs, but every task answers in exactly the shape
// Elasticsearch writes (the results classes' toXContent, field for field and in order), with
// values drawn from a generator seeded by the text, so the same input always gives the same
// output. What is simulated and how: docs/inference.md.
import type { InferTask } from '@mldeploy/core/rules';

/** FNV-1a over the UTF-16 code units: a small, stable hash of a text. */
export function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a deterministic generator of numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Rounds to the precision of a float, as the server's float results print. */
const f32 = (x: number): number => Math.fround(x);

/** CoNLL-2003 labels, the NER default when the model's config names none. */
export const DEFAULT_NER_LABELS = [
  'O',
  'B_MISC',
  'I_MISC',
  'B_PER',
  'I_PER',
  'B_ORG',
  'I_ORG',
  'B_LOC',
  'I_LOC',
];
/** [inferred] The labels of a text classification model without `classification_labels`. */
export const DEFAULT_CLASSIFICATION_LABELS = ['LABEL_0', 'LABEL_1'];
/** Candidates of simulated fill-mask predictions. */
const FILL_WORDS = ['the', 'a', 'city', 'world', 'paris', 'time', 'people', 'music', 'day', 'work'];
/** Extra tokens a simulated sparse expansion adds after the words of the input. */
const EXPANSION_WORDS = ['info', 'data', 'search', 'text', 'doc', 'query', 'term', 'word'];

interface Word {
  text: string;
  start: number;
  end: number;
}

function words(text: string): Word[] {
  return [...text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'_-]*/gu)].map((m) => ({
    text: m[0],
    start: m.index ?? 0,
    end: (m.index ?? 0) + m[0].length,
  }));
}

/** Softmax-like probabilities of `n` classes, from the generator. */
function probabilities(n: number, rnd: () => number): number[] {
  const scores = Array.from({ length: n }, () => Math.exp(4 * rnd()));
  const sum = scores.reduce((a, b) => a + b, 0);
  return scores.map((s) => s / sum);
}

function topClasses(labels: readonly string[], probs: readonly number[], n: number) {
  const order = labels.map((label, i) => ({ label, p: probs[i] ?? 0 })).sort((a, b) => b.p - a.p);
  const count = n < 0 ? order.length : Math.min(n, order.length);
  return {
    best: order[0] ?? { label: '', p: 0 },
    top: order
      .slice(0, count)
      .map((c) => ({ class_name: c.label, class_probability: c.p, class_score: c.p })),
  };
}

/** NerResults: entities are runs of capitalised words, with offsets into the input. */
function ner(text: string, task: InferTask, rnd: () => number): Record<string, unknown> {
  const labels = task.labels.length > 0 ? task.labels : DEFAULT_NER_LABELS;
  const classes = [...new Set(labels.filter((l) => l !== 'O').map((l) => l.replace(/^[BI][_-]/, '')))];
  const entities: Array<{
    entity: string;
    class_name: string;
    class_probability: number;
    start_pos: number;
    end_pos: number;
  }> = [];
  let run: Word[] = [];
  const flush = () => {
    const first = run[0];
    const last = run[run.length - 1];
    if (first && last && classes.length > 0) {
      const entity = text.slice(first.start, last.end);
      entities.push({
        entity,
        class_name: classes[Math.floor(rnd() * classes.length)] ?? 'MISC',
        class_probability: 0.9 + 0.1 * rnd(),
        start_pos: first.start,
        end_pos: last.end,
      });
    }
    run = [];
  };
  for (const w of words(text)) {
    if (/^\p{Lu}/u.test(w.text)) {
      const prev = run[run.length - 1];
      if (prev && text.slice(prev.end, w.start).trim().length > 0) {
        flush();
      }
      run.push(w);
    } else {
      flush();
    }
  }
  flush();
  // NerProcessor: the annotated text marks each entity as [entity](CLASS&entity+with+pluses).
  let annotated = '';
  let at = 0;
  for (const e of entities) {
    annotated += `${text.slice(at, e.start_pos)}[${e.entity}](${e.class_name}&${e.entity.replace(/ /g, '+')})`;
    at = e.end_pos;
  }
  annotated += text.slice(at);
  return { [task.results_field]: annotated, entities };
}

function classification(task: InferTask, labels: readonly string[], rnd: () => number, topN: number) {
  const probs =
    task.task === 'zero_shot_classification' && task.multi_label
      ? labels.map(() => 1 / (1 + Math.exp(-(8 * rnd() - 4))))
      : probabilities(labels.length, rnd);
  const { best, top } = topClasses(labels, probs, topN);
  const out: Record<string, unknown> = { [task.results_field]: best.label };
  if (top.length > 0) {
    out.top_classes = top;
  }
  out.prediction_probability = best.p;
  return out;
}

function fillMask(text: string, task: InferTask, rnd: () => number): Record<string, unknown> {
  const probs = probabilities(FILL_WORDS.length, rnd);
  const { best, top } = topClasses(FILL_WORDS, probs, task.num_top_classes);
  const out: Record<string, unknown> = { [task.results_field]: best.label };
  if (top.length > 0) {
    out.top_classes = top;
  }
  out.prediction_probability = best.p;
  out[`${task.results_field}_sequence`] = text.replace(task.mask_token, best.label);
  return out;
}

function questionAnswering(text: string, task: InferTask, rnd: () => number): Record<string, unknown> {
  const ws = words(text);
  const spans: Array<{ answer: string; start_offset: number; end_offset: number; score: number }> = [];
  const count = Math.max(1, Math.min(ws.length, task.num_top_classes > 0 ? task.num_top_classes : 1));
  for (let i = 0; i < count && ws.length > 0; i += 1) {
    const from = Math.floor(rnd() * ws.length);
    const length = 1 + Math.floor(rnd() * Math.min(3, task.max_answer_length));
    const first = ws[from] as Word;
    const last = ws[Math.min(ws.length - 1, from + length - 1)] as Word;
    spans.push({
      answer: text.slice(first.start, last.end),
      start_offset: first.start,
      end_offset: last.end,
      score: rnd(),
    });
  }
  spans.sort((a, b) => b.score - a.score);
  const best = spans[0] ?? { answer: '', start_offset: 0, end_offset: 0, score: 0 };
  const out: Record<string, unknown> = {
    [task.results_field]: best.answer,
    start_offset: best.start_offset,
    end_offset: best.end_offset,
  };
  if (task.num_top_classes > 0) {
    out.top_classes = spans.map((s) => ({
      answer: s.answer,
      start_offset: s.start_offset,
      end_offset: s.end_offset,
      score: s.score,
    }));
  }
  out.prediction_probability = best.score;
  return out;
}

/** A unit-length dense vector of `dims` floats. */
export function embedding(text: string, dims: number): number[] {
  const rnd = seededRandom(hashText(`text_embedding\u0000${text}`));
  const v = Array.from({ length: dims }, () => rnd() * 2 - 1);
  const norm = Math.sqrt(v.reduce((a, b) => a + b * b, 0)) || 1;
  return v.map((x) => f32(x / norm));
}

/** Weighted tokens of a sparse expansion: the input's words and a few more, by token. */
export function sparseExpansion(text: string): Record<string, number> {
  const rnd = seededRandom(hashText(`text_expansion\u0000${text}`));
  const tokens: Record<string, number> = {};
  for (const w of words(text.toLowerCase())) {
    tokens[w.text] = f32(Math.max(tokens[w.text] ?? 0, 0.5 + 2 * rnd()));
  }
  for (let i = 0; i < 3; i += 1) {
    const extra = EXPANSION_WORDS[Math.floor(rnd() * EXPANSION_WORDS.length)] as string;
    tokens[extra] ??= f32(0.05 + 0.4 * rnd());
  }
  return tokens;
}

/** The similarity of a text to a query, in (0, 1): shared words raise it. */
export function similarity(text: string, query: string): number {
  const rnd = seededRandom(hashText(`text_similarity\u0000${query}\u0000${text}`));
  const q = new Set(words(query.toLowerCase()).map((w) => w.text));
  const t = words(text.toLowerCase());
  const shared = t.filter((w) => q.has(w.text)).length;
  return f32(Math.min(0.999, 0.1 * rnd() + (t.length === 0 ? 0 : (0.85 * shared) / t.length)));
}

/**
 * One document's result, as InferModelAction writes it: the task's fields in the server's order
 * (`is_truncated` is written only when true, and the simulation never truncates).
 */
export function simulateResult(text: string, task: InferTask): Record<string, unknown> {
  const rnd = seededRandom(hashText(`${task.task}\u0000${text}`));
  switch (task.task) {
    case 'ner':
      return ner(text, task, rnd);
    case 'text_classification':
      return classification(
        task,
        task.labels.length > 0 ? task.labels : DEFAULT_CLASSIFICATION_LABELS,
        rnd,
        task.num_top_classes,
      );
    case 'zero_shot_classification':
      return classification(task, task.labels, rnd, -1);
    case 'fill_mask':
      return fillMask(text, task, rnd);
    case 'question_answering':
      return questionAnswering(text, task, rnd);
    case 'text_embedding':
      return { [task.results_field]: embedding(text, task.embedding_size) };
    case 'text_expansion':
      return { [task.results_field]: sparseExpansion(text) };
    case 'text_similarity':
      return { [task.results_field]: similarity(text, task.text ?? '') };
    case 'pass_through': {
      // One row per token, a few values each (PyTorchPassThroughResults' double[][]).
      const ws = words(text);
      return {
        [task.results_field]: (ws.length > 0 ? ws : [{ text }]).map(() =>
          [rnd(), rnd(), rnd(), rnd()].map(f32),
        ),
      };
    }
  }
}

/** How long one simulated inference takes on one allocation (ms): a sparse encoder is the slowest. */
export function simulatedInferenceMs(task: InferTask['task']): number {
  return task === 'text_expansion' ? 100 : task === 'pass_through' ? 5 : 20;
}
