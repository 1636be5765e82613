// `seedWith` lives in `@mldeploy/mock-server/testing`.
type Seed = Record<string, unknown>;

/** An API key of {@link securedSeed}. */
export const TEST_API_KEY = { id: 'VuaCfGcBCdbkQm-e5aOx', api_key: 'ui2lp2axTNmsyakw9tvNnw' };
/** A user of {@link securedSeed} with the privileges the client needs. */
export const TEST_USER = { username: 'ml-admin', password: 'ml-admin-password' };

/** A copy of the seed with security on, one user and one API key. */
export function securedSeed(seed: Seed): Seed {
  const copy = structuredClone(seed);
  copy.security = {
    enabled: true,
    users: [{ ...TEST_USER, roles: ['superuser'] }],
    api_keys: [{ ...TEST_API_KEY, roles: ['superuser'] }],
  };
  return copy;
}

/** A copy of the seed claiming another Elasticsearch version. */
export function seedWithVersion(seed: Seed, version: string): Seed {
  const copy = structuredClone(seed);
  copy.cluster = { ...(copy.cluster as object), version };
  return copy;
}

/** A copy of the seed whose changes take `ms` to converge. */
export function seedWithConverge(seed: Seed, ms: number): Seed {
  const copy = structuredClone(seed);
  copy.cluster = { ...(copy.cluster as object), converge_ms: ms };
  return copy;
}
