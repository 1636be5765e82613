import type { TrainedModelAssignment } from '@mldeploy/core';
import { CliFailure } from './cli-failure.js';
import type { MlClient } from './client-factory.js';
import type { CommandContext } from './command-context.js';
import { formatDuration } from './duration.js';
import { EXIT } from './exit-codes.js';
import { type ProgressReport, ProgressView } from './progress-view.js';

const WAIT_INTERVAL_MS = 500;

/**
 * The poll interval of `--wait`. The project's tests shorten it with `MLDEPLOY_WAIT_INTERVAL_MS`
 * while they step the mock's simulated clock; it is not a user setting and is not documented as one.
 */
function waitInterval(env: Record<string, string | undefined>): number {
  const text = env.MLDEPLOY_WAIT_INTERVAL_MS;
  const ms = text === undefined ? Number.NaN : Number(text);
  return Number.isInteger(ms) && ms > 0 ? ms : WAIT_INTERVAL_MS;
}

/** Where a waited-for deployment got to, as `--json` reports it. */
export interface WaitResult {
  state: string;
  allocation_count: number;
  target_allocation_count: number;
  elapsed_ms: number;
  nodes: Array<{
    node_id: string;
    node_name: string | null;
    routing_state: string;
    current_allocations: number;
    target_allocations: number | null;
  }>;
}

/**
 * `--wait` for `update` and `apply`: polls until the deployment is fully allocated, shows per-node
 * progress (current vs the targets of the `_update` answer), and stops at the CLI's own deadline
 * `deadlineAt` (epoch ms) with a timeout failure (exit 3; the update itself was applied).
 */
export async function waitForFullAllocation(
  ctx: CommandContext,
  client: MlClient,
  id: string,
  assignment: TrainedModelAssignment,
  deadlineAt: number,
  timeoutMs: number,
): Promise<WaitResult> {
  const view = new ProgressView(ctx.out, id);
  const started = Date.now();
  const target = assignment.task_parameters.number_of_allocations;
  await waitWithDeadline(ctx, Math.max(0, deadlineAt - started), (signal) =>
    client.waitForAllocations(id, {
      // The deadline is the CLI's own (an abort), so a late poll cannot outlive --timeout.
      timeout: timeoutMs + 60_000,
      intervalMs: waitInterval(ctx.env),
      until: 'fully_allocated',
      assignment,
      onProgress: (p) => view.update(p),
      signal,
    }),
  ).catch((e: unknown) => {
    if (e instanceof DeadlineReached) {
      throw timeoutFailure(id, timeoutMs, view.last);
    }
    throw e;
  });
  const last = view.last;
  return {
    state: last?.state ?? 'fully_allocated',
    allocation_count: last?.allocationCount ?? target,
    target_allocation_count: last?.targetAllocationCount ?? target,
    elapsed_ms: Date.now() - started,
    nodes: (last?.nodes ?? []).map((n) => ({
      node_id: n.nodeId,
      node_name: n.nodeName ?? null,
      routing_state: n.routingState,
      current_allocations: n.currentAllocations,
      target_allocations: n.targetAllocations ?? null,
    })),
  };
}

/** The reason the CLI's own --wait deadline aborts with. */
class DeadlineReached extends Error {}

/**
 * Runs `wait` with a signal that aborts at the deadline (or on Ctrl-C); a deadline abort surfaces as
 * {@link DeadlineReached}, whatever error the aborted poll or sleep threw.
 */
async function waitWithDeadline<T>(
  ctx: CommandContext,
  timeoutMs: number,
  wait: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new DeadlineReached()), timeoutMs);
  const signal = ctx.io.signal ? AbortSignal.any([ctx.io.signal, deadline.signal]) : deadline.signal;
  try {
    return await wait(signal);
  } catch (e) {
    throw deadline.signal.aborted && !ctx.io.signal?.aborted ? deadline.signal.reason : e;
  } finally {
    clearTimeout(timer);
  }
}

/** A --wait timeout: exit 3, with where the deployment got to. */
function timeoutFailure(id: string, timeoutMs: number, last: ProgressReport | undefined): CliFailure {
  const where = last
    ? `; it is ${last.state} with ${last.allocationCount}/${last.targetAllocationCount} allocations`
    : '';
  return new CliFailure(
    {
      code: 'TIMEOUT',
      status: 0,
      type: 'timeout_error',
      reason: `timed out after ${formatDuration(timeoutMs)} waiting for [${id}] to be fully allocated${where}`,
      hint: `the update was applied and is still converging: check it with mldeploy status ${id}, or wait longer with --timeout`,
    },
    EXIT.UNREACHABLE,
  );
}
