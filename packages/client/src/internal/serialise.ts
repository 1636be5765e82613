import {
  checkListRequest,
  checkStartRequest,
  checkStopRequest,
  checkUpdateRequest,
} from '@mldeploy/core/rules';
import type { StartDeploymentInput, StopDeploymentInput } from '../start-deployment-input.js';
import type { UpdateDeploymentInput, UpdateDeploymentOptions } from '../update-deployment-input.js';
import { localError } from './read-error.js';

/** The wire parts of one request. */
export interface RequestParts {
  method: 'GET' | 'POST';
  path: string;
  query: string;
  body: string | undefined;
  /** The route template, for reports. */
  route: string;
}

const enc = encodeURIComponent;

/**
 * The `_update` request for a typed input, checked with core exactly as Elasticsearch would check it;
 * a request it would reject throws that same error here, before anything is sent.
 */
export function updateParts(
  deploymentId: string,
  input: UpdateDeploymentInput,
  options: UpdateDeploymentOptions = {},
): RequestParts {
  const params = new URLSearchParams();
  let body: string | undefined;
  if (options.asQueryParameter) {
    const { number_of_allocations, ...rest } = input as Record<string, unknown>;
    if (number_of_allocations !== undefined) {
      params.set('number_of_allocations', String(number_of_allocations));
    }
    // Anything else still needs a body; the server then rejects the pair, and so does the check below.
    body = Object.keys(rest).length > 0 ? JSON.stringify(rest) : undefined;
  } else {
    body = JSON.stringify(input);
  }
  if (options.timeout !== undefined) {
    params.set('timeout', options.timeout);
  }
  const query = params.toString();
  const checked = checkUpdateRequest({ modelId: deploymentId, query, body });
  if (!checked.ok) {
    throw localError(checked.error);
  }
  return {
    method: 'POST',
    path: `/_ml/trained_models/${enc(deploymentId)}/deployment/_update`,
    query,
    body,
    route: 'POST /_ml/trained_models/{model_id}/deployment/_update',
  };
}

/**
 * The `_start` request: scalar settings in the query and adaptive settings in the body, as the
 * official client sends them; checked with core first.
 */
export function startParts(modelId: string, input: StartDeploymentInput = {}): RequestParts {
  const params = new URLSearchParams();
  let body: string | undefined;
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) {
      continue;
    }
    if (key === 'adaptive_allocations') {
      body = JSON.stringify({ adaptive_allocations: value });
    } else {
      params.set(key, String(value));
    }
  }
  const query = params.toString();
  const checked = checkStartRequest({ modelId, query, body });
  if (!checked.ok) {
    throw localError(checked.error);
  }
  return {
    method: 'POST',
    path: `/_ml/trained_models/${enc(modelId)}/deployment/_start`,
    query,
    body,
    route: 'POST /_ml/trained_models/{model_id}/deployment/_start',
  };
}

/** The `_stop` request: `force` and `allow_no_match` in the body, as the official client sends them. */
export function stopParts(deploymentId: string, input: StopDeploymentInput = {}): RequestParts {
  const fields = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  const body = Object.keys(fields).length > 0 ? JSON.stringify(fields) : undefined;
  const checked = checkStopRequest({ modelId: deploymentId, body });
  if (!checked.ok) {
    throw localError(checked.error);
  }
  return {
    method: 'POST',
    path: `/_ml/trained_models/${enc(deploymentId)}/deployment/_stop`,
    query: '',
    body,
    route: 'POST /_ml/trained_models/{model_id}/deployment/_stop',
  };
}

/** `GET _ml/trained_models[/{id}]/_stats` or `GET _ml/trained_models[/{id}]`. */
export function listParts(kind: 'stats' | 'models', id?: string): RequestParts {
  const checked = checkListRequest({ kind, modelId: id });
  if (!checked.ok) {
    throw localError(checked.error);
  }
  const base = id === undefined ? '/_ml/trained_models' : `/_ml/trained_models/${enc(id)}`;
  const suffix = kind === 'stats' ? '/_stats' : '';
  return {
    method: 'GET',
    path: `${base}${suffix}`,
    query: '',
    body: undefined,
    route: `GET /_ml/trained_models${id === undefined ? '' : '/{model_id}'}${suffix}`,
  };
}
