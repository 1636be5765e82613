// The truth data is written without importing @mldeploy/core, so that it stays independent of the
// implementation it checks (and core can use it as a devDependency without a cycle).

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

/** One raw request in, one expected answer out. Every consumer runs it through its own seam. */
export interface ContractCase {
  /** A sentence about the behaviour. */
  name: string;
  given: {
    method?: 'POST' | 'GET' | 'PUT' | 'DELETE';
    /** The path's `{model_id}` (decoded). Defaults to {@link EXAMPLE_DEPLOYMENT_ID}. */
    modelId?: string;
    /** Raw query string without `?`. */
    query?: string;
    /** Raw body text; absent means no body. */
    body?: string;
  };
  /** The deployment before the request; absent means the default (1 allocation, started). */
  before?: DeploymentFixture | 'missing';
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
    /** For 200: the deployment afterwards (`task_parameters.number_of_allocations`, adaptive settings). */
    after?: { number_of_allocations?: number; adaptive_allocations?: AdaptiveAllocationsSettings | null };
    /** A deprecation warning expected in the `Warning` header. */
    warning?: string;
  };
  /**
   * True when the answer is decidable without cluster state: `checkUpdateRequest` alone must give it.
   * State-dependent cases need a server (or `planUpdate` with the fixture).
   */
  stateless: boolean;
}

/** The default fixture: started with one allocation, no adaptive settings. */
export const DEFAULT_FIXTURE: DeploymentFixture = {
  number_of_allocations: 1,
  adaptive_allocations: null,
  assignment_state: 'started',
};
