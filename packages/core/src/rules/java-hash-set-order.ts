// The iteration order of a java.util.HashSet of strings, which Elasticsearch prints in some
// messages (`Set.toString()`): entries by bucket, a bucket being the spread hash modulo the
// table size, and in insertion order within a bucket. See docs/rules.md, "Ordering".

/** Java's `String.hashCode()` (UTF-16 code units, 32-bit wrap-around). */
export function javaStringHashCode(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) {
    h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  }
  return h;
}

/**
 * The order a `HashSet` built by adding `values` in turn iterates them. `initialCapacity` is the
 * table size the set starts with (16 by default); the table doubles past `loadFactor × size`, which
 * keeps insertion order within a bucket as Java's resize does.
 */
export function javaHashSetOrder(
  values: Iterable<string>,
  initialCapacity = 16,
  loadFactor = 0.75,
): string[] {
  const unique: string[] = [];
  for (const v of values) {
    if (!unique.includes(v)) {
      unique.push(v);
    }
  }
  let table = 1;
  while (table < initialCapacity) {
    table *= 2;
  }
  while (unique.length > table * loadFactor) {
    table *= 2;
  }
  const bucketOf = (s: string) => {
    const h = javaStringHashCode(s);
    return (h ^ (h >>> 16)) & (table - 1);
  };
  return unique
    .map((value, index) => ({ value, index, bucket: bucketOf(value) }))
    .sort((a, b) => a.bucket - b.bucket || a.index - b.index)
    .map((e) => e.value);
}

/** `AbstractCollection.toString()`: `[a, b]`. */
export function javaCollectionString(values: readonly string[]): string {
  return `[${values.join(', ')}]`;
}
