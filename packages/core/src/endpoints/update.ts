import { defineEndpoint } from '../endpoint-spec.js';
import {
  UpdateDeploymentBody,
  UpdateDeploymentQuery,
  UpdateDeploymentResponse,
} from '../schemas/update-deployment.js';

/** `POST /_ml/trained_models/{model_id}/deployment/_update`: a deployment's allocations. */
export const update = defineEndpoint({
  name: 'ml.update_trained_model_deployment',
  summary: 'Update a trained model deployment',
  method: 'POST',
  paths: ['/_ml/trained_models/{model_id}/deployment/_update'],
  pathParams: {
    model_id: 'The deployment id (the path calls it model_id; the server looks up a deployment).',
  },
  query: UpdateDeploymentQuery,
  body: UpdateDeploymentBody,
  bodyExamples: {
    fixed: { summary: 'Four allocations', value: { number_of_allocations: 4 } },
    adaptive: {
      summary: 'Adaptive allocations between 1 and 8',
      value: {
        adaptive_allocations: { enabled: true, min_number_of_allocations: 1, max_number_of_allocations: 8 },
      },
    },
    disable: {
      summary: 'Turn adaptive allocations off and fix the number',
      value: { number_of_allocations: 3, adaptive_allocations: { enabled: false } },
    },
  },
  bodyMode: 'required-unless-query',
  response: UpdateDeploymentResponse,
  privileges: ['manage_ml', 'manage', 'all'],
  action: 'cluster:admin/xpack/ml/trained_models/deployment/update',
  since: '8.6.0',
  effect: 'write',
  replayOnDeployment: true,
  label: '_update',
});
