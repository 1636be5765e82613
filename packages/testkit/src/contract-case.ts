// The truth data is written without importing @mldeploy/core, so that it stays independent of the
// implementation it checks (and core can use it as a devDependency without a cycle).
import type { CaseEndpoint } from './endpoints.js';

/** Adaptive allocations as the server writes them. */
export interface AdaptiveAllocationsSettings {
  enabled: boolean;
  min_number_of_allocations?: number;
  max_number_of_allocations?: number;
}

/** A deployment's assignment state. */
export type DeploymentAssignmentState = 'started' | 'starting' | 'stopping' | 'failed';

/** The deployment every case runs against unless it says otherwise: the seed document's example. */
export const EXAMPLE_DEPLOYMENT_ID = 'elastic__distilbert-base-uncased-finetuned-conll03-english';

/** The state of the case's deployment before the request. */
export interface DeploymentFixture {
  number_of_allocations: number;
  adaptive_allocations: AdaptiveAllocationsSettings | null;
  assignment_state: DeploymentAssignmentState;
  /** The deployment was created by an inference endpoint of the same id. */
  owned_by_inference_endpoint?: boolean;
  /** The deployment's priority; absent means `normal`. */
  priority?: 'normal' | 'low';
}

/** A deployment's state after a `_start` or `_stop`: an assignment state, or `stopped` when it is gone. */
export type DeploymentStateAfter = DeploymentAssignmentState | 'stopped';

/** One raw request in, one expected answer out. Every consumer runs it through its own seam. */
export interface ContractCase {
  /** A sentence about the behaviour. */
  name: string;
  /** The endpoint the request goes to (a key of core's `ENDPOINTS`); absent means `update`. */
  endpoint?: CaseEndpoint;
  given: {
    /** The HTTP method; absent means the endpoint's own (`POST` for `update`). */
    method?: 'POST' | 'GET' | 'PUT' | 'DELETE';
    /**
     * The path's `{model_id}` (decoded). For `update`, `start` and `stop` it defaults to
     * {@link EXAMPLE_DEPLOYMENT_ID}; for `stats` and `models` absent means all (the template
     * without it). `info` and `inferenceUpdate` have none.
     */
    modelId?: string;
    /**
     * The endpoint's other path parameters (decoded): `task_type` and `inference_id` of
     * `inferenceUpdate` (`inference_id` required). Absent ones pick the template without them.
     */
    params?: Record<string, string>;
    /** Raw query string without `?`. */
    query?: string;
    /** Raw body text; absent means no body. */
    body?: string;
    /**
     * The ids are what the answer is about (an inference id Elasticsearch refuses as such, which
     * no cluster can hold): the runner sends them as written instead of its own. Only with
     * `stateless: true`.
     */
    keepIds?: boolean;
  };
  /**
   * The deployment before the request; absent means the default (1 allocation, started).
   * `missing`: no such deployment (or model, or inference endpoint). `stopped`: no deployment of
   * that id runs, but its model exists (what a `_start` that creates it needs).
   */
  before?: DeploymentFixture | 'missing' | 'stopped';
  want: {
    status: number;
    /** An `ERROR_CODES` key of @mldeploy/core. */
    code?: string;
    /** Elasticsearch's `error.type`. */
    type?: string;
    /** Elasticsearch's `error.reason`, byte for byte. */
    reason?: string;
    /** `caused_by.type`, where one is expected. */
    causedBy?: string;
    /** `caused_by.reason`, byte for byte, where it matters. */
    causedByReason?: string;
    /**
     * `root_cause[0].reason`, where it differs from `reason`: Elasticsearch reports the innermost
     * parse error there. Where absent, the root cause repeats the top-level error.
     */
    rootCause?: string;
    /**
     * For 200: the deployment afterwards. `number_of_allocations` and `adaptive_allocations` as the
     * answer's assignment has them (`_update`, `_start`); `assignment_state` as `_stats` shows the
     * deployment after the answer (`_start`, `_stop`), `stopped` when it is gone.
     */
    after?: {
      number_of_allocations?: number;
      adaptive_allocations?: AdaptiveAllocationsSettings | null;
      assignment_state?: DeploymentStateAfter;
    };
    /** A deprecation warning expected in the `Warning` header. */
    warning?: string;
  };
  /**
   * True when the answer is decidable without cluster state: `checkUpdateRequest` alone must give it.
   * State-dependent cases need a server (or `planUpdate` with the fixture).
   */
  stateless: boolean;
}

/**
 * An `_update` case, as the built-in `updateDeploymentCases` are: the `update` endpoint, and
 * a deployment that exists (or is `missing`) before the request.
 */
export interface UpdateDeploymentCase extends ContractCase {
  endpoint?: 'update';
  before?: DeploymentFixture | 'missing';
}

/** The default fixture: started with one allocation, no adaptive settings. */
export const DEFAULT_FIXTURE: DeploymentFixture = {
  number_of_allocations: 1,
  adaptive_allocations: null,
  assignment_state: 'started',
};
