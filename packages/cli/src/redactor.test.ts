import { describe, expect, it } from 'vitest';
import { Redactor } from './redactor.js';

describe('Redactor', () => {
  it('scrubs a secret, its base64 and its URL-encoded form', () => {
    const r = new Redactor();
    r.add('id:s3cr3t/key');
    const b64 = Buffer.from('id:s3cr3t/key').toString('base64');
    expect(r.redact(`a id:s3cr3t/key b ${b64} c ${encodeURIComponent('id:s3cr3t/key')}`)).toBe(
      'a [redacted] b [redacted] c [redacted]',
    );
  });

  it('scrubs the basic-auth header value of a user and password', () => {
    const r = new Redactor();
    r.addBasic('elastic', 'changeme');
    expect(r.redact(`Basic ${Buffer.from('elastic:changeme').toString('base64')}`)).toBe('Basic [redacted]');
  });

  it('ignores values too short to scrub safely', () => {
    const r = new Redactor();
    r.add('ab');
    expect(r.redact('abc')).toBe('abc');
  });
});
