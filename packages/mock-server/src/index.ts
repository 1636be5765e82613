export { type Clock, manualClock, systemClock } from './clock.js';
export { AdvanceBody, SettingsBody } from './control.js';
export type { Deployment } from './deployment.js';
export { type EngineOptions, MockEngine } from './engine.js';
export { FaultBody } from './faults.js';
export { filterPath } from './filter-path.js';
export type { Answer, MockRequest, WireAnswer } from './http.js';
export { type JournalEntry, type JournalFilter, type JournalKind, REDACTED_VALUE } from './journal.js';
export type { LoadsView, LoadView, ScalerEvent } from './load.js';
export {
  LoadBody,
  LoadStep,
  MAX_INFERENCE_TIME_MS,
  MAX_LOAD_RATE,
  MAX_SCHEDULE_AT_MS,
  MAX_SCHEDULE_STEPS,
} from './load-body.js';
export { PIPELINE_ORDER } from './pipeline.js';
export {
  CONTRACT_HEADER,
  type ContractVerdict,
  type ContractViolation,
  type ProxyAuth,
  type ProxyOptions,
} from './proxy.js';
export type { RecordedBefore, RecordedCase } from './recorder.js';
export {
  DEFAULT_SCALER_INTERVAL_MS,
  MAX_NUMBER_OF_ALLOCATIONS_SAFEGUARD,
  SCALE_DOWN_THRESHOLD,
  SCALE_TO_ZERO_AFTER_NO_REQUESTS_MS,
  SCALE_UP_COOLDOWN_MS,
  SCALE_UP_THRESHOLD,
  type ScalerView,
} from './scaler.js';
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
