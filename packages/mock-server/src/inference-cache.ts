// The inference cache of one node's process (`cache_size` of a deployment): an LRU of results by
// input, bounded in bytes. Elasticsearch keeps it in the native process of each node, so each
// route has its own, emptied by `POST .../deployment/cache/_clear` and gone with the process.
// The size of an entry is estimated (the input and the result as JSON); docs/inference.md.

/** One node's cache: results by key, least recently used first. */
export class InferenceCache {
  readonly #entries = new Map<string, { value: unknown; bytes: number }>();
  #bytes = 0;

  constructor(readonly capacityBytes: number) {}

  /** The cached result, marked as just used; undefined on a miss. */
  get(key: string): unknown {
    const entry = this.#entries.get(key);
    if (!entry) {
      return undefined;
    }
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value;
  }

  /** Stores a result, evicting the least recently used until it fits; too large: not stored. */
  set(key: string, value: unknown): void {
    const bytes = key.length * 2 + JSON.stringify(value).length;
    if (bytes > this.capacityBytes) {
      return;
    }
    const old = this.#entries.get(key);
    if (old) {
      this.#bytes -= old.bytes;
      this.#entries.delete(key);
    }
    while (this.#bytes + bytes > this.capacityBytes) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) {
        break;
      }
      this.#bytes -= this.#entries.get(oldest.value)?.bytes ?? 0;
      this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, { value, bytes });
    this.#bytes += bytes;
  }

  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }

  get size(): number {
    return this.#entries.size;
  }

  get bytes(): number {
    return this.#bytes;
  }
}

/**
 * The caches of every deployment's routes, keyed by the deployment object and the node; a
 * route's cache is replaced when its process restarts (another start time).
 */
export class InferenceCaches {
  readonly #byDeployment = new WeakMap<object, Map<string, { start: number; cache: InferenceCache }>>();

  /** The cache of a route, made when first needed; undefined when the cache is off (size 0). */
  of(deployment: object, nodeId: string, start: number, capacityBytes: number): InferenceCache | undefined {
    if (capacityBytes <= 0) {
      return undefined;
    }
    let nodes = this.#byDeployment.get(deployment);
    if (!nodes) {
      nodes = new Map();
      this.#byDeployment.set(deployment, nodes);
    }
    const found = nodes.get(nodeId);
    if (found && found.start === start && found.cache.capacityBytes === capacityBytes) {
      return found.cache;
    }
    const cache = new InferenceCache(capacityBytes);
    nodes.set(nodeId, { start, cache });
    return cache;
  }

  /** Empties every cache of a deployment (`cache/_clear`). */
  clear(deployment: object): void {
    for (const { cache } of this.#byDeployment.get(deployment)?.values() ?? []) {
      cache.clear();
    }
  }
}
