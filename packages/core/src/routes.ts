// Every endpoint definition (src/endpoints/) with the schemas of its parts, for validators and the
// OpenAPI document. The path-parameter schema is built from the definition's descriptions.
import { type TObject, type TSchema, Type } from '@sinclair/typebox';
import type { EndpointDefinition } from './endpoint-spec.js';
import { DEFINITIONS } from './endpoints/definitions.generated.js';
import type { EndpointKey } from './endpoints.js';
import { ErrorEnvelope } from './schemas/error-envelope.js';

/** An endpoint's definition, keyed, with its path-parameter schema and the error envelope. */
export interface RouteDescriptor extends EndpointDefinition {
  readonly key: EndpointKey;
  /** The path parameters as a schema: required when every template holds them. */
  readonly params: TObject;
  readonly error: TSchema;
}

function paramsSchema(definition: EndpointDefinition): TObject {
  const properties: Record<string, TSchema> = {};
  for (const [name, description] of Object.entries(definition.pathParams)) {
    const schema = Type.String({ minLength: 1, description });
    const everywhere = definition.paths.every((p) => p.includes(`{${name}}`));
    properties[name] = everywhere ? schema : Type.Optional(schema);
  }
  return Type.Object(properties, { additionalProperties: false });
}

/** Every endpoint mldeploy knows, with its schemas, in the table's order. */
export const ROUTES: readonly RouteDescriptor[] = (Object.keys(DEFINITIONS) as EndpointKey[]).map((key) => {
  const definition: EndpointDefinition = DEFINITIONS[key];
  return { ...definition, key, params: paramsSchema(definition), error: ErrorEnvelope };
});

/** One endpoint's route, by key. */
export function routeOf(key: EndpointKey): RouteDescriptor {
  return ROUTES.find((r) => r.key === key) as RouteDescriptor;
}

/** UpdateDeployment: `_update` with its schemas. */
export const UpdateDeployment = routeOf('update');
/** StartDeployment: `_start` with its schemas. */
export const StartDeployment = routeOf('start');
/** StopDeployment: `_stop` with its schemas. */
export const StopDeployment = routeOf('stop');
/** GetTrainedModelsStats: `_stats` with its schemas. */
export const GetTrainedModelsStats = routeOf('stats');
/** GetTrainedModels: get trained models with its schemas. */
export const GetTrainedModels = routeOf('models');
/** GetClusterInfo: `GET /` with its schemas. */
export const GetClusterInfo = routeOf('info');
/** UpdateInferenceEndpoint: the inference API's `_update` with its schemas. */
export const UpdateInferenceEndpoint = routeOf('inferenceUpdate');
