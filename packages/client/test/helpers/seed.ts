import type { DeploymentFixture } from '@mldeploy/testkit';
import { EXAMPLE_DEPLOYMENT_ID } from '@mldeploy/testkit';

type Seed = Record<string, unknown>;
type SeedDeployment = Record<string, unknown> & { deployment_id: string };

/** A copy of the seed whose example deployment is in the fixture's state ('missing' removes it). */
export function seedWith(seed: Seed, fixture: DeploymentFixture | 'missing'): Seed {
  const copy = structuredClone(seed);
  const deployments = (copy.deployments ?? []) as SeedDeployment[];
  const rest = deployments.filter((d) => d.deployment_id !== EXAMPLE_DEPLOYMENT_ID);
  if (fixture === 'missing') {
    copy.deployments = rest;
    return copy;
  }
  const current = deployments.find((d) => d.deployment_id === EXAMPLE_DEPLOYMENT_ID) ?? {
    deployment_id: EXAMPLE_DEPLOYMENT_ID,
    model_id: EXAMPLE_DEPLOYMENT_ID,
    threads_per_allocation: 1,
    priority: 'normal',
    queue_capacity: 10000,
  };
  const next: SeedDeployment = {
    ...current,
    number_of_allocations: fixture.number_of_allocations,
    state: fixture.assignment_state,
  };
  if (fixture.adaptive_allocations === null) {
    delete next.adaptive_allocations;
  } else {
    next.adaptive_allocations = fixture.adaptive_allocations;
  }
  if (fixture.owned_by_inference_endpoint) {
    next.owned_by_inference_endpoint = true;
  } else {
    delete next.owned_by_inference_endpoint;
  }
  copy.deployments = [...rest, next];
  return copy;
}

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
