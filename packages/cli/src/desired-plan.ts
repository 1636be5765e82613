import { fixedAllocations, prepareUpdate } from '@mldeploy/client/view';
import type { DeploymentStats, DesiredDeployment, DesiredState } from '@mldeploy/core';
import {
  type AdaptiveSettings,
  adaptiveSettingsFromJson,
  type DeploymentSnapshot,
  type EsError,
  errors,
} from '@mldeploy/core/rules';

/** The fields a change can be about. */
export type ChangeField =
  | 'number_of_allocations'
  | 'adaptive_allocations.enabled'
  | 'adaptive_allocations.min_number_of_allocations'
  | 'adaptive_allocations.max_number_of_allocations';

/**
 * One difference between the file and the cluster, as `diff --json` lists it: deployment `id`,
 * `field`, its current value `from` and the file's value `to`; `null` means "not set" (no adaptive
 * bound, or no adaptive settings at all).
 */
export interface Change {
  id: string;
  field: ChangeField;
  from: number | boolean | null;
  to: number | boolean | null;
}

/** The `_update` body that makes one deployment as the file says. */
export interface DeploymentUpdate {
  id: string;
  /** The entry's index in the file's `deployments`. */
  index: number;
  body: {
    number_of_allocations?: number;
    adaptive_allocations?: {
      enabled: boolean;
      min_number_of_allocations?: number | null;
      max_number_of_allocations?: number | null;
    };
  };
}

/** What `diff` shows and `apply` sends. */
export interface DesiredPlan {
  changes: Change[];
  updates: DeploymentUpdate[];
  /** Ids of the file that already match. */
  inSync: string[];
}

/** A problem that stops the plan before anything is sent: the file entry and Elasticsearch's error. */
export interface PlanProblem {
  index: number;
  error: EsError;
}

/** What the server knows of a deployment, as `planUpdate` wants it, from its stats. */
export function snapshotOf(stats: DeploymentStats): DeploymentSnapshot {
  return {
    number_of_allocations:
      stats.number_of_allocations ?? stats.allocation_status?.target_allocation_count ?? 0,
    adaptive_allocations: adaptiveSettingsFromJson(stats.adaptive_allocations),
    assignment_state: stats.state ?? 'started',
  };
}

const bound = (v: number | undefined): number | null => (v === undefined || v === -1 ? null : v);

/**
 * The plan for one file against the current deployments: per entry, the fields that differ and the
 * `_update` body that changes exactly them (a fixed number turns adaptive allocations off, as Kibana
 * does; a bound absent from the file clears a stored one). Each body is then checked as
 * Elasticsearch would, statelessly (`checkUpdateRequest`) and against the current state
 * (`planUpdate`): a request it would refuse is a problem before anything is sent. Deployments not
 * in the file are not looked at; an id with no deployment is a 404 problem.
 */
export function planDesiredState(
  state: DesiredState,
  current: DeploymentStats[],
): { plan: DesiredPlan; problems: PlanProblem[] } {
  const byId = new Map(current.map((s) => [s.deployment_id, s]));
  const plan: DesiredPlan = { changes: [], updates: [], inSync: [] };
  const problems: PlanProblem[] = [];
  state.deployments.forEach((entry, index) => {
    const stats = byId.get(entry.id);
    if (!stats) {
      problems.push({ index, error: errors.deploymentNotFound(entry.id) });
      return;
    }
    const snapshot = snapshotOf(stats);
    const { changes, body } = entryChanges(entry, snapshot);
    if (changes.length === 0) {
      plan.inSync.push(entry.id);
      return;
    }
    const { check } = prepareUpdate(entry.id, body, {}, snapshot);
    if (!check.ok) {
      problems.push({ index, error: check.error });
      return;
    }
    plan.changes.push(...changes);
    plan.updates.push({ id: entry.id, index, body });
  });
  return { plan, problems };
}

function entryChanges(
  entry: DesiredDeployment,
  snapshot: DeploymentSnapshot,
): { changes: Change[]; body: DeploymentUpdate['body'] } {
  const changes: Change[] = [];
  const body: DeploymentUpdate['body'] = {};
  const stored: AdaptiveSettings | null = snapshot.adaptive_allocations;
  const storedEnabled = stored?.enabled === true;
  const wanted = entry.adaptive_allocations;
  if (wanted !== undefined) {
    const adaptive: NonNullable<DeploymentUpdate['body']['adaptive_allocations']> = {
      enabled: wanted.enabled,
    };
    let differs = false;
    if (wanted.enabled !== storedEnabled) {
      changes.push({
        id: entry.id,
        field: 'adaptive_allocations.enabled',
        from: storedEnabled,
        to: wanted.enabled,
      });
      differs = true;
    }
    for (const key of ['min_number_of_allocations', 'max_number_of_allocations'] as const) {
      const from = bound(stored?.[key]);
      const to = bound(wanted[key]);
      if (from !== to) {
        changes.push({ id: entry.id, field: `adaptive_allocations.${key}`, from, to });
        adaptive[key] = to;
        differs = true;
      }
    }
    if (differs) {
      body.adaptive_allocations = adaptive;
    }
  } else if (entry.number_of_allocations !== undefined) {
    const fixed = fixedAllocations(entry.number_of_allocations, stored);
    // A fixed number needs adaptive allocations off: the client's rule, as Kibana sends it.
    if (fixed.adaptive_allocations) {
      changes.push({ id: entry.id, field: 'adaptive_allocations.enabled', from: true, to: false });
      body.adaptive_allocations = { enabled: fixed.adaptive_allocations.enabled === true };
    }
  }
  const n = entry.number_of_allocations;
  if (n !== undefined) {
    if (n !== snapshot.number_of_allocations) {
      changes.push({
        id: entry.id,
        field: 'number_of_allocations',
        from: snapshot.number_of_allocations,
        to: n,
      });
    }
    if (changes.length > 0) {
      body.number_of_allocations = n;
    }
  }
  return { changes, body };
}

/** `3 changes to 2 deployments`, for summaries. */
export function countLine(plan: DesiredPlan): string {
  const n = plan.changes.length;
  const d = plan.updates.length;
  return `${n} change${n === 1 ? '' : 's'} to ${d} deployment${d === 1 ? '' : 's'}`;
}
