export {
  type ContractCase,
  DEFAULT_FIXTURE,
  type DeploymentFixture,
  EXAMPLE_DEPLOYMENT_ID,
} from './contract-case.js';
export { officialUpdateRequestExample, officialUpdateResponseExamples } from './examples.js';
export { updateDeploymentCases } from './update-deployment-cases.js';
