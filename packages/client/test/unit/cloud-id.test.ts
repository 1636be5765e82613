import { describe, expect, it } from 'vitest';
import { CloudIdError, createClient, parseCloudId } from '../../src/index.js';

const encode = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('parseCloudId', () => {
  it("decodes the example of Elastic's documentation to https://<es_uuid>.<host>", () => {
    const id =
      'staging:dXMtZWFzdC0xLmF3cy5mb3VuZC5pbyRjZWM2ZjI2MWE3NGJmMjRjZTMzYmI4ODExYjg0Mjk0ZiRjNmMyY2E2ZDA0MjI0OWFmMGNjN2Q3YTllOTYyNTc0Mw==';
    expect(parseCloudId(id)).toEqual({
      name: 'staging',
      url: 'https://cec6f261a74bf24ce33bb8811b84294f.us-east-1.aws.found.io',
      kibanaUrl: 'https://c6c2ca6d042249af0cc7d7a9e9625743.us-east-1.aws.found.io',
    });
  });

  it('keeps a port given with the host or with the uuid, and drops 443', () => {
    expect(parseCloudId(`a:${encode('example.com:9243$abc$def')}`)).toEqual({
      name: 'a',
      url: 'https://abc.example.com:9243',
      kibanaUrl: 'https://def.example.com:9243',
    });
    expect(parseCloudId(`a:${encode('example.com:443$abc:9200')}`).url).toBe('https://abc.example.com:9200');
    expect(parseCloudId(`a:${encode('example.com:443$abc')}`)).toEqual({
      name: 'a',
      url: 'https://abc.example.com',
    });
    expect(parseCloudId(`  :${encode('0.0.1:9200$127')}\n`).url).toBe('https://127.0.0.1:9200');
  });

  it.each([
    ['no colon', encode('example.com$abc'), 'Cloud ID must be in the format "name:base64string"'],
    ['nothing after the colon', 'name:', 'Cloud ID must be in the format "name:base64string"'],
    ['two colons', `a:b:${encode('example.com$abc')}`, 'Cloud ID must be in the format "name:base64string"'],
    ['not base64', 'name:not base64!', 'Cloud ID is not valid base64 after the colon'],
    [
      'no uuid',
      `name:${encode('example.com')}`,
      'Cloud ID must decode to "host$elasticsearch_uuid[$kibana_uuid]"',
    ],
    [
      'an empty host',
      `name:${encode('$abc')}`,
      'Cloud ID must decode to "host$elasticsearch_uuid[$kibana_uuid]"',
    ],
    ['a bad port', `name:${encode('example.com:99999$abc')}`, 'Cloud ID host has an invalid port [99999]'],
    ['a bad host', `name:${encode('exa mple.com$abc')}`, 'Cloud ID host [exa mple.com] is not a host name'],
    [
      'binary',
      `name:${Buffer.from([0xff, 0xfe, 0x24, 0x41]).toString('base64')}`,
      'Cloud ID does not decode to text',
    ],
  ])('refuses %s with a clear message', (_what, id, message) => {
    expect(() => parseCloudId(id)).toThrow(new CloudIdError(message));
  });
});

describe('createClient with cloudId', () => {
  it('takes node, nodes or cloudId, exactly one', () => {
    const cloudId = `a:${encode('example.com$abc')}`;
    expect(() => createClient({ node: 'http://127.0.0.1:9200', cloudId })).toThrow(
      /one of node, nodes or cloudId/,
    );
    expect(() => createClient({ nodes: ['http://127.0.0.1:9200'], cloudId })).toThrow(
      /one of node, nodes or cloudId/,
    );
    expect(() => createClient({})).toThrow(/needs node \(a URL\), nodes \(URLs\) or cloudId/);
    expect(() => createClient({ nodes: [] })).toThrow(/needs node/);
    expect(() => createClient({ cloudId: 'broken' })).toThrow(CloudIdError);
  });
});
