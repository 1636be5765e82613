// Core's endpoint data and its rules must list the same query parameters: a parameter added to an
// endpoint's `queryParams` and not read by its check (or the reverse) fails here. This is what lets
// the client type its query options from the data (docs/architecture.md, "How to add an endpoint").
import { describe, expect, it } from 'vitest';
import { ENDPOINTS, type EndpointKey } from '../src/endpoints.js';
import { ROUTES } from '../src/routes.js';
import { checkListRequest, checkStopRequest } from '../src/rules/check-other-requests.js';
import { checkStartRequest } from '../src/rules/check-start-request.js';
import { checkUpdateRequest } from '../src/rules/check-update-request.js';
import { ALWAYS_SUPPORTED_PARAMS } from '../src/rules/rest-params.js';

type Check = (query: string) => { ok: boolean; error?: { body: { error: unknown } } };

const CHECKS: Partial<Record<EndpointKey, Check>> = {
  update: (query) => checkUpdateRequest({ modelId: 'm', query, body: '{"number_of_allocations":1}' }),
  start: (query) => checkStartRequest({ modelId: 'm', query }),
  stop: (query) => checkStopRequest({ modelId: 'm', query }),
  stats: (query) => checkListRequest({ kind: 'stats', modelId: 'm', query }),
  // The table lists every version's parameters: include_model_definition is read before 9.0 only.
  models: (query) => checkListRequest({ kind: 'models', modelId: 'm', query, version: '8.19.0' }),
};

function unrecognized(check: Check, query: string): boolean {
  const result = check(query);
  return !result.ok && JSON.stringify(result.error?.body.error).includes('unrecognized parameter');
}

describe("each endpoint's queryParams are the parameters its check reads", () => {
  for (const [key, check] of Object.entries(CHECKS) as [EndpointKey, Check][]) {
    const endpoint = ENDPOINTS[key];
    it(`${endpoint.name}: every listed parameter is read`, () => {
      for (const name of endpoint.queryParams) {
        // A value that may be invalid: only "unrecognized" would mean the check does not read it.
        expect(unrecognized(check, `${name}=x`), name).toBe(false);
      }
    });
    it(`${endpoint.name}: a parameter not listed is refused`, () => {
      expect(unrecognized(check, 'not_listed_anywhere=1')).toBe(true);
    });
  }
});

describe("each route's query schema documents exactly the endpoint's queryParams", () => {
  for (const route of ROUTES) {
    it(route.name, () => {
      const documented = Object.keys((route.query as { properties?: object }).properties ?? {}).filter(
        (name) => !(ALWAYS_SUPPORTED_PARAMS as readonly string[]).includes(name),
      );
      expect(documented.sort()).toEqual([...route.queryParams].sort());
    });
  }
});
