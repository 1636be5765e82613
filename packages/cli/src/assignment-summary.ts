import type { TrainedModelAssignment } from '@mldeploy/core';
import { adaptiveRange } from './adaptive-range.js';

/** The facts of an assignment a person wants after `update` or `start`. */
export interface AssignmentSummary {
  deployment_id: string;
  model_id: string;
  state: string;
  number_of_allocations: number;
  current_allocations: number;
  target_allocations: number;
  adaptive: string;
}

/** Summarises an `_update`/`_start` answer; sums the routing table over nodes. */
export function summarizeAssignment(assignment: TrainedModelAssignment): AssignmentSummary {
  const routes = Object.values(assignment.routing_table ?? {});
  return {
    deployment_id: assignment.task_parameters.deployment_id,
    model_id: assignment.task_parameters.model_id,
    state: assignment.assignment_state,
    number_of_allocations: assignment.task_parameters.number_of_allocations,
    current_allocations: routes.reduce((n, r) => n + r.current_allocations, 0),
    target_allocations: routes.reduce((n, r) => n + r.target_allocations, 0),
    adaptive: adaptiveRange(assignment.adaptive_allocations),
  };
}

/** One line: `my-model: 4 allocations requested, 1/4 allocated on nodes, started, adaptive off`. */
export function assignmentLine(s: AssignmentSummary): string {
  const placed =
    s.current_allocations > s.target_allocations
      ? `${s.current_allocations} allocated on nodes, going down to ${s.target_allocations}`
      : `${s.current_allocations}/${s.target_allocations} allocated on nodes`;
  return `${s.deployment_id}: ${s.number_of_allocations} allocation${s.number_of_allocations === 1 ? '' : 's'} requested, ${placed}, ${s.state}, adaptive ${s.adaptive}`;
}

/** Unwraps `{ assignment }` (the wire shape) or passes an assignment through. */
export function assignmentOf(result: unknown): TrainedModelAssignment {
  const record = result as { assignment?: TrainedModelAssignment };
  return record && typeof record === 'object' && record.assignment
    ? record.assignment
    : (result as TrainedModelAssignment);
}
