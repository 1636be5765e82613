// Running one case: its request sent to the ids it targets, the answer judged against what the case
// expects; or, for a case that is not sent, the result that says why.
import type { CaseKind, CaseResult, Observation } from './case-result.js';
import { endpointOf } from './classify-case.js';
import type { ContractCase } from './contract-case.js';
import { compare, observe } from './judge-answer.js';
import { prepareCase } from './prepare-case.js';
import type { Context, Target } from './run-context.js';
import { describeAnswer } from './send-request.js';

/** Sends one case to `target` and compares the answer with the case's expectation. */
export async function runOne(
  c: ContractCase,
  kind: CaseKind,
  target: Target,
  ctx: Context,
): Promise<CaseResult> {
  const { request, expected, creates } = prepareCase(c, target, ctx);
  const base = { name: c.name, kind, request, expected };
  const other = kind === 'stateful' ? creates?.find((id) => id !== target.deploymentId) : undefined;
  if (other !== undefined) {
    // Never start a deployment the run was not given (a safe case's model does not exist).
    return {
      ...base,
      passed: false,
      mismatches: [`not sent: the _start could create deployment [${other}], not [${target.deploymentId}]`],
    };
  }
  const answer = await ctx.send(request.method, request.path, request.body);
  const actual = observe(answer, expected);
  if (expected.after?.assignment_state !== undefined) {
    actual.after = { ...actual.after, assignment_state: await stateAfter(target.deploymentId, ctx) };
  }
  if (expected.schema !== undefined && answer.status >= 200 && answer.status < 300) {
    actual.schema =
      answer.json === undefined
        ? 'a body that is not JSON'
        : (ctx.validate?.(endpointOf(c), answer.json) ?? 'valid');
  }
  const mismatches = compare(expected, actual, endpointOf(c));
  return { ...base, passed: mismatches.length === 0, actual, mismatches };
}

/** The deployment's state as `_stats` shows it: its assignment state, or `stopped` when it is not listed. */
async function stateAfter(deploymentId: string, ctx: Context): Promise<string> {
  const answer = await ctx.send('GET', ctx.pathOf('stats', { model_id: deploymentId }), undefined);
  if (answer.status === 404) {
    return 'stopped';
  }
  if (answer.status !== 200) {
    return `unknown (${describeAnswer(answer)})`;
  }
  for (const entry of answer.json?.trained_model_stats ?? []) {
    const d = entry?.deployment_stats;
    if (d?.deployment_id === deploymentId && typeof d.state === 'string') {
      return d.state;
    }
  }
  return 'stopped';
}

/** The result of a stateful case that was not sent: skipped with the reason, or failed with why. */
export function skippedResult(
  c: ContractCase,
  target: Target,
  ctx: Context,
  why: { skip: string } | { fail: string; actual?: Observation },
): CaseResult {
  const { request, expected } = prepareCase(c, target, ctx);
  const base = { name: c.name, kind: 'stateful' as const, passed: false, request, expected };
  if ('skip' in why) {
    return { ...base, skipped: why.skip, mismatches: [] };
  }
  return { ...base, ...(why.actual ? { actual: why.actual } : {}), mismatches: [why.fail] };
}
