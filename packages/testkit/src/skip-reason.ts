// The replay-safety decision: which stateful cases are never sent to the deployment a user gives up
// for the run, and why. Deny by default (docs/verify.md).
import { endpointOf } from './classify-case.js';
import type { ContractCase } from './contract-case.js';
import { replayRefusal } from './endpoints.js';

/** Stateful cases no deployment given up for the run can reproduce, with the reason. */
export function skipReason(c: ContractCase): { skip: string } | undefined {
  if (c.want.status === 429) {
    // "Not enough resources" depends on the cluster's size and autoscaling, not on the rules:
    // a cluster that can scale would accept the request and grow.
    return { skip: "the answer depends on the cluster's free capacity and autoscaling" };
  }
  if (c.want.status === 408) {
    return { skip: 'the answer depends on how long the cluster takes to start the deployment' };
  }
  if (c.want.code === 'DEPLOYMENT_IN_USE') {
    return { skip: 'needs a deployment that ingest pipelines use' };
  }
  // Deny by default: only an endpoint the table marks as replayable touches the given deployment.
  const refusal = replayRefusal(endpointOf(c));
  if (refusal !== undefined) {
    return { skip: `${refusal}; verify changes nothing but the deployment given with --deployment` };
  }
  return undefined;
}
