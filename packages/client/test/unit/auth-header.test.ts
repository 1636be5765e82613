import { describe, expect, it } from 'vitest';
import { authorizationHeader, base64, redactHeaders, splitNodeUrl } from '../../src/internal/auth-header.js';

describe('authorizationHeader', () => {
  it('writes the headers the official client writes', () => {
    expect(authorizationHeader({ apiKey: 'abc==' })).toBe('ApiKey abc==');
    expect(authorizationHeader({ apiKey: { id: 'id', api_key: 'key' } })).toBe(`ApiKey ${btoa('id:key')}`);
    expect(authorizationHeader({ username: 'elastic', password: 'pw' })).toBe(`Basic ${btoa('elastic:pw')}`);
    expect(authorizationHeader({ bearer: 'tok' })).toBe('Bearer tok');
    expect(authorizationHeader(undefined)).toBeUndefined();
  });

  it('encodes non-ASCII credentials as UTF-8', () => {
    expect(base64('üser:pässword')).toBe(Buffer.from('üser:pässword', 'utf8').toString('base64'));
  });
});

describe('splitNodeUrl', () => {
  it('moves credentials out of the URL and drops the trailing slash', () => {
    expect(splitNodeUrl('http://u%40x:p%3Aw@127.0.0.1:9200/')).toEqual({
      base: 'http://127.0.0.1:9200',
      auth: { username: 'u@x', password: 'p:w' },
    });
    expect(splitNodeUrl('https://es.example/prefix/')).toEqual({ base: 'https://es.example/prefix' });
  });
});

describe('redactHeaders', () => {
  it('keeps the scheme and hides the secret', () => {
    expect(
      redactHeaders({ authorization: 'ApiKey c2VjcmV0', 'x-api-key': 's', accept: 'application/json' }),
    ).toEqual({
      authorization: 'ApiKey [redacted]',
      'x-api-key': '[redacted]',
      accept: 'application/json',
    });
  });
});
