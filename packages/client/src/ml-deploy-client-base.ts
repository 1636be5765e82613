// The generic half of the client, which MlDeployClient (ml-deploy-client.ts) extends with a typed
// method per endpoint: the transport, `call` for any endpoint of core's table, the raw `request`
// escape hatch, and the server-version check of features newer clusters have.
import type { ResponseOf } from '@mldeploy/core';
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
import type { CallOptions } from './client-options.js';
import type { RequestParts } from './internal/serialise.js';
import type { Transport } from './internal/transport.js';
import type { RawRequest, RawResponse } from './raw-request.js';

type Feature = 'adaptiveAllocations' | 'updateQueryParameter';

/** The client's transport, generic `call`, raw `request` and feature checks; see `MlDeployClient`. */
export class MlDeployClientBase {
  #serverVersion: Promise<string> | undefined;

  /** @internal */
  constructor(
    protected readonly transport: Transport,
    private readonly checkServerVersion: boolean,
  ) {}

  /** Closes the connections the client keeps alive; a later call opens new ones. */
  close(): Promise<void> {
    return this.transport.close();
  }

  /** The cluster's name and version (`GET /`). */
  async info(options: CallOptions = {}): Promise<ResponseOf<'info'>> {
    return this.call('info', {}, options);
  }

  /** Sends a raw request (the escape hatch); error answers still throw {@link ApiError}. */
  async request(request: RawRequest): Promise<RawResponse> {
    const query =
      typeof request.query === 'string' || request.query === undefined
        ? (request.query ?? '')
        : new URLSearchParams(request.query).toString();
    return this.transport.send(
      { method: request.method, path: request.path, query, body: request.body, signal: request.signal },
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
    const parts = {
      method: built.method,
      path: built.path,
      query: built.query,
      body: built.body,
      route: built.route,
    };
    return this.send(key, parts, options.signal);
  }

  protected async send<K extends EndpointKey>(
    key: K,
    parts: RequestParts,
    signal: AbortSignal | undefined,
  ): Promise<ResponseOf<K>> {
    const response = await this.transport.send({ ...parts, signal }, parts.route);
    const checked = RESPONSE_VALIDATORS[key](response.body);
    if (!checked.ok) {
      this.transport.reportIssues(parts.route, checked.issues);
    }
    return response.body as ResponseOf<K>;
  }

  protected async requireFeature(
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
