// The one seed of the suites' random choices. Every run of the suites makes the same choices, so a
// failure is replayed by running again; E2E_SEED picks other ones (the fuzz script gives each of
// its passes its own, and prints it).

/** E2E_SEED when set, else a fixed seed. */
export const E2E_SEED = Number(process.env.E2E_SEED ?? 20_261_207);

/**
 * fast-check's parameters for `numRuns` runs from {@link E2E_SEED}. A failing property's message
 * names its seed and path (`{ seed: ..., path: ... }`) for fast-check to replay it.
 */
export function seeded(numRuns: number): { numRuns: number; seed: number } {
  return { numRuns, seed: E2E_SEED };
}

/** A small deterministic PRNG (mulberry32): numbers in [0, 1) from a seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
