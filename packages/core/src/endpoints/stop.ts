import { defineEndpoint } from '../endpoint-spec.js';
import {
  StopDeploymentBody,
  StopDeploymentQuery,
  StopDeploymentResponse,
} from '../schemas/stop-deployment.js';

/** `POST /_ml/trained_models/{model_id}/deployment/_stop`: stops a deployment. */
export const stop = defineEndpoint({
  name: 'ml.stop_trained_model_deployment',
  summary: 'Stop a trained model deployment',
  method: 'POST',
  paths: ['/_ml/trained_models/{model_id}/deployment/_stop'],
  pathParams: { model_id: 'The deployment id.' },
  query: StopDeploymentQuery,
  body: StopDeploymentBody,
  bodyMode: 'optional',
  response: StopDeploymentResponse,
  privileges: ['manage_ml', 'manage', 'all', 'manage_inference'],
  action: 'cluster:admin/xpack/ml/trained_models/deployment/stop',
  since: '8.0.0',
  // Stopping removes the deployment; `mldeploy verify` starts it again with its settings.
  effect: 'destroy',
  replayOnDeployment: true,
  label: '_stop',
});
