// Every endpoint definition (src/endpoints/) with the schemas of its parts, keyed, for the
// validators and the OpenAPI document.
import type { TSchema } from '@sinclair/typebox';
import type { EndpointDefinition } from './endpoint-spec.js';
import { DEFINITIONS } from './endpoints/definitions.generated.js';
import type { EndpointKey } from './endpoints.js';
import { ErrorEnvelope } from './schemas/error-envelope.js';

/** An endpoint's definition, keyed, with the error envelope it answers on failure. */
export interface RouteDescriptor extends EndpointDefinition {
  readonly key: EndpointKey;
  readonly error: TSchema;
}

/** Every endpoint mldeploy knows, with its schemas, in the table's order. */
export const ROUTES: readonly RouteDescriptor[] = (Object.keys(DEFINITIONS) as EndpointKey[]).map((key) => {
  const definition: EndpointDefinition = DEFINITIONS[key];
  return { ...definition, key, error: ErrorEnvelope };
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
