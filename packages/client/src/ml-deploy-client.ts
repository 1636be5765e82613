import type {
  DeploymentStats,
  InferenceTaskType,
  PutInferenceEndpointBody,
  ResponseOf,
} from '@mldeploy/core';
import {
  ApiError,
  buildRequest,
  ENDPOINTS,
  type EndpointKey,
  FEATURE_VERSIONS,
  type RequestInput,
  supports,
} from '@mldeploy/core/rules';
import { RESPONSE_VALIDATORS } from '@mldeploy/core/validators';
import type { WaitForAllocationsOptions } from './allocation-progress.js';
import type { CallOptions } from './client-options.js';
import type { Diagnostic } from './diagnostic.js';
import { redactHeaders } from './internal/auth-header.js';
import {
  createEndpointParts,
  deleteEndpointParts,
  endpointInferParts,
  getEndpointsParts,
  type InferOptions,
  inferParts,
} from './internal/inference-parts.js';
import {
  inferenceUpdateParts,
  listParts,
  type RequestParts,
  startParts,
  stopParts,
  updateParts,
} from './internal/serialise.js';
import type { Transport } from './internal/transport.js';
import { ModelLifecycleMethods } from './model-lifecycle-methods.js';
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
export class MlDeployClient extends ModelLifecycleMethods {
  #serverVersion: Promise<string> | undefined;

  /** @internal */
  constructor(
    private readonly transport: Transport,
    private readonly checkServerVersion: boolean,
  ) {
    super();
  }

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
  ): Promise<ResponseOf<'update'>> {
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
    return this.send('update', parts, options);
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
  ): Promise<ResponseOf<'start'>> {
    const parts = startParts(modelId, input);
    if (input.adaptive_allocations !== undefined) {
      await this.requireFeature('adaptiveAllocations', 'adaptive_allocations in _start', options.signal);
    }
    return this.send('start', parts, options);
  }

  /** Stops a deployment. */
  async stopDeployment(
    deploymentId: string,
    input: StopDeploymentInput = {},
    options: CallOptions = {},
  ): Promise<ResponseOf<'stop'>> {
    return this.send('stop', stopParts(deploymentId, input), options);
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
  ): Promise<ResponseOf<'inferenceUpdate'>> {
    const parts = inferenceUpdateParts(taskType, inferenceId, settings, options.timeout);
    return this.send('inferenceUpdate', parts, options);
  }

  /** Statistics of one model or deployment (ids, comma lists and wildcards), or of all. */
  async getDeploymentStats(id?: string, options: CallOptions = {}): Promise<ResponseOf<'stats'>> {
    return this.send('stats', listParts('stats', id), options);
  }

  /** Configurations of one model (ids, comma lists and wildcards), or of all. */
  async getModels(id?: string, options: CallOptions = {}): Promise<ResponseOf<'models'>> {
    return this.send('models', listParts('models', id), options);
  }

  /** The cluster's name and version (`GET /`). */
  async info(options: CallOptions = {}): Promise<ResponseOf<'info'>> {
    return this.call('info', {}, options);
  }

  /**
   * Empties a deployment's inference cache on every node it is routed to, without restarting it
   * (`POST _ml/trained_models/{id}/deployment/cache/_clear`).
   */
  async clearDeploymentCache(
    deploymentId: string,
    options: CallOptions = {},
  ): Promise<ResponseOf<'clearDeploymentCache'>> {
    return this.call('clearDeploymentCache', { params: { model_id: deploymentId } }, options);
  }

  /** `_infer` on a model, alias or deployment id: one result per document; checked with core first. */
  async infer(
    id: string,
    docs: ReadonlyArray<Record<string, unknown>>,
    options: CallOptions & InferOptions = {},
  ): Promise<ResponseOf<'inferTrainedModel'>> {
    return this.send('inferTrainedModel', inferParts(id, docs, options), options);
  }

  /** `PUT _inference`: the `elasticsearch` service starts a deployment named after the endpoint. */
  async createInferenceEndpoint(
    taskType: InferenceTaskType | undefined,
    inferenceId: string,
    config: PutInferenceEndpointBody,
    options: CallOptions & { timeout?: string } = {},
  ): Promise<ResponseOf<'inferencePut'>> {
    const parts = createEndpointParts(taskType, inferenceId, config, options.timeout);
    return this.send('inferencePut', parts, options);
  }

  /** Inference endpoints: one by id (maybe of one task type), or all (the defaults included). */
  async getInferenceEndpoints(
    inferenceId?: string,
    options: CallOptions & { taskType?: InferenceTaskType } = {},
  ): Promise<ResponseOf<'inferenceGet'>> {
    return this.send('inferenceGet', getEndpointsParts(inferenceId, options.taskType), options);
  }

  /** Deletes an inference endpoint and stops the deployment it made (`dryRun`, `force`). */
  async deleteInferenceEndpoint(
    taskType: InferenceTaskType | undefined,
    inferenceId: string,
    options: CallOptions & { dryRun?: boolean; force?: boolean } = {},
  ): Promise<ResponseOf<'inferenceDelete'>> {
    return this.send('inferenceDelete', deleteEndpointParts(taskType, inferenceId, options), options);
  }

  /** `POST _inference`: the inference API's shape (`sparse_embedding`, `text_embedding`, `rerank`). */
  async inferWithEndpoint(
    taskType: InferenceTaskType | undefined,
    inferenceId: string,
    input: string | readonly string[],
    options: CallOptions & { query?: string; taskSettings?: Record<string, unknown>; timeout?: string } = {},
  ): Promise<ResponseOf<'inference'>> {
    return this.send('inference', endpointInferParts(taskType, inferenceId, input, options), options);
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

  /**
   * Sends a request of any endpoint of core's table (path parameters, query, body) and checks the
   * answer with that endpoint's response validator: the one call every typed method is a line
   * over. It checks nothing before sending; the typed methods of endpoints with rules of their own
   * run core's check first.
   */
  async call<K extends EndpointKey>(
    key: K,
    input: RequestInput = {},
    options: CallOptions = {},
  ): Promise<ResponseOf<K>> {
    const built = buildRequest(ENDPOINTS[key], input);
    const pathParts: Record<string, string> = {};
    for (const [name, value] of Object.entries(input.params ?? {})) {
      if (value !== undefined) {
        pathParts[name] = String(value);
      }
    }
    const parts = {
      method: built.method,
      path: built.path,
      query: built.query,
      body: built.body,
      route: built.route,
      pathParts,
    };
    return this.send(key, parts, options);
  }

  protected async send<K extends EndpointKey>(
    key: K,
    parts: Omit<RequestParts, 'name' | 'pathParts'> & { pathParts?: Record<string, string> },
    options: CallOptions,
  ): Promise<ResponseOf<K>> {
    const response = await this.transport.send(
      { ...parts, name: ENDPOINTS[key].name, signal: options.signal, opaqueId: options.opaqueId },
      parts.route,
    );
    options.onMeta?.(response.meta);
    const checked = RESPONSE_VALIDATORS[key](response.body);
    if (!checked.ok) {
      this.transport.reportIssues(parts.route, checked.issues);
    }
    return response.body as ResponseOf<K>;
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
