export { parseCaseFile } from './case-file.js';
export {
  type ContractCase,
  DEFAULT_FIXTURE,
  type DeploymentFixture,
  EXAMPLE_DEPLOYMENT_ID,
} from './contract-case.js';
export { officialUpdateRequestExample, officialUpdateResponseExamples } from './examples.js';
export {
  type CaseKind,
  type CaseResult,
  classifyCase,
  DeploymentUnavailableError,
  generateMissingId,
  type Observation,
  type RestoreReport,
  type RunCasesOptions,
  runCases,
} from './runner.js';
export { updateDeploymentCases, updateDeploymentPath } from './update-deployment-cases.js';
