import type {
  ClusterInfo,
  DeploymentStats,
  GetTrainedModelsResponse,
  GetTrainedModelsStatsResponse,
  InferenceEndpointResponse,
  InferenceTaskType,
  StartDeploymentResponse,
  StopDeploymentResponse,
  UpdateDeploymentResponse,
} from '@mldeploy/core';
import { ApiError, ENDPOINTS, FEATURE_VERSIONS, supports } from '@mldeploy/core/rules';
import {
  type ValidationResult,
  validateClusterInfo,
  validateInferenceEndpointResponse,
  validateModelsResponse,
  validateStartResponse,
  validateStatsResponse,
  validateStopResponse,
  validateUpdateResponse,
} from '@mldeploy/core/validators';
import type { WaitForAllocationsOptions } from './allocation-progress.js';
import type { CallOptions } from './client-options.js';
import type { Diagnostic } from './diagnostic.js';
import { redactHeaders } from './internal/auth-header.js';
import {
  inferenceUpdateParts,
  infoParts,
  listParts,
  type RequestParts,
  startParts,
  stopParts,
  updateParts,
} from './internal/serialise.js';
import type { Transport } from './internal/transport.js';
import type { NodeInfo } from './node-options.js';
import type { RawRequest, RawResponse } from './raw-request.js';
import type { StartDeploymentInput, StopDeploymentInput } from './start-deployment-input.js';
import type {
  RequestDescription,
  UpdateDeploymentInput,
  UpdateDeploymentOptions,
} from './update-deployment-input.js';
import type { InferenceEndpointAllocations } from './update-inference-endpoint-input.js';
import { waitForAllocations } from './wait-for-allocations.js';

type Feature = 'adaptiveAllocations' | 'updateQueryParameter';

/** A typed client for the trained model deployment APIs. Create it with `createClient`. */
export class MlDeployClient {
  #serverVersion: Promise<string> | undefined;

  /** @internal */
  constructor(
    private readonly transport: Transport,
    private readonly checkServerVersion: boolean,
  ) {}

  /** The diagnostic events (`request`, `response`, `retry`, `resurrect`, `sniff`); see the README. */
  get diagnostic(): Diagnostic {
    return this.transport.settings.diagnostic;
  }

  /** The nodes of the pool as it stands (after sniffing, with their state). */
  get nodes(): readonly NodeInfo[] {
    return this.transport.settings.pool.nodes;
  }

  /** Closes the connections the client keeps alive; a later call opens new ones. */
  close(): Promise<void> {
    return this.transport.close();
  }

  /** Changes a deployment's allocations (a fixed number or adaptive settings); checked before sending. */
  async updateDeployment(
    deploymentId: string,
    input: UpdateDeploymentInput,
    options: UpdateDeploymentOptions = {},
  ): Promise<UpdateDeploymentResponse> {
    const parts = updateParts(deploymentId, input, options);
    if ('adaptive_allocations' in input && input.adaptive_allocations !== undefined) {
      await this.requireFeature('adaptiveAllocations', 'adaptive_allocations in _update', options.signal);
    }
    if (options.asQueryParameter) {
      await this.requireFeature(
        'updateQueryParameter',
        'number_of_allocations as a query parameter',
        options.signal,
      );
    }
    return this.call(parts, validateUpdateResponse, options);
  }

  /** The exact request `updateDeployment` would send, validated, with secrets redacted in the headers. */
  describeUpdate(
    deploymentId: string,
    input: UpdateDeploymentInput,
    options: UpdateDeploymentOptions = {},
  ): RequestDescription {
    const parts = updateParts(deploymentId, input, options);
    return {
      method: ENDPOINTS.update.method,
      path: parts.path,
      query: parts.query,
      body: parts.body,
      headers: redactHeaders(this.transport.settings.headers),
    };
  }

  /** Starts a deployment of a model. */
  async startDeployment(
    modelId: string,
    input: StartDeploymentInput = {},
    options: CallOptions = {},
  ): Promise<StartDeploymentResponse> {
    const parts = startParts(modelId, input);
    if (input.adaptive_allocations !== undefined) {
      await this.requireFeature('adaptiveAllocations', 'adaptive_allocations in _start', options.signal);
    }
    return this.call(parts, validateStartResponse, options);
  }

  /** Stops a deployment. */
  async stopDeployment(
    deploymentId: string,
    input: StopDeploymentInput = {},
    options: CallOptions = {},
  ): Promise<StopDeploymentResponse> {
    return this.call(stopParts(deploymentId, input), validateStopResponse, options);
  }

  /**
   * Changes the allocations of a deployment an inference endpoint owns, through the inference API
   * (`PUT _inference/{task_type}/{inference_id}/_update`): what `updateDeployment`'s 409 asks
   * for. `taskType` may be undefined (the endpoint's own is used).
   */
  async updateInferenceEndpoint(
    taskType: InferenceTaskType | undefined,
    inferenceId: string,
    settings: InferenceEndpointAllocations,
    options: CallOptions & { timeout?: string } = {},
  ): Promise<InferenceEndpointResponse> {
    const parts = inferenceUpdateParts(taskType, inferenceId, settings, options.timeout);
    return this.call(parts, validateInferenceEndpointResponse, options);
  }

  /** Statistics of one model or deployment (ids, comma lists and wildcards), or of all. */
  async getDeploymentStats(id?: string, options: CallOptions = {}): Promise<GetTrainedModelsStatsResponse> {
    return this.call(listParts('stats', id), validateStatsResponse, options);
  }

  /** Configurations of one model (ids, comma lists and wildcards), or of all. */
  async getModels(id?: string, options: CallOptions = {}): Promise<GetTrainedModelsResponse> {
    return this.call(listParts('models', id), validateModelsResponse, options);
  }

  /** The cluster's name and version (`GET /`). */
  async info(options: CallOptions = {}): Promise<ClusterInfo> {
    return this.call(infoParts(), validateClusterInfo, options);
  }

  /** Polls stats until the deployment is fully allocated (or `until`), reporting progress. */
  waitForAllocations(
    deploymentId: string,
    options: WaitForAllocationsOptions = {},
  ): Promise<DeploymentStats> {
    const { now, sleep } = this.transport.settings;
    return waitForAllocations(
      (id, signal) => this.getDeploymentStats(id, signal ? { signal } : {}),
      deploymentId,
      { ...(now ? { now } : {}), ...(sleep ? { sleep } : {}), ...options },
    );
  }

  /** Sends a raw request (the escape hatch); error answers still throw {@link ApiError}. */
  async request(request: RawRequest): Promise<RawResponse> {
    const query =
      typeof request.query === 'string' || request.query === undefined
        ? (request.query ?? '')
        : new URLSearchParams(request.query).toString();
    return this.transport.send(
      {
        method: request.method,
        path: request.path,
        query,
        body: request.body,
        signal: request.signal,
        opaqueId: request.opaqueId,
      },
      `${request.method} ${request.path}`,
    );
  }

  private async call<T>(
    parts: RequestParts,
    validate: (value: unknown) => ValidationResult<T>,
    options: CallOptions,
  ): Promise<T> {
    const response = await this.transport.send(
      { ...parts, signal: options.signal, opaqueId: options.opaqueId },
      parts.route,
    );
    options.onMeta?.(response.meta);
    const checked = validate(response.body);
    if (!checked.ok) {
      this.transport.reportIssues(parts.route, checked.issues);
    }
    return response.body as T;
  }

  private async requireFeature(
    feature: Feature,
    what: string,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    if (!this.checkServerVersion) {
      return;
    }
    this.#serverVersion ??= this.info(signal ? { signal } : {}).then((i) => i.version.number);
    let version: string;
    try {
      version = await this.#serverVersion;
    } catch (e) {
      this.#serverVersion = undefined;
      throw e;
    }
    if (!supports(version, feature)) {
      throw new ApiError(
        'VERSION_UNSUPPORTED',
        `Elasticsearch ${version} does not support ${what}; it needs ${FEATURE_VERSIONS[feature]} or later`,
        {
          hint:
            feature === 'adaptiveAllocations'
              ? 'Upgrade the cluster, or set a fixed number_of_allocations instead.'
              : 'Upgrade the cluster, or send the number in the body (drop asQueryParameter).',
        },
      );
    }
  }
}
