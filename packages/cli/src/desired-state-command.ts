import { CliFailure, offlineFailure } from './cli-failure.js';
import { connect, type MlClient } from './client-factory.js';
import type { CommandContext } from './command-context.js';
import type { DIFF_FLAGS } from './command-specs.js';
import { deploymentStatsOf } from './deployment-rows.js';
import { type DesiredPlan, planDesiredState } from './desired-plan.js';
import { type DesiredStateFile, readDesiredStateFile } from './desired-state-file.js';
import { EXIT } from './exit-codes.js';
import { positionals } from './parse-args.js';
import { renderTable } from './table.js';
import { UsageError } from './usage-error.js';

/**
 * The shared first half of `diff` and `apply`: reads and checks `-f FILE` (nothing is sent for a
 * bad file), reads every deployment's stats, and plans. An id with no deployment, or a change
 * Elasticsearch would refuse in the current state, stops here with exit 2: nothing was sent.
 */
export async function loadPlan(
  ctx: CommandContext<typeof DIFF_FLAGS>,
): Promise<{ file: DesiredStateFile; plan: DesiredPlan; client: MlClient }> {
  positionals(ctx.spec, ctx.args, 0, 0);
  const path = ctx.flags.file;
  if (path === undefined) {
    throw new UsageError(`missing --file`, `usage: mldeploy ${ctx.spec.name} -f deployments.yaml`);
  }
  const file = await readDesiredStateFile(path);
  const { client } = await connect(ctx);
  const current = deploymentStatsOf(await client.getDeploymentStats(undefined, signalOption(ctx)));
  const { plan, problems } = planDesiredState(file.state, current);
  const [problem] = problems;
  if (problem) {
    const id = file.state.deployments[problem.index]?.id;
    const failure = await offlineFailure(problem.error, id);
    const others = problems.length - 1;
    throw new CliFailure(
      {
        ...failure.error,
        reason: `${file.where(['deployments', problem.index, 'id'])}: ${failure.error.reason}`,
        hint:
          problem.error.code === 'DEPLOYMENT_NOT_FOUND'
            ? `list deployments with: mldeploy status${others ? ` (and ${others} more problem${others === 1 ? '' : 's'} in the file)` : ''}`
            : failure.error.hint,
      },
      EXIT.USAGE,
      true,
    );
  }
  return { file, plan, client };
}

/** `{ signal }` when the command can be aborted (Ctrl-C). */
export function signalOption(ctx: CommandContext): { signal?: AbortSignal } {
  return ctx.io.signal ? { signal: ctx.io.signal } : {};
}

const show = (v: number | boolean | null): string => (v === null ? '-' : String(v));

/** The plan as a table for people: one row per changed field. */
export function planTable(ctx: CommandContext, plan: DesiredPlan): string {
  const c = ctx.out.colors;
  return renderTable(
    ['DEPLOYMENT', 'FIELD', 'FROM', 'TO'],
    plan.changes.map((ch) => [ch.id, ch.field, c.red(show(ch.from)), c.green(show(ch.to))]),
    c.bold,
  );
}

/** `no changes: 2 deployments in sync`. */
export function inSyncLine(plan: DesiredPlan): string {
  const n = plan.inSync.length;
  return `${n} deployment${n === 1 ? '' : 's'} in sync`;
}
