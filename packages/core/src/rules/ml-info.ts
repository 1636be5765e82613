// `GET _ml/info` (TransportMlInfoAction): the defaults of anomaly detection and datafeeds, the
// limits a cluster with these ML nodes has, the native code and upgrade mode. The shape follows
// the reference documentation's example; limits are computed from the nodes [inferred arithmetic:
// docs/model-lifecycle.md].

/** The stop words of the default categorization analyzer. */
const STOPWORDS = [
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
  'Mon',
  'Tue',
  'Wed',
  'Thu',
  'Fri',
  'Sat',
  'Sun',
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
  'GMT',
  'UTC',
];

const MB = 1024 * 1024;
/** NATIVE_EXECUTABLE_CODE_OVERHEAD: what the native process takes before any model. */
const NATIVE_OVERHEAD_BYTES = 30 * MB;
/** AnalysisLimits.DEFAULT_MODEL_MEMORY_LIMIT_MB. */
const DEFAULT_MODEL_MEMORY_LIMIT_MB = 1024;

/** What `_ml/info` is computed from. */
export interface MlInfoInput {
  nodes: ReadonlyArray<{ memory_bytes: number; processors: number }>;
  version: string;
  /** `xpack.ml.max_model_memory_limit`, in bytes, when set. */
  max_model_memory_limit_bytes?: number | undefined;
  upgrade_mode: boolean;
}

const mb = (bytes: number): string => `${Math.floor(bytes / MB)}mb`;

/** ByteSizeValue's text of a limit given in bytes: the largest whole unit. */
function byteSize(bytes: number): string {
  for (const [unit, size] of [
    ['gb', 1024 * MB],
    ['mb', MB],
    ['kb', 1024],
  ] as const) {
    if (bytes >= size && bytes % size === 0) {
      return `${bytes / size}${unit}`;
    }
  }
  return `${bytes}b`;
}

/** The `_ml/info` answer. */
export function mlInfo(input: MlInfoInput): Record<string, unknown> {
  const max = input.max_model_memory_limit_bytes;
  const defaultLimit = DEFAULT_MODEL_MEMORY_LIMIT_MB * MB;
  const largest = Math.max(0, ...input.nodes.map((n) => n.memory_bytes));
  const effective = Math.max(0, largest - NATIVE_OVERHEAD_BYTES);
  const limits: Record<string, unknown> = {
    max_single_ml_node_processors: Math.max(0, ...input.nodes.map((n) => n.processors)),
    total_ml_processors: input.nodes.reduce((s, n) => s + n.processors, 0),
  };
  if (max !== undefined && max > 0) {
    limits.max_model_memory_limit = byteSize(max);
  }
  limits.effective_max_model_memory_limit =
    max !== undefined && max > 0 && max < effective ? byteSize(max) : mb(effective);
  limits.total_ml_memory = mb(input.nodes.reduce((s, n) => s + n.memory_bytes, 0));
  return {
    defaults: {
      anomaly_detectors: {
        categorization_analyzer: {
          char_filter: ['first_line_with_letters'],
          tokenizer: 'ml_standard',
          filter: [{ type: 'stop', stopwords: STOPWORDS }],
        },
        model_memory_limit: max !== undefined && max > 0 && max < defaultLimit ? byteSize(max) : '1gb',
        categorization_examples_limit: 4,
        model_snapshot_retention_days: 10,
        daily_model_snapshot_retention_after_days: 1,
      },
      datafeeds: { scroll_size: 1000 },
    },
    upgrade_mode: input.upgrade_mode,
    native_code: { version: input.version, build_hash: '0000000000000000' },
    limits,
  };
}
