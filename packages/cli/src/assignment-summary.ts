import type { AssignmentSummary, TrainedModelAssignment } from '@mldeploy/client';

/** One line: `my-model: 4 allocations requested, 1/4 allocated on nodes, started, adaptive off`. */
export function assignmentLine(s: AssignmentSummary): string {
  const placed =
    s.currentAllocations > s.targetAllocations
      ? `${s.currentAllocations} allocated on nodes, going down to ${s.targetAllocations}`
      : `${s.currentAllocations}/${s.targetAllocations} allocated on nodes`;
  return `${s.deploymentId}: ${s.numberOfAllocations} allocation${s.numberOfAllocations === 1 ? '' : 's'} requested, ${placed}, ${s.state}, adaptive ${s.adaptive}`;
}

/** Unwraps `{ assignment }` (the wire shape) or passes an assignment through. */
export function assignmentOf(result: unknown): TrainedModelAssignment {
  const record = result as { assignment?: TrainedModelAssignment };
  return record && typeof record === 'object' && record.assignment
    ? record.assignment
    : (result as TrainedModelAssignment);
}
