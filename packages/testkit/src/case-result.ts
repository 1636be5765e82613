// What the case runner reports: one result per case, with what was expected and what was observed,
// in the same fields. Types only.
import type { DeploymentFixture } from './contract-case.js';

/**
 * `safe`: changes nothing whatever the cluster holds: answered before any state change (sent to a
 * deployment id that cannot exist), or a read that names no particular deployment. `stateful`:
 * needs a real deployment, in the case's `before` state.
 */
export type CaseKind = 'safe' | 'stateful';

/** What a case expects (or what the server answered), in the fields the case specifies. */
export interface Observation {
  status: number;
  type?: string;
  reason?: string;
  causedBy?: string;
  causedByReason?: string;
  rootCause?: string;
  warning?: string;
  after?: {
    number_of_allocations?: number;
    adaptive_allocations?: DeploymentFixture['adaptive_allocations'];
    /** As `_stats` shows the deployment after the answer; `stopped` when it is gone. */
    assignment_state?: string;
  };
  /**
   * For a 2xx, when the runner has response schemas (`RunCasesOptions.validateResponse`):
   * `valid` expected; what the body broke (`/path: message`), or `valid`, actual.
   */
  schema?: string;
}

/** The outcome of one case. */
export interface CaseResult {
  name: string;
  kind: CaseKind;
  /** True when every specified field matched; false when failed or skipped. */
  passed: boolean;
  /** Set when the case was not run, with the reason. */
  skipped?: string;
  /** The request as sent (path with query). */
  request: { method: string; path: string; body?: string };
  expected: Observation;
  /** What the server answered, in the same fields; absent when skipped or unanswered. */
  actual?: Observation;
  /** One line per field that differed (or why the case could not run). */
  mismatches: string[];
}
