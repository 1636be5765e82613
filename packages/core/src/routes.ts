import { type TSchema, Type } from '@sinclair/typebox';
import {
  type EndpointSpec,
  INFERENCE_UPDATE_ENDPOINT,
  INFO_ENDPOINT,
  MODELS_ENDPOINT,
  START_ENDPOINT,
  STATS_ENDPOINT,
  STOP_ENDPOINT,
  UPDATE_ENDPOINT,
} from './endpoints.js';
import { ClusterInfo } from './schemas/cluster-info.js';
import { ErrorEnvelope } from './schemas/error-envelope.js';
import {
  InferenceEndpointResponse,
  UpdateInferenceEndpointBody,
  UpdateInferenceEndpointParams,
  UpdateInferenceEndpointQuery,
} from './schemas/inference-update.js';
import {
  StartDeploymentBody,
  StartDeploymentParams,
  StartDeploymentQuery,
  StartDeploymentResponse,
} from './schemas/start-deployment.js';
import {
  StopDeploymentBody,
  StopDeploymentParams,
  StopDeploymentQuery,
  StopDeploymentResponse,
} from './schemas/stop-deployment.js';
import {
  GetTrainedModelsParams,
  GetTrainedModelsQuery,
  GetTrainedModelsResponse,
} from './schemas/trained-model-config.js';
import {
  GetTrainedModelsStatsParams,
  GetTrainedModelsStatsQuery,
  GetTrainedModelsStatsResponse,
} from './schemas/trained-model-stats.js';
import {
  UpdateDeploymentBody,
  UpdateDeploymentParams,
  UpdateDeploymentQuery,
  UpdateDeploymentResponse,
} from './schemas/update-deployment.js';

/**
 * An endpoint of `ENDPOINTS` (endpoints.ts, the light data every package derives from) with the
 * TypeBox schemas of its parts, for validators and the OpenAPI document.
 */
export interface RouteDescriptor extends EndpointSpec {
  params: TSchema;
  query: TSchema;
  body?: TSchema;
  responses: { 200: TSchema };
  error: TSchema;
}

/** UpdateDeployment: UPDATE_ENDPOINT with its schemas. */
export const UpdateDeployment = {
  ...UPDATE_ENDPOINT,
  params: UpdateDeploymentParams,
  query: UpdateDeploymentQuery,
  body: UpdateDeploymentBody,
  responses: { 200: UpdateDeploymentResponse },
  error: ErrorEnvelope,
} as const satisfies RouteDescriptor;

/** StartDeployment: START_ENDPOINT with its schemas. */
export const StartDeployment = {
  ...START_ENDPOINT,
  params: StartDeploymentParams,
  query: StartDeploymentQuery,
  body: StartDeploymentBody,
  responses: { 200: StartDeploymentResponse },
  error: ErrorEnvelope,
} as const satisfies RouteDescriptor;

/** StopDeployment: STOP_ENDPOINT with its schemas. */
export const StopDeployment = {
  ...STOP_ENDPOINT,
  params: StopDeploymentParams,
  query: StopDeploymentQuery,
  body: StopDeploymentBody,
  responses: { 200: StopDeploymentResponse },
  error: ErrorEnvelope,
} as const satisfies RouteDescriptor;

/** GetTrainedModelsStats: STATS_ENDPOINT with its schemas. */
export const GetTrainedModelsStats = {
  ...STATS_ENDPOINT,
  params: GetTrainedModelsStatsParams,
  query: GetTrainedModelsStatsQuery,
  responses: { 200: GetTrainedModelsStatsResponse },
  error: ErrorEnvelope,
} as const satisfies RouteDescriptor;

/** GetTrainedModels: MODELS_ENDPOINT with its schemas. */
export const GetTrainedModels = {
  ...MODELS_ENDPOINT,
  params: GetTrainedModelsParams,
  query: GetTrainedModelsQuery,
  responses: { 200: GetTrainedModelsResponse },
  error: ErrorEnvelope,
} as const satisfies RouteDescriptor;

/** GetClusterInfo: INFO_ENDPOINT with its schemas. */
export const GetClusterInfo = {
  ...INFO_ENDPOINT,
  params: Type.Object({}),
  query: Type.Object({}),
  responses: { 200: ClusterInfo },
  error: ErrorEnvelope,
} as const satisfies RouteDescriptor;

/** UpdateInferenceEndpoint: INFERENCE_UPDATE_ENDPOINT with its schemas. */
export const UpdateInferenceEndpoint = {
  ...INFERENCE_UPDATE_ENDPOINT,
  params: UpdateInferenceEndpointParams,
  query: UpdateInferenceEndpointQuery,
  body: UpdateInferenceEndpointBody,
  responses: { 200: InferenceEndpointResponse },
  error: ErrorEnvelope,
} as const satisfies RouteDescriptor;

/** Every endpoint mldeploy knows. */
export const ROUTES = [
  UpdateDeployment,
  StartDeployment,
  StopDeployment,
  GetTrainedModelsStats,
  GetTrainedModels,
  GetClusterInfo,
  UpdateInferenceEndpoint,
] as const satisfies readonly RouteDescriptor[];
