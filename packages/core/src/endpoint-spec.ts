// What an endpoint is, as types: the plain data every package reads (EndpointSpec, in the light
// table `endpoints/table.generated.ts`) and the definition a module under `endpoints/` writes
// (EndpointDefinition: the same data plus its TypeBox schemas). The generator derives the first
// from the second. See docs/architecture.md ("How to add an endpoint").
import type { TObject, TSchema } from '@sinclair/typebox';

/** The HTTP methods of the endpoints. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** How an endpoint reads a body. */
export type BodyMode = 'required-unless-query' | 'optional' | 'none';

/**
 * What an endpoint does to the cluster: `read` changes nothing, `write` changes settings or state
 * that can be put back, `destroy` removes something (a deployment, a model, an alias).
 */
export type EndpointEffect = 'read' | 'write' | 'destroy';

/** One query parameter as the data describes it (besides the always-supported ones). */
export interface QueryParamSpec {
  /** The JSON type of its value after conversion (`string` for time values and lists). */
  readonly type: 'string' | 'integer' | 'number' | 'boolean';
  /** Elasticsearch's default, when it has one. */
  readonly default?: string | number | boolean;
}

/** The fields a definition and the light data share. */
interface EndpointFacts {
  /** The rest-spec name, e.g. `ml.update_trained_model_deployment`. */
  readonly name: string;
  readonly summary: string;
  readonly method: HttpMethod;
  /** Methods answered besides `method` (e.g. `HEAD` of `GET /`). */
  readonly alsoAnswers?: readonly string[];
  /** Path templates (`{name}` for a path parameter); the first is canonical. */
  readonly paths: readonly string[];
  readonly bodyMode: BodyMode;
  /** Cluster privileges that grant the action (in the 403 message's order). */
  readonly privileges: readonly string[];
  /** The transport action name, as 403 messages and parser names spell it. */
  readonly action: string;
  /** The first Elasticsearch version with this endpoint. */
  readonly since: string;
  readonly effect: EndpointEffect;
  /**
   * Whether `mldeploy verify --deployment` may replay this endpoint's stateful cases on the
   * deployment a user gives up (it restores the deployment afterwards). False for anything that
   * changes what the restore cannot put back, or reaches beyond that deployment.
   */
  readonly replayOnDeployment: boolean;
  /** Why not, when `replayOnDeployment` is false: the reason `mldeploy verify` gives for a skip. */
  readonly notReplayedBecause?: string;
  /** How a recorded case's name writes the endpoint, e.g. `_update`. */
  readonly label: string;
}

/** One endpoint, as plain data (no TypeBox): what `@mldeploy/core/endpoints` exports. */
export interface EndpointSpec extends EndpointFacts {
  /** The path parameters any template may hold (their descriptions are the definition's). */
  readonly pathParams: readonly string[];
  /** The query parameters the endpoint reads (besides the always-supported ones), by name. */
  readonly query: Readonly<Record<string, QueryParamSpec>>;
  /** The names of {@link EndpointSpec.query}, in the schema's order. */
  readonly queryParams: readonly string[];
}

/** One endpoint as a module under `src/endpoints/` defines it: the facts and the schemas. */
export interface EndpointDefinition extends EndpointFacts {
  /** Each path parameter with its own description. */
  readonly pathParams: Readonly<Record<string, string>>;
  /** The query parameters (with the always-supported ones): names, types, defaults. */
  readonly query: TObject;
  readonly body?: TSchema;
  /** Named examples of the body, for the OpenAPI document. */
  readonly bodyExamples?: Readonly<Record<string, { readonly summary: string; readonly value: unknown }>>;
  /** The successful answer. */
  readonly response: TSchema;
}

/** Types a definition (an identity function: the literal keeps its types). */
export function defineEndpoint<const D extends EndpointDefinition>(definition: D): D {
  return definition;
}
