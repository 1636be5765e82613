export { type Clock, manualClock, systemClock } from './clock.js';
export type { Deployment } from './cluster.js';
export { AdvanceBody, SettingsBody } from './control.js';
export { type EngineOptions, MockEngine } from './engine.js';
export { FaultBody } from './faults.js';
export { filterPath } from './filter-path.js';
export type { Answer, MockRequest, WireAnswer } from './http.js';
export { type JournalEntry, type JournalFilter, type JournalKind, REDACTED_VALUE } from './journal.js';
export { PIPELINE_ORDER } from './pipeline.js';
export {
  CONTRACT_HEADER,
  type ContractVerdict,
  type ContractViolation,
  type ProxyAuth,
  type ProxyOptions,
} from './proxy.js';
export type { RecordedBefore, RecordedCase } from './recorder.js';
export { ROLE_PRIVILEGES } from './security.js';
export {
  defaultSeed,
  loadSeed,
  SEED_DEFAULTS,
  SeedAdaptiveAllocations,
  SeedApiKey,
  SeedCluster,
  SeedDeployment,
  type SeedDocument,
  SeedDocumentSchema,
  SeedError,
  type SeedInput,
  SeedModel,
  SeedNode,
  SeedRoute,
  SeedSecurity,
  SeedUser,
  seedSchema,
} from './seed.js';
export { type MockServer, type MockServerOptions, startMockServer } from './server.js';
