// Reads contract cases from text in the formats docs/verify.md describes: a JSON array of cases,
// JSON Lines (one case per line, as a recorder appends them), or the document
// `@mldeploy/testkit/cases.json` (cases under `updateDeploymentCases`).
import type { ContractCase } from './contract-case.js';
import { CASE_ENDPOINT_NAMES, type CaseEndpoint, isCaseEndpoint, pathParamsOf } from './endpoints.js';

const METHODS = new Set(['POST', 'GET', 'PUT', 'DELETE']);
const STATES = new Set(['started', 'starting', 'stopping', 'failed']);
const STATES_AFTER = new Set([...STATES, 'stopped']);

/** Parses cases from text; throws an Error naming the first case (or line) that is not one. */
export function parseCaseFile(text: string): ContractCase[] {
  const trimmed = text.trim();
  if (trimmed === '') {
    throw new Error('no cases: the file is empty');
  }
  let items: { value: unknown; where: string }[];
  let whole: unknown;
  let wholeError: unknown;
  try {
    whole = JSON.parse(trimmed);
  } catch (e) {
    wholeError = e;
  }
  if (wholeError === undefined) {
    const list = Array.isArray(whole)
      ? whole
      : isObject(whole) && Array.isArray(whole.updateDeploymentCases)
        ? whole.updateDeploymentCases
        : isObject(whole) && 'given' in whole
          ? [whole]
          : undefined;
    if (list === undefined) {
      throw new Error(
        'expected a JSON array of cases, JSON Lines of cases, or a document with updateDeploymentCases',
      );
    }
    items = list.map((value, i) => ({ value, where: `case ${i + 1}` }));
  } else {
    items = [];
    const lines = text.split(/\r?\n/);
    lines.forEach((line, i) => {
      if (line.trim() === '') {
        return;
      }
      try {
        items.push({ value: JSON.parse(line), where: `line ${i + 1}` });
      } catch (e) {
        throw new Error(`line ${i + 1}: not JSON (${(e as Error).message})`);
      }
    });
  }
  if (items.length === 0) {
    throw new Error('no cases in the file');
  }
  return items.map(({ value, where }) => checkCase(value, where));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkCase(value: unknown, where: string): ContractCase {
  const fail = (what: string): never => {
    throw new Error(`${where}: ${what}`);
  };
  if (!isObject(value)) {
    return fail('a case must be an object');
  }
  if (typeof value.name !== 'string' || value.name === '') {
    fail('name must be a non-empty string');
  }
  if (value.endpoint !== undefined && !isCaseEndpoint(value.endpoint)) {
    fail(
      `unknown endpoint ${JSON.stringify(value.endpoint)}: expected one of ${CASE_ENDPOINT_NAMES.join(', ')}`,
    );
  }
  const endpoint = (value.endpoint ?? 'update') as CaseEndpoint;
  const given = value.given;
  if (!isObject(given)) {
    return fail('given must be an object');
  }
  if (given.method !== undefined && !METHODS.has(given.method as string)) {
    fail(`given.method must be one of ${[...METHODS].join(', ')}`);
  }
  for (const key of ['modelId', 'query', 'body'] as const) {
    if (given[key] !== undefined && typeof given[key] !== 'string') {
      fail(`given.${key} must be a string`);
    }
  }
  if (given.keepIds !== undefined && typeof given.keepIds !== 'boolean') {
    fail('given.keepIds must be true or false');
  }
  if (given.keepIds === true && value.stateless !== true) {
    fail('given.keepIds needs stateless: true (only a request refused for its ids keeps them)');
  }
  const pathParams = pathParamsOf(endpoint);
  if (given.modelId !== undefined && !pathParams.includes('model_id')) {
    fail(`given.modelId: endpoint ${endpoint} has no {model_id} in its path`);
  }
  const others = pathParams.filter((name) => name !== 'model_id');
  if (given.params !== undefined) {
    if (!isObject(given.params)) {
      fail('given.params must be an object of path parameters');
    }
    for (const [name, param] of Object.entries(given.params as Record<string, unknown>)) {
      if (!others.includes(name)) {
        fail(
          name === 'model_id'
            ? 'given.params.model_id: write the model id as given.modelId'
            : `given.params.${name}: endpoint ${endpoint} has ${others.length === 0 ? 'no other path parameters' : `only ${others.join(', ')}`}`,
        );
      }
      if (typeof param !== 'string' || param === '') {
        fail(`given.params.${name} must be a non-empty string`);
      }
    }
  }
  if (endpoint === 'inferenceUpdate' && !isObject(given.params)) {
    fail('given.params.inference_id is required for endpoint inferenceUpdate');
  }
  if (
    endpoint === 'inferenceUpdate' &&
    (given.params as Record<string, unknown>).inference_id === undefined
  ) {
    fail('given.params.inference_id is required for endpoint inferenceUpdate');
  }
  const want = value.want;
  if (!isObject(want)) {
    return fail('want must be an object');
  }
  if (typeof want.status !== 'number' || !Number.isInteger(want.status)) {
    fail('want.status must be an integer');
  }
  for (const key of [
    'code',
    'type',
    'reason',
    'causedBy',
    'causedByReason',
    'rootCause',
    'warning',
  ] as const) {
    if (want[key] !== undefined && typeof want[key] !== 'string') {
      fail(`want.${key} must be a string`);
    }
  }
  if (want.after !== undefined && !isObject(want.after)) {
    fail('want.after must be an object');
  }
  const stateAfter = isObject(want.after) ? want.after.assignment_state : undefined;
  if (stateAfter !== undefined && !STATES_AFTER.has(stateAfter as string)) {
    fail(`want.after.assignment_state must be one of ${[...STATES_AFTER].join(', ')}`);
  }
  if (typeof value.stateless !== 'boolean') {
    fail('stateless must be true or false');
  }
  const before = value.before;
  if (before !== undefined && before !== 'missing' && before !== 'stopped') {
    if (!isObject(before)) {
      return fail("before must be 'missing', 'stopped' or a deployment state");
    }
    if (typeof before.number_of_allocations !== 'number') {
      fail('before.number_of_allocations must be a number');
    }
    if (before.adaptive_allocations !== null && !isObject(before.adaptive_allocations)) {
      fail('before.adaptive_allocations must be an object or null');
    }
    if (!STATES.has(before.assignment_state as string)) {
      fail(`before.assignment_state must be one of ${[...STATES].join(', ')}`);
    }
  }
  return value as unknown as ContractCase;
}
