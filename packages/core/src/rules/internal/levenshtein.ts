/** Lucene's LevenshteinDistance similarity: 1 - distance / max(length). */
export function levenshteinSimilarity(a: string, b: string): number {
  if (a.length === 0 || b.length === 0) {
    return a === b ? 1 : 0;
  }
  let prev = Array.from({ length: a.length + 1 }, (_, i) => i);
  for (let j = 1; j <= b.length; j++) {
    const cur = [j];
    for (let i = 1; i <= a.length; i++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[i] = Math.min((cur[i - 1] ?? 0) + 1, (prev[i] ?? 0) + 1, (prev[i - 1] ?? 0) + cost);
    }
    prev = cur;
  }
  return 1 - (prev[a.length] ?? 0) / Math.max(a.length, b.length);
}

/**
 * Candidates closer than 0.5 to `word`, best first, then by name: the order Elasticsearch uses for
 * "did you mean" in both unknown parameters and unknown body fields.
 */
export function suggestions(word: string, candidates: Iterable<string>): string[] {
  const scored: Array<[number, string]> = [];
  for (const candidate of candidates) {
    const score = levenshteinSimilarity(word, candidate);
    if (score > 0.5) {
      scored.push([score, candidate]);
    }
  }
  scored.sort((x, y) => (x[0] !== y[0] ? y[0] - x[0] : x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0));
  return scored.map(([, name]) => name);
}

/** `[a]` or `any of [a, b]`, as Elasticsearch words a suggestion list. */
export function formatSuggestions(keys: readonly string[]): string {
  return keys.length === 1 ? `[${keys[0]}]` : `any of [${keys.join(', ')}]`;
}
