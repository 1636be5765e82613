import { type TSchema, Type } from '@sinclair/typebox';
import { ClusterInfo } from './schemas/cluster-info.js';
import { ErrorEnvelope } from './schemas/error-envelope.js';
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

/** An endpoint written down as data; clients, servers and docs derive from it. */
export interface RouteDescriptor {
  /** The rest-spec name, e.g. `ml.update_trained_model_deployment`. */
  name: string;
  summary: string;
  method: 'GET' | 'POST';
  /** Path templates; the first is canonical. */
  paths: readonly string[];
  params: TSchema;
  query: TSchema;
  body?: TSchema;
  /** Whether a body is required, optional or not read. */
  bodyMode: 'required-unless-query' | 'optional' | 'none';
  responses: { 200: TSchema };
  error: TSchema;
  /** Cluster privileges that grant the action (in the 403 message's order). */
  privileges: readonly string[];
  /** The transport action name. */
  action: string;
  since: string;
}

/** POST /_ml/trained_models/{model_id}/deployment/_update */
export const UpdateDeployment = {
  name: 'ml.update_trained_model_deployment',
  summary: 'Update a trained model deployment',
  method: 'POST',
  paths: ['/_ml/trained_models/{model_id}/deployment/_update'],
  params: UpdateDeploymentParams,
  query: UpdateDeploymentQuery,
  body: UpdateDeploymentBody,
  bodyMode: 'required-unless-query',
  responses: { 200: UpdateDeploymentResponse },
  error: ErrorEnvelope,
  privileges: ['manage_ml', 'manage', 'all'],
  action: 'cluster:admin/xpack/ml/trained_models/deployment/update',
  since: '8.6.0',
} as const satisfies RouteDescriptor;

/** POST /_ml/trained_models/{model_id}/deployment/_start */
export const StartDeployment = {
  name: 'ml.start_trained_model_deployment',
  summary: 'Start a trained model deployment',
  method: 'POST',
  paths: ['/_ml/trained_models/{model_id}/deployment/_start'],
  params: StartDeploymentParams,
  query: StartDeploymentQuery,
  body: StartDeploymentBody,
  bodyMode: 'optional',
  responses: { 200: StartDeploymentResponse },
  error: ErrorEnvelope,
  privileges: ['manage_ml', 'manage', 'all', 'manage_inference'],
  action: 'cluster:admin/xpack/ml/trained_models/deployment/start',
  since: '8.0.0',
} as const satisfies RouteDescriptor;

/** POST /_ml/trained_models/{model_id}/deployment/_stop */
export const StopDeployment = {
  name: 'ml.stop_trained_model_deployment',
  summary: 'Stop a trained model deployment',
  method: 'POST',
  paths: ['/_ml/trained_models/{model_id}/deployment/_stop'],
  params: StopDeploymentParams,
  query: StopDeploymentQuery,
  body: StopDeploymentBody,
  bodyMode: 'optional',
  responses: { 200: StopDeploymentResponse },
  error: ErrorEnvelope,
  privileges: ['manage_ml', 'manage', 'all', 'manage_inference'],
  action: 'cluster:admin/xpack/ml/trained_models/deployment/stop',
  since: '8.0.0',
} as const satisfies RouteDescriptor;

/** GET /_ml/trained_models/{model_id}/_stats and GET /_ml/trained_models/_stats */
export const GetTrainedModelsStats = {
  name: 'ml.get_trained_models_stats',
  summary: 'Get trained models usage info',
  method: 'GET',
  paths: ['/_ml/trained_models/{model_id}/_stats', '/_ml/trained_models/_stats'],
  params: GetTrainedModelsStatsParams,
  query: GetTrainedModelsStatsQuery,
  bodyMode: 'none',
  responses: { 200: GetTrainedModelsStatsResponse },
  error: ErrorEnvelope,
  privileges: ['monitor_ml', 'manage_ml', 'monitor', 'manage', 'all'],
  action: 'cluster:monitor/xpack/ml/inference/stats/get',
  since: '7.10.0',
} as const satisfies RouteDescriptor;

/** GET /_ml/trained_models/{model_id} and GET /_ml/trained_models */
export const GetTrainedModels = {
  name: 'ml.get_trained_models',
  summary: 'Get trained model configuration info',
  method: 'GET',
  paths: ['/_ml/trained_models/{model_id}', '/_ml/trained_models'],
  params: GetTrainedModelsParams,
  query: GetTrainedModelsQuery,
  bodyMode: 'none',
  responses: { 200: GetTrainedModelsResponse },
  error: ErrorEnvelope,
  privileges: ['monitor_ml', 'manage_ml', 'monitor', 'manage', 'all'],
  action: 'cluster:monitor/xpack/ml/inference/get',
  since: '7.10.0',
} as const satisfies RouteDescriptor;

/** GET / */
export const GetClusterInfo = {
  name: 'info',
  summary: 'Get cluster info',
  method: 'GET',
  paths: ['/'],
  params: Type.Object({}),
  query: Type.Object({}),
  bodyMode: 'none',
  responses: { 200: ClusterInfo },
  error: ErrorEnvelope,
  privileges: ['monitor', 'manage', 'all'],
  action: 'cluster:monitor/main',
  since: '0.0.0',
} as const satisfies RouteDescriptor;

/** Every endpoint mldeploy knows. */
export const ROUTES = [
  UpdateDeployment,
  StartDeployment,
  StopDeployment,
  GetTrainedModelsStats,
  GetTrainedModels,
  GetClusterInfo,
] as const satisfies readonly RouteDescriptor[];
