export type { Deployment } from './cluster.js';
export { filterPath } from './filter-path.js';
export { ROLE_PRIVILEGES } from './security.js';
export {
  defaultSeed,
  loadSeed,
  type SeedAdaptiveAllocations,
  type SeedApiKey,
  type SeedDeployment,
  type SeedDocument,
  SeedError,
  type SeedModel,
  type SeedNode,
  type SeedRoute,
  type SeedUser,
  seedSchema,
} from './seed.js';
export { type MockServer, type MockServerOptions, startMockServer } from './server.js';
