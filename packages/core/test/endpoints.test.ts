import { describe, expect, it } from 'vitest';
import {
  buildRequest,
  ENDPOINTS,
  matchEndpoint,
  pathFor,
  STATS_ENDPOINT,
  UPDATE_ENDPOINT,
} from '../src/endpoints.js';
import { ROUTES } from '../src/routes.js';

describe('endpoints as data', () => {
  it('ROUTES carries every endpoint, field for field', () => {
    expect(ROUTES.map((r) => r.name)).toEqual(Object.values(ENDPOINTS).map((e) => e.name));
    for (const route of ROUTES) {
      const spec = Object.values(ENDPOINTS).find((e) => e.name === route.name);
      expect(route.paths).toEqual(spec?.paths);
      expect(route.action).toBe(spec?.action);
    }
  });

  it('builds an update with an encoded id, ordered query and a JSON body', () => {
    const req = buildRequest(UPDATE_ENDPOINT, {
      params: { model_id: 'a b/c' },
      query: { timeout: '5s', number_of_allocations: undefined },
      body: { number_of_allocations: 2 },
    });
    expect(req).toEqual({
      method: 'POST',
      path: '/_ml/trained_models/a%20b%2Fc/deployment/_update',
      query: 'timeout=5s',
      headers: { 'content-type': 'application/json' },
      body: '{"number_of_allocations":2}',
      route: 'POST /_ml/trained_models/{model_id}/deployment/_update',
    });
  });

  it('chooses the template whose parameters are given', () => {
    expect(buildRequest(STATS_ENDPOINT).path).toBe('/_ml/trained_models/_stats');
    expect(buildRequest(STATS_ENDPOINT, { params: { model_id: 'm' } }).route).toBe(
      'GET /_ml/trained_models/{model_id}/_stats',
    );
    expect(pathFor(UPDATE_ENDPOINT, { model_id: 'a b' }, false)).toBe(
      '/_ml/trained_models/a b/deployment/_update',
    );
    expect(() => pathFor(UPDATE_ENDPOINT, {})).toThrow(/no path template/);
  });

  it('matches paths back to endpoints, literal segments first', () => {
    expect(matchEndpoint('/_ml/trained_models/_stats')?.key).toBe('stats');
    expect(matchEndpoint('/_ml/trained_models/x%20y/_stats')).toMatchObject({
      key: 'stats',
      params: { model_id: 'x y' },
    });
    expect(matchEndpoint('/_ml/trained_models/m/deployment/_update')?.key).toBe('update');
    expect(matchEndpoint('/_ml/trained_models')?.key).toBe('models');
    expect(matchEndpoint('/')?.key).toBe('info');
    expect(matchEndpoint('/_ml/nothing')).toBeUndefined();
  });
});
