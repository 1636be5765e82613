// Core's checkEndpointRequest (what the CLI's `mldeploy request` and any tool taking an endpoint by
// key run) and the mock's handlers bind each endpoint to the same check: this fails when a handler
// checks with something core's map does not (a new endpoint whose own check core's map lacks).
import { checkEndpointRequest, ENDPOINT_KEYS, ENDPOINTS } from '@mldeploy/core/rules';
import { describe, expect, it } from 'vitest';
import { HANDLERS } from '../src/handlers.js';

const BODIES = [undefined, '{}', '{"number_of_allocations":0}', '{"no_such_field":1}', 'not json'];
const QUERIES = ['', 'no_such_parameter=1', 'timeout=abc', 'number_of_allocations=2'];

describe("core's checks by endpoint key", () => {
  it('answer as the mock’s handlers do, endpoint by endpoint', () => {
    for (const key of ENDPOINT_KEYS) {
      const endpoint = ENDPOINTS[key];
      const params = Object.fromEntries(endpoint.pathParams.map((p) => [p, p === 'part' ? '0' : 'm']));
      for (const body of BODIES) {
        for (const query of QUERIES) {
          const request = { method: endpoint.method, params, query, body };
          const mock = HANDLERS[key].check(request);
          const core = checkEndpointRequest(key, request);
          const label = `${key} ?${query} ${body ?? '(no body)'}`;
          expect(core.ok, label).toBe(mock.ok);
          expect(core.ok ? undefined : core.error.body, label).toEqual(mock.ok ? undefined : mock.error.body);
        }
      }
    }
  });
});
