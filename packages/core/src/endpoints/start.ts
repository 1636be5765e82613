import { defineEndpoint } from '../endpoint-spec.js';
import {
  StartDeploymentBody,
  StartDeploymentQuery,
  StartDeploymentResponse,
} from '../schemas/start-deployment.js';

/** `POST /_ml/trained_models/{model_id}/deployment/_start`: deploys a model. */
export const start = defineEndpoint({
  name: 'ml.start_trained_model_deployment',
  summary: 'Start a trained model deployment',
  method: 'POST',
  paths: ['/_ml/trained_models/{model_id}/deployment/_start'],
  pathParams: { model_id: 'The model to deploy.' },
  query: StartDeploymentQuery,
  body: StartDeploymentBody,
  bodyMode: 'optional',
  response: StartDeploymentResponse,
  privileges: ['manage_ml', 'manage', 'all', 'manage_inference'],
  action: 'cluster:admin/xpack/ml/trained_models/deployment/start',
  since: '8.0.0',
  effect: 'write',
  replayOnDeployment: true,
  label: '_start',
});
