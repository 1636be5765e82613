// `GET _cat/ml/trained_models[/{model_id}]` (RestCatTrainedModelsAction): its query and its
// columns, in the server's order, with their aliases and which ones show by default. The text
// table itself is drawn by whoever answers (the mock's cat-table). Sources: docs/model-lifecycle.md.
import { ENDPOINTS } from '../endpoints.js';
import type { CheckResult } from './check-update-request.js';
import { parseQuery, RestParams, readQuery } from './rest-params.js';

/** A cell: text, a count, a byte size, a duration in milliseconds, a time, or nothing. */
export type CatCell =
  | { kind: 'text'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'bytes'; value: number }
  | { kind: 'millis'; value: number }
  | { kind: 'time'; value: number }
  | null;

/** One column of a cat table. */
export interface CatColumn {
  name: string;
  aliases: readonly string[];
  description: string;
  /** Shown without `h`. */
  default: boolean;
  align?: 'right';
}

const col = (
  name: string,
  aliases: string[],
  description: string,
  shown: boolean,
  align?: 'right',
): CatColumn =>
  align
    ? { name, aliases, description, default: shown, align }
    : { name, aliases, description, default: shown };

/** The columns of `_cat/ml/trained_models`, in order. `type` is [inferred] after `description`. */
export const CAT_TRAINED_MODELS_COLUMNS: readonly CatColumn[] = [
  col('id', [], 'the trained model id', true),
  col('created_by', ['c', 'createdBy'], 'who created the model', false, 'right'),
  col('heap_size', ['hs', 'modelHeapSize'], 'the estimated heap size to keep the model in memory', true),
  col('operations', ['o', 'modelOperations'], 'the estimated number of operations to use the model', true),
  col('license', ['l'], 'The license level of the model', false),
  col('create_time', ['ct'], 'The time the model was created', true),
  col('version', ['v'], 'The version of Elasticsearch when the model was created', false),
  col('description', ['d'], 'The model description', false),
  col('type', [], 'The model type', true),
  col('ingest.pipelines', ['ip', 'ingestPipelines'], 'The number of pipelines referencing the model', true),
  col('ingest.count', ['ic', 'ingestCount'], 'The total number of docs processed by the model', false),
  col('ingest.time', ['it', 'ingestTime'], 'The total time spent processing docs with this model', false),
  col(
    'ingest.current',
    ['icurr', 'ingestCurrent'],
    'The total documents currently being handled by the model',
    false,
  ),
  col(
    'ingest.failed',
    ['if', 'ingestFailed'],
    'The total count of failed ingest attempts with this model',
    false,
  ),
  col(
    'data_frame.id',
    ['dfid', 'dataFrameAnalytics'],
    'The data frame analytics config id that created the model (if still available)',
    true,
  ),
  col(
    'data_frame.create_time',
    ['dft', 'dataFrameAnalyticsTime'],
    'The time the data frame analytics config was created',
    false,
  ),
  col(
    'data_frame.source_index',
    ['dfsi', 'dataFrameAnalyticsSrcIndex'],
    'The source index used to train in the data frame analysis',
    false,
  ),
  col(
    'data_frame.analysis',
    ['dfa', 'dataFrameAnalyticsAnalysis'],
    'The analysis used by the data frame to build the model',
    false,
  ),
];

/** What one row is made of. */
export interface CatModelFacts {
  model_id: string;
  created_by: string;
  model_size_bytes: number;
  estimated_operations: number;
  license_level: string;
  create_time: number;
  version: string;
  description?: string | undefined;
  model_type?: string | undefined;
  pipeline_count: number;
  /** The data frame analytics job among the model's tags, when the seed knows one. */
  data_frame?: { id: string; create_time: number; source_index: string; analysis: string } | undefined;
}

/** One row, cells in column order. */
export function catTrainedModelRow(m: CatModelFacts): CatCell[] {
  const text = (value: string | undefined): CatCell => (value === undefined ? null : { kind: 'text', value });
  return [
    text(m.model_id),
    text(m.created_by),
    { kind: 'bytes', value: m.model_size_bytes },
    { kind: 'number', value: m.estimated_operations },
    text(m.license_level),
    { kind: 'time', value: m.create_time },
    text(m.version),
    text(m.description),
    text(m.model_type ?? 'tree_ensemble'),
    { kind: 'number', value: m.pipeline_count },
    { kind: 'number', value: 0 },
    { kind: 'millis', value: 0 },
    { kind: 'number', value: 0 },
    { kind: 'number', value: 0 },
    text(m.data_frame?.id ?? '__none__'),
    m.data_frame ? { kind: 'time', value: m.data_frame.create_time } : null,
    text(m.data_frame?.source_index),
    text(m.data_frame?.analysis),
  ];
}

/** A cat request's display options (RestTable). */
export interface CatRequest {
  model_id?: string | undefined;
  allow_no_match: boolean;
  from?: number | undefined;
  size?: number | undefined;
  format: string;
  headers?: string[] | undefined;
  help: boolean;
  sort?: string[] | undefined;
  verbose: boolean;
  bytes?: string | undefined;
  time?: string | undefined;
}

/** Checks the query of `_cat/ml/trained_models` (unknown parameters refused as everywhere). */
export function checkCatTrainedModelsRequest(raw: {
  modelId?: string | undefined;
  query?: string | URLSearchParams | undefined;
  accept?: string | undefined;
}): CheckResult<CatRequest> {
  const given = parseQuery(raw.query);
  const params = new RestParams(
    given,
    ENDPOINTS.catTrainedModels,
    raw.modelId === undefined ? [] : ['model_id'],
  );
  const path =
    raw.modelId === undefined ? '/_cat/ml/trained_models' : `/_cat/ml/trained_models/${raw.modelId}`;
  return readQuery(params, path, (params): CatRequest => {
    const list = (name: string) =>
      params
        .string(name)
        ?.split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0);
    const accept = raw.accept?.includes('application/json') ? 'json' : 'text';
    return {
      model_id: raw.modelId,
      allow_no_match: params.boolean('allow_no_match') ?? true,
      from: params.int('from'),
      size: params.int('size'),
      // `format` is one of the parameters every handler accepts (read here, never refused).
      format: given.get('format') ?? accept,
      headers: list('h'),
      help: params.boolean('help') ?? false,
      sort: list('s'),
      verbose: params.boolean('v') ?? false,
      bytes: params.string('bytes'),
      time: params.string('time'),
    };
  });
}
