import type { ContractCase } from './contract-case.js';
import { inferenceCases } from './inference-cases.js';
import { updateDeploymentCases } from './update-deployment-cases.js';

/** The cases `mldeploy verify` replays by default: `_update`'s, then inference's (docs/verify.md). */
export const verifyCases: ContractCase[] = [...updateDeploymentCases, ...inferenceCases];
