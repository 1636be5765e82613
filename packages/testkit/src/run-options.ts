// The options of `runCases` and what it reports about the deployment it was given. Types only.
import type { CaseResult } from './case-result.js';
import type { DeploymentFixture } from './contract-case.js';
import type { CaseEndpoint } from './endpoints.js';

/** What a deployment was started with, as its assignment's `task_parameters` say. */
export interface DeploymentStartSettings {
  model_id: string;
  threads_per_allocation?: number;
  priority: string;
  queue_capacity?: number;
  cache_size?: string;
}

/** What `runCases` did to the deployment it was given, at the end. */
export interface RestoreReport {
  deploymentId: string;
  /** Allocations and adaptive settings as they were before the run. */
  original: {
    number_of_allocations: number;
    adaptive_allocations: DeploymentFixture['adaptive_allocations'];
  };
  /** As they are after restoring. */
  restored?: {
    number_of_allocations: number;
    adaptive_allocations: DeploymentFixture['adaptive_allocations'];
  };
  /**
   * Set when the deployment had to be started again at the end (a case stopped it, or started it
   * with other settings): the settings it was started with, its original ones.
   */
  startedAgain?: DeploymentStartSettings;
  ok: boolean;
  error?: string;
}

/** Options of `runCases`. */
export interface RunCasesOptions {
  /** The server, e.g. `https://my-cluster:9200` (no trailing path). */
  baseUrl: string;
  /** Sent with every request (authorization, for instance). */
  headers?: Record<string, string>;
  /**
   * A deployment the caller gives up: the stateful cases run on it (brought to each case's
   * `before` with `_update`, `_stop` and `_start` calls) and, at the end, it is started again with
   * its original settings if a case stopped it, and its allocations and adaptive settings are
   * restored. Without it only the safe cases run.
   */
  deploymentId?: string;
  /** The id the safe cases use; default `generateMissingId`. */
  missingId?: string;
  /** The fetch to use; default the global one. */
  fetch?: typeof fetch;
  /**
   * The path of an endpoint for its path parameters (decoded); default the testkit's own
   * templates (`casePath`). `mldeploy verify` passes core's `pathFor`.
   */
  pathFor?: (endpoint: CaseEndpoint, params: Record<string, string>) => string;
  /** The `_update` path of a deployment id; when given, it wins over `pathFor` for `update`. */
  updatePath?: (deploymentId: string) => string;
  /**
   * Checks a 2xx body against the endpoint's response schema: undefined when it is valid, else
   * what it broke (`/path: message`). Without it bodies are not checked (the testkit has no
   * schemas); `mldeploy verify` passes core's validators.
   */
  validateResponse?: (endpoint: CaseEndpoint, body: unknown) => string | undefined;
  /** Called after each case (progress). */
  onResult?: (result: CaseResult) => void;
  /** Called once with the given deployment's settings as they were, before anything changes them. */
  onOriginal?: (original: RestoreReport['original']) => void;
  /**
   * Stops the run between cases when aborted (requests in flight finish); the given deployment is
   * still restored. The results then cover the cases run so far.
   */
  signal?: AbortSignal;
  /** Called once after the deployment was restored (only with `deploymentId`). */
  onRestore?: (report: RestoreReport) => void;
}
