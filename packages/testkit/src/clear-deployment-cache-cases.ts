import { type ContractCase, EXAMPLE_DEPLOYMENT_ID } from './contract-case.js';
import { casePath } from './endpoints.js';

// The cache clear's answers (TransportClearDeploymentCacheAction and the REST layer), written out
// once as the truth: docs/rules.md, "Clearing a deployment's cache".
const PATH = casePath('clearDeploymentCache', { model_id: EXAMPLE_DEPLOYMENT_ID });

/** Raw cache-clear requests and what Elasticsearch answers. */
export const clearDeploymentCacheCases: ContractCase[] = [
  {
    name: 'clears the cache of a started deployment',
    endpoint: 'clearDeploymentCache',
    given: {},
    want: { status: 200 },
    stateless: false,
  },
  {
    name: 'answers 404 for a deployment id with no assignment',
    endpoint: 'clearDeploymentCache',
    given: {},
    before: 'missing',
    want: {
      status: 404,
      code: 'DEPLOYMENT_NOT_FOUND',
      type: 'resource_not_found_exception',
      reason: `assignment for model with id [${EXAMPLE_DEPLOYMENT_ID}] not found`,
    },
    stateless: false,
  },
  {
    name: 'refuses an unknown query parameter, suggesting an always-supported one',
    endpoint: 'clearDeploymentCache',
    given: { query: 'prety=true' },
    want: {
      status: 400,
      code: 'UNRECOGNIZED_PARAMETER',
      type: 'illegal_argument_exception',
      reason: `request [${PATH}] contains unrecognized parameter: [prety] -> did you mean [pretty]?`,
    },
    stateless: true,
  },
  {
    name: 'refuses a body: the endpoint reads none',
    endpoint: 'clearDeploymentCache',
    given: { body: '{}' },
    want: {
      status: 400,
      code: 'BODY_NOT_SUPPORTED',
      type: 'illegal_argument_exception',
      reason: `request [POST ${PATH}] does not support having a body`,
    },
    stateless: true,
  },
  {
    name: 'answers 405 to GET, allowing POST',
    endpoint: 'clearDeploymentCache',
    given: { method: 'GET' },
    want: {
      status: 405,
      code: 'METHOD_NOT_ALLOWED',
      reason: `Incorrect HTTP method for uri [${PATH}] and method [GET], allowed: [POST]`,
    },
    stateless: true,
  },
];
