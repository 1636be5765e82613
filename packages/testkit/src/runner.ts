// The case runner: replays contract cases against any server over HTTP and compares its answers
// with the cases' expectations. Plain `fetch`, no vitest and no Node-only module, so it runs in any
// script, in the CLI's `mldeploy verify`, or in a browser. The format it reads is docs/verify.md's.
// This module runs the cases in order; its parts, one job each: classify-case.ts (safe or
// stateful), skip-reason.ts (the replay-safety decision), prepare-case.ts (the request sent),
// run-one.ts and judge-answer.ts (sending one case, judging its answer), given-deployment.ts (the
// deployment given up for the run: its before states and its restore), send-request.ts (HTTP).
import type { CaseResult } from './case-result.js';
import { BY_INFERENCE_ID, classifyCase, endpointOf, generateMissingId } from './classify-case.js';
import type { ContractCase } from './contract-case.js';
import { casePath } from './endpoints.js';
import { GivenDeployment } from './given-deployment.js';
import type { Context, PathOf, Target } from './run-context.js';
import { runOne, skippedResult } from './run-one.js';
import type { RunCasesOptions } from './run-options.js';
import { sendRequest } from './send-request.js';
import { skipReason } from './skip-reason.js';

export type { CaseKind, CaseResult, Observation } from './case-result.js';
export { classifyCase, generateMissingId } from './classify-case.js';
export { DeploymentUnavailableError } from './deployment-unavailable-error.js';
export type { DeploymentStartSettings, RestoreReport, RunCasesOptions } from './run-options.js';

/**
 * Runs the cases and returns one result per case run, in order: the safe cases always (against a
 * deployment id that cannot exist), the stateful ones only with `deploymentId`.
 */
export async function runCases(
  cases: readonly ContractCase[],
  options: RunCasesOptions,
): Promise<CaseResult[]> {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const pathFor = options.pathFor ?? casePath;
  const updatePath = options.updatePath;
  const pathOf: PathOf = (endpoint, params) =>
    endpoint === 'update' && updatePath !== undefined
      ? updatePath(params.model_id as string)
      : pathFor(endpoint, params);
  const missingId = options.missingId ?? generateMissingId();
  const send = sendRequest(doFetch, options.baseUrl, options.headers);
  const ctx: Context = { send, pathOf, validate: options.validateResponse };

  const results: CaseResult[] = [];
  const report = (result: CaseResult) => {
    results.push(result);
    options.onResult?.(result);
  };
  const deploymentId = options.deploymentId;
  const stateful = cases.filter((c) => classifyCase(c) === 'stateful');
  const deployment = deploymentId === undefined ? undefined : new GivenDeployment(deploymentId, ctx);
  // The given deployment is read first, so a wrong id or missing privilege stops the run before
  // anything is sent that could change it.
  const original = deployment !== undefined && stateful.length > 0 ? await deployment.read() : undefined;
  if (original !== undefined) {
    options.onOriginal?.({
      number_of_allocations: original.number_of_allocations,
      adaptive_allocations: original.adaptive_allocations,
    });
  }
  const missing: Target = { deploymentId: missingId, modelId: missingId };
  for (const c of cases) {
    if (options.signal?.aborted) {
      return results;
    }
    if (classifyCase(c) === 'safe') {
      report(await runOne(c, 'safe', missing, ctx));
    }
  }
  if (deployment === undefined || original === undefined) {
    return results;
  }
  const target: Target = { deploymentId: deployment.id, modelId: original.start.model_id };
  try {
    for (const c of stateful) {
      if (options.signal?.aborted) {
        break;
      }
      const skip = skipReason(c);
      if (skip !== undefined) {
        // Never sent: shown with the ids it was recorded with where they name no deployment.
        const own = c.given.params?.inference_id;
        const shown =
          BY_INFERENCE_ID.has(endpointOf(c)) && own !== undefined
            ? { deploymentId: own, modelId: own }
            : target;
        report(skippedResult(c, shown, ctx, skip));
        continue;
      }
      const unreachable = await deployment.reach(c, original);
      if (unreachable !== undefined) {
        report(skippedResult(c, target, ctx, unreachable));
        continue;
      }
      report(await runOne(c, 'stateful', target, ctx));
    }
  } finally {
    options.onRestore?.(await deployment.restore(original));
  }
  return results;
}
