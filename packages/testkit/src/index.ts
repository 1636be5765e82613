export { parseCaseFile } from './case-file.js';
export { clearDeploymentCacheCases } from './clear-deployment-cache-cases.js';
export {
  type ContractCase,
  DEFAULT_FIXTURE,
  type DeploymentFixture,
  type DeploymentStateAfter,
  EXAMPLE_DEPLOYMENT_ID,
  type UpdateDeploymentCase,
} from './contract-case.js';
export {
  CASE_ENDPOINT_EFFECTS,
  CASE_ENDPOINT_NAMES,
  CASE_ENDPOINTS,
  type CaseEndpoint,
  casePath,
  isCaseEndpoint,
  pathParamsOf,
  replayRefusal,
} from './endpoints.js';
export { officialUpdateRequestExample, officialUpdateResponseExamples } from './examples.js';
export { inferenceCases } from './inference-cases.js';
export { modelLifecycleCases } from './model-lifecycle-cases.js';
export {
  type CaseKind,
  type CaseResult,
  classifyCase,
  type DeploymentStartSettings,
  DeploymentUnavailableError,
  generateMissingId,
  type Observation,
  type RestoreReport,
  type RunCasesOptions,
  runCases,
} from './runner.js';
export { updateDeploymentCases, updateDeploymentPath } from './update-deployment-cases.js';
export { verifyCases } from './verify-cases.js';
