// The model store: what the simulated cluster keeps of each created model besides what a seed
// declares, and the one place other modules ask about a model's life.
//
// API (kept small for the handlers of PUT/GET/DELETE models, `_start`, `_infer` and `_inference`):
//   - `put(config, how)`: stores a config as core's `buildModelConfig` made it; `how.defined`
//     marks it fully defined at once (seeds, tree models), `how.download` starts a simulated
//     download of an Elastic model on the clock.
//   - `get(id)` / `resolve(idOrAlias)` / `list()` (sorted by id) / `delete(id)`.
//   - `putVocabulary(id, vocabulary)`, `putPart(part)` (false when already stored).
//   - `fullyDefined(id)`: the last part is in (Elasticsearch looks for the end-of-stream part) or a
//     download finished; `downloading(id)`: a download runs now; `downloadFailed(id)`.
//   - aliases: `setAlias`, `deleteAlias`, `aliasTarget`, `aliasesOf` (sorted).
//   - `configJson(id, { definitionStatus })`: the config as GET answers it (aliases in metadata).
// Downloads finish `download_ms` after they start, or fail then when `download_fails` is set
// (the seed's `cluster.download_ms` and `cluster.download_fails`).

/** How downloads of Elastic's models behave. */
export interface DownloadSettings {
  /** Simulated milliseconds a download takes. */
  download_ms: number;
  /** When true, downloads fail at their end instead of completing. */
  download_fails: boolean;
}

/** The default: a download takes 30 simulated seconds and succeeds. */
export const DEFAULT_DOWNLOADS: DownloadSettings = { download_ms: 30_000, download_fails: false };

interface Definition {
  total_parts: number;
  total_definition_length: number;
  parts: Set<number>;
}

interface Download {
  started_at: number;
  ends_at: number;
  fails: boolean;
}

/** One stored model. */
export interface StoredModel {
  /** The config as stored (TrainedModelConfig.toXContent order), without status or aliases. */
  config: Record<string, unknown>;
  definition?: Definition | undefined;
  vocabulary?: { vocabulary: string[]; merges: string[]; scores: number[] } | undefined;
  download?: Download | undefined;
  /** Defined without parts: built-in, seeded, tree or downloaded models. */
  defined: boolean;
}

/** A download's progress, for `mldeploy status` and the console. */
export interface DownloadProgress {
  model_id: string;
  state: 'downloading' | 'downloaded' | 'failed';
  /** 0 to 1. */
  progress: number;
}

/** Models, their definitions, vocabularies, downloads and aliases. */
export class ModelStore {
  #models = new Map<string, StoredModel>();
  #aliases = new Map<string, string>();

  constructor(
    private readonly now: () => number,
    public downloads: DownloadSettings = { ...DEFAULT_DOWNLOADS },
  ) {}

  /** Stores a model config (PUT); a download starts now when asked. */
  put(config: Record<string, unknown>, how: { defined?: boolean; download?: boolean } = {}): StoredModel {
    const id = String(config.model_id);
    const stored: StoredModel = { config, defined: how.defined === true };
    if (how.download) {
      const t = this.now();
      stored.download = {
        started_at: t,
        ends_at: t + this.downloads.download_ms,
        fails: this.downloads.download_fails,
      };
    }
    this.#models.set(id, stored);
    return stored;
  }

  has(id: string): boolean {
    return this.#models.has(id);
  }

  get(id: string): StoredModel | undefined {
    return this.#models.get(id);
  }

  /** The model an id or an alias names. */
  resolve(idOrAlias: string): StoredModel | undefined {
    return this.#models.get(idOrAlias) ?? this.#models.get(this.#aliases.get(idOrAlias) ?? '');
  }

  /** Every model, sorted by id (as GET lists them). */
  list(): StoredModel[] {
    return [...this.#models.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, m]) => m);
  }

  /** Removes a model and its aliases. */
  delete(id: string): boolean {
    for (const alias of this.aliasesOf(id)) {
      this.#aliases.delete(alias);
    }
    return this.#models.delete(id);
  }

  putVocabulary(id: string, vocabulary: { vocabulary: string[]; merges: string[]; scores: number[] }): void {
    const m = this.#models.get(id);
    if (m) {
      m.vocabulary = vocabulary;
    }
  }

  /** True when the part is already stored (Elasticsearch refuses to overwrite it). */
  hasPart(id: string, part: number): boolean {
    return this.#models.get(id)?.definition?.parts.has(part) === true;
  }

  /** Stores a definition part; the first part sets the model size when it was 0. */
  putPart(part: {
    model_id: string;
    part: number;
    total_parts: number;
    total_definition_length: number;
  }): void {
    const m = this.#models.get(part.model_id);
    if (!m) {
      return;
    }
    m.definition ??= {
      total_parts: part.total_parts,
      total_definition_length: part.total_definition_length,
      parts: new Set(),
    };
    m.definition.parts.add(part.part);
    if (m.config.model_size_bytes === 0) {
      m.config.model_size_bytes = part.total_definition_length;
    }
  }

  /** A download that runs now. */
  downloading(id: string): boolean {
    const d = this.#models.get(id)?.download;
    return d !== undefined && this.now() < d.ends_at;
  }

  /** A download that ended in failure. */
  downloadFailed(id: string): boolean {
    const d = this.#models.get(id)?.download;
    return d?.fails === true && this.now() >= d.ends_at;
  }

  /** Whether the model's definition is complete (see the header). */
  fullyDefined(id: string): boolean {
    const m = this.#models.get(id);
    if (!m) {
      return false;
    }
    if (m.download) {
      return !m.download.fails && this.now() >= m.download.ends_at;
    }
    if (m.defined) {
      return true;
    }
    return m.definition?.parts.has(m.definition.total_parts - 1) === true;
  }

  /** Downloads, started or done, in id order. */
  downloadList(): DownloadProgress[] {
    const t = this.now();
    return this.list()
      .filter((m) => m.download !== undefined)
      .map((m) => {
        const d = m.download as Download;
        const span = Math.max(1, d.ends_at - d.started_at);
        const state = t < d.ends_at ? 'downloading' : d.fails ? 'failed' : 'downloaded';
        return {
          model_id: String(m.config.model_id),
          state,
          progress: Math.min(1, (t - d.started_at) / span),
        };
      });
  }

  setAlias(alias: string, modelId: string): void {
    this.#aliases.set(alias, modelId);
  }

  deleteAlias(alias: string): void {
    this.#aliases.delete(alias);
  }

  aliasTarget(alias: string): string | undefined {
    return this.#aliases.get(alias);
  }

  aliasesOf(modelId: string): string[] {
    return [...this.#aliases]
      .filter(([, id]) => id === modelId)
      .map(([alias]) => alias)
      .sort();
  }

  /** The config as GET answers it: `metadata.model_aliases` added, `fully_defined` when asked. */
  configJson(id: string, options: { definitionStatus?: boolean } = {}): Record<string, unknown> | undefined {
    const m = this.#models.get(id);
    if (!m) {
      return undefined;
    }
    const aliases = this.aliasesOf(id);
    const metadata =
      aliases.length > 0
        ? { ...((m.config.metadata as Record<string, unknown> | undefined) ?? {}), model_aliases: aliases }
        : m.config.metadata;
    return reorder(
      { ...m.config, metadata },
      options.definitionStatus === true ? this.fullyDefined(id) : undefined,
    );
  }

  /** Forgets everything (a seed load). */
  clear(): void {
    this.#models.clear();
    this.#aliases.clear();
  }
}

const ORDER = [
  'model_id',
  'model_type',
  'model_package',
  'platform_architecture',
  'created_by',
  'version',
  'create_time',
  'model_size_bytes',
  'estimated_operations',
  'license_level',
  'description',
  'tags',
  'metadata',
  'input',
  'default_field_map',
  'inference_config',
  'location',
  'prefix_strings',
];

function reorder(
  config: Record<string, unknown>,
  fullyDefined: boolean | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ORDER) {
    if (config[key] !== undefined) {
      out[key] = config[key];
    }
  }
  if (fullyDefined !== undefined && config.model_type === 'pytorch') {
    out.fully_defined = fullyDefined;
  }
  return out;
}
