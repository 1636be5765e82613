// Every endpoint of core's table has a handler here, and the proxy judges by the same checks: a
// new endpoint in core without a handler fails here (and the type checker names it).
import { ENDPOINT_KEYS, ENDPOINTS } from '@mldeploy/core/rules';
import { describe, expect, it } from 'vitest';
import { coreVerdict } from '../src/contract.js';
import { HANDLERS } from '../src/handlers.js';

describe("the mock's handlers", () => {
  it("has exactly one handler per endpoint of core's table", () => {
    expect(Object.keys(HANDLERS).sort()).toEqual([...ENDPOINT_KEYS].sort());
    for (const key of ENDPOINT_KEYS) {
      expect(HANDLERS[key].check, key).toBeTypeOf('function');
      expect(HANDLERS[key].act, key).toBeTypeOf('function');
    }
  });

  it("gives the proxy's verdict the pipeline's check: an unrecognized parameter is rejected on every endpoint", () => {
    for (const key of ENDPOINT_KEYS) {
      const endpoint = ENDPOINTS[key];
      const path = endpoint.paths[0]?.replace(/\{(\w+)\}/g, 'x') ?? '/';
      const verdict = coreVerdict({
        method: endpoint.method,
        url: `${path}?not_a_parameter=1`,
        path,
        query: 'not_a_parameter=1',
        headers: {},
        body: undefined,
      });
      expect(verdict.kind, key).toBe('rejected');
    }
  });

  it('judges nothing on a path no endpoint has (forwarded as unknown)', () => {
    expect(
      coreVerdict({
        method: 'GET',
        url: '/_cat/nothing',
        path: '/_cat/nothing',
        query: '',
        headers: {},
        body: undefined,
      }).kind,
    ).toBe('unknown');
  });
});
