let rowA = new Int32Array(64);
let rowB = new Int32Array(64);

/** Lucene's LevenshteinDistance similarity: 1 - distance / max(length). */
export function levenshteinSimilarity(a: string, b: string): number {
  if (a.length === 0 || b.length === 0) {
    return a === b ? 1 : 0;
  }
  if (a.length + 1 > rowA.length) {
    rowA = new Int32Array(a.length + 1);
    rowB = new Int32Array(a.length + 1);
  }
  let prev = rowA;
  let cur = rowB;
  for (let i = 0; i <= a.length; i++) {
    prev[i] = i;
  }
  for (let j = 1; j <= b.length; j++) {
    cur[0] = j;
    const cj = b.charCodeAt(j - 1);
    for (let i = 1; i <= a.length; i++) {
      const cost = a.charCodeAt(i - 1) === cj ? 0 : 1;
      cur[i] = Math.min((cur[i - 1] as number) + 1, (prev[i] as number) + 1, (prev[i - 1] as number) + cost);
    }
    const swap = prev;
    prev = cur;
    cur = swap;
  }
  return 1 - (prev[a.length] as number) / Math.max(a.length, b.length);
}

/**
 * Candidates closer than 0.5 to `word`, best first, then by name: the order Elasticsearch uses for
 * "did you mean" in both unknown parameters and unknown body fields.
 */
export function suggestions(word: string, candidates: Iterable<string>): string[] {
  const scored: Array<[number, string]> = [];
  for (const candidate of candidates) {
    // A length gap of half the longer word already keeps the similarity at or below 0.5.
    if (Math.abs(word.length - candidate.length) * 2 >= Math.max(word.length, candidate.length)) {
      continue;
    }
    const score = levenshteinSimilarity(word, candidate);
    if (score > 0.5) {
      scored.push([score, candidate]);
    }
  }
  scored.sort((x, y) => (x[0] !== y[0] ? y[0] - x[0] : x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0));
  return scored.map(([, name]) => name);
}
