import type { UpdateDeploymentInput } from '@mldeploy/client';
import type { TrainedModelAssignment } from '@mldeploy/core';
import { type WaitResult, waitForFullAllocation } from '../allocation-wait.js';
import { assignmentOf } from '../assignment-summary.js';
import { CliFailure, toFailure } from '../cli-failure.js';
import type { CommandContext } from '../command-context.js';
import type { APPLY_FLAGS } from '../command-specs.js';
import { countLine } from '../desired-plan.js';
import { inSyncLine, loadPlan, planTable, signalOption } from '../desired-state-command.js';
import { formatDuration, parseDuration } from '../duration.js';
import { EXIT } from '../exit-codes.js';
import { UsageError } from '../usage-error.js';

const DEFAULT_WAIT = '5m';

/**
 * `mldeploy apply -f FILE`: plans as `diff` does, shows the plan, asks for confirmation on a
 * terminal (`--yes` skips it; without a terminal and without `--yes` it refuses before connecting),
 * then sends one `_update` per changed deployment, in file order, and with `--wait` waits until each
 * is fully allocated. Deployments not in the file are left alone.
 */
export default async function apply(ctx: CommandContext<typeof APPLY_FLAGS>): Promise<number> {
  const { yes, wait } = ctx.flags;
  const timeoutMs = parseDuration(ctx.flags.timeout ?? DEFAULT_WAIT);
  const stdin = ctx.io.stdin as (AsyncIterable<string | Uint8Array> & { isTTY?: boolean }) | undefined;
  const interactive = !ctx.out.json && stdin?.isTTY === true;
  if (!yes && !interactive) {
    throw new UsageError(
      'apply needs a confirmation: run it on a terminal, or add --yes',
      `see the changes first with: mldeploy diff -f ${ctx.flags.file ?? 'FILE'}`,
    );
  }

  const { plan, client } = await loadPlan(ctx);
  if (plan.changes.length === 0) {
    ctx.out.result({ changes: [], applied: [] }, () => `no changes: ${inSyncLine(plan)}`);
    return EXIT.OK;
  }
  if (!ctx.out.json) {
    ctx.out.line(`${planTable(ctx, plan)}\n`);
  }
  if (!yes && stdin && !(await confirm(ctx, stdin, `apply ${countLine(plan)}? [y/N] `))) {
    throw new UsageError('apply cancelled; nothing was sent');
  }

  const applied: Array<{ id: string; assignment: TrainedModelAssignment }> = [];
  for (const update of plan.updates) {
    ctx.hintContext.deploymentId = update.id;
    try {
      const answer = await client.updateDeployment(
        update.id,
        update.body as UpdateDeploymentInput,
        signalOption(ctx),
      );
      applied.push({ id: update.id, assignment: assignmentOf(answer) });
    } catch (e) {
      throw await partialFailure(
        e,
        ctx,
        applied.map((a) => a.id),
        plan.updates.slice(applied.length + 1).map((u) => u.id),
      );
    }
    ctx.out.note(`${ctx.out.errColors.green('✓')} updated ${update.id}\n`);
  }

  const waited: Array<{ id: string } & WaitResult> = [];
  if (wait) {
    const deadlineAt = Date.now() + timeoutMs;
    for (const { id, assignment } of applied) {
      ctx.hintContext.deploymentId = id;
      waited.push({
        id,
        ...(await waitForFullAllocation(ctx, client, id, assignment, deadlineAt, timeoutMs)),
      });
    }
  }
  ctx.out.result(
    { changes: plan.changes, applied: applied.map((a) => a.id), ...(wait ? { wait: waited } : {}) },
    () =>
      [
        `${ctx.out.colors.green('✓')} applied ${countLine(plan)}${plan.inSync.length ? `; ${inSyncLine(plan)}` : ''}`,
        ...waited.map(
          (w) =>
            `${ctx.out.colors.green('✓')} ${w.id}: ${w.allocation_count}/${w.target_allocation_count} allocations, ${w.state} (after ${formatDuration(w.elapsed_ms)})`,
        ),
      ].join('\n'),
  );
  return EXIT.OK;
}

/** Asks on stderr and reads one line; only `y` or `yes` confirm. */
async function confirm(
  ctx: CommandContext,
  stdin: AsyncIterable<string | Uint8Array>,
  question: string,
): Promise<boolean> {
  ctx.out.note(question);
  let answer = '';
  for await (const chunk of stdin) {
    answer += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (answer.includes('\n')) {
      break;
    }
  }
  return /^\s*y(es)?\s*$/i.test(answer.split('\n')[0] ?? '');
}

/** A failed update part-way: Elasticsearch's error, and which deployments were and were not updated. */
async function partialFailure(
  e: unknown,
  ctx: CommandContext,
  done: string[],
  left: string[],
): Promise<CliFailure> {
  const failure = await toFailure(e, ctx.hintContext);
  const state = [
    done.length ? `updated before the failure: ${done.join(', ')}` : 'nothing was updated',
    ...(left.length ? [`not sent: ${left.join(', ')}`] : []),
  ].join('; ');
  return new CliFailure(
    { ...failure.error, hint: failure.error.hint ? `${failure.error.hint} (${state})` : state },
    failure.exitCode,
    failure.offline,
  );
}
