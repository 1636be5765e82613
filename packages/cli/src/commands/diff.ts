import type { CommandContext } from '../command-context.js';
import type { DIFF_FLAGS } from '../command-specs.js';
import { countLine } from '../desired-plan.js';
import { inSyncLine, loadPlan, planTable } from '../desired-state-command.js';
import { EXIT } from '../exit-codes.js';

/**
 * `mldeploy diff -f FILE`: what `apply` would change, field by field; sends nothing. Exit 0 whether
 * or not there are changes (`--json` lists them; an empty list means in sync).
 */
export default async function diff(ctx: CommandContext<typeof DIFF_FLAGS>): Promise<number> {
  const { plan } = await loadPlan(ctx);
  ctx.out.result({ changes: plan.changes }, () =>
    plan.changes.length === 0
      ? `no changes: ${inSyncLine(plan)}`
      : `${planTable(ctx, plan)}\n\n${countLine(plan)}${plan.inSync.length ? `; ${inSyncLine(plan)}` : ''}`,
  );
  return EXIT.OK;
}
