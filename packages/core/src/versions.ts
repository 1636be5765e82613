/** Elasticsearch versions where features of these APIs appeared (docs/rules.md, "Versions"). */
export const FEATURE_VERSIONS = {
  /** The `_update` API (ES #90728). */
  updateDeployment: '8.6.0',
  /** `number_of_allocations` as a query parameter of `_update` (ES #108868). */
  updateQueryParameter: '8.15.0',
  /** `adaptive_allocations` in start and update (ES #109667). */
  adaptiveAllocations: '8.15.0',
  /** `min_number_of_allocations: 0`, scale to zero (ES #113455). */
  scaleToZero: '8.16.0',
  /** 409 for deployments created by inference endpoints (ES #130940). */
  inferenceEndpointCheck: '8.19.0',
} as const;

/** Compares two `major.minor.patch` versions; ignores suffixes such as `-SNAPSHOT`. */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) =>
    v
      .split(/[-+]/)[0]
      ?.split('.')
      .map((x) => Number.parseInt(x, 10) || 0) ?? [];
  const pa = parse(a);
  const pb = parse(b);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) {
      return d;
    }
  }
  return 0;
}

/** True when a server of `version` has `feature`. */
export function supports(version: string, feature: keyof typeof FEATURE_VERSIONS): boolean {
  return compareVersions(version, FEATURE_VERSIONS[feature]) >= 0;
}
