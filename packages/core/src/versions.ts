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
  /** `PUT _inference/{task_type}/{inference_id}/_update` [inferred: 8.16, from the API's history]. */
  inferenceUpdate: '8.16.0',
  /**
   * The cluster setting `xpack.ml.trained_models.adaptive_allocations.scale_to_zero_time`, 24 h by
   * default (ES #128914; before it, a fixed 15 minutes) [inferred: not in 8.19].
   */
  scaleToZeroSetting: '9.1.0',
  /** GET trained models no longer reads `include_model_definition` [inferred: from the 9.0 clients]. */
  includeModelDefinitionRemoved: '9.0.0',
} as const;

/** The newest Elasticsearch version mldeploy was checked against: what the mock reports by default. */
export const CURRENT_ES_VERSION = '9.4.0';

/** What `GET /` reports besides the number, by version (docs/versions.md). */
export interface ServerFacts {
  lucene_version: string;
  minimum_wire_compatibility_version: string;
  minimum_index_compatibility_version: string;
}

/**
 * `GET /`'s compatibility fields for a version: a major reads indices of the major before and
 * talks to the last minor of it. Lucene versions by minor [inferred for minors not listed].
 */
export function serverFacts(version: string): ServerFacts {
  const major = Number.parseInt(version, 10);
  if (major >= 9) {
    return {
      lucene_version: compareVersions(version, '9.1.0') >= 0 ? '10.2.2' : '10.1.0',
      minimum_wire_compatibility_version: '8.19.0',
      minimum_index_compatibility_version: '8.0.0',
    };
  }
  return {
    lucene_version: compareVersions(version, '8.16.0') >= 0 ? '9.12.0' : '9.10.0',
    minimum_wire_compatibility_version: '7.17.0',
    minimum_index_compatibility_version: '7.0.0',
  };
}

/** Parsed versions, by text: a server's version is compared on every request. Bounded. */
const parsedVersions = new Map<string, readonly number[]>();

function parseVersion(v: string): readonly number[] {
  let parsed = parsedVersions.get(v);
  if (parsed === undefined) {
    parsed =
      v
        .split(/[-+]/)[0]
        ?.split('.')
        .map((x) => Number.parseInt(x, 10) || 0) ?? [];
    if (parsedVersions.size >= 64) {
      parsedVersions.clear();
    }
    parsedVersions.set(v, parsed);
  }
  return parsed;
}

/** Compares two `major.minor.patch` versions; ignores suffixes such as `-SNAPSHOT`. */
export function compareVersions(a: string, b: string): number {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
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
