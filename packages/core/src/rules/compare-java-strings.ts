// Java's String.compareTo: strings compared by UTF-16 code units, which is how Elasticsearch
// sorts ids (trained models, deployments, node ids) in its answers. `localeCompare` is not that
// order: it puts `_` before `-` and `0`, and ignores case first. See docs/rules.md, "Ordering".

/** `a.compareTo(b)` in Java: negative, zero or positive by UTF-16 code units (`-` < `0` < `A` < `_` < `a`). */
export function compareJavaStrings(a: string, b: string): number {
  // JavaScript's relational operators on strings compare UTF-16 code units, as Java does.
  return a < b ? -1 : a > b ? 1 : 0;
}
