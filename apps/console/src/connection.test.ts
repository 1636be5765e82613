import { describe, expect, it } from 'vitest';
import {
  CONNECTION_KEY,
  loadConnection,
  nodeUrl,
  nodeUrls,
  saveConnection,
  targetName,
} from './connection.js';
import { describeUrls, readUrl, readUrls } from './connection-panel.js';

function memoryStorage(): Storage {
  const map = new Map<string, string>();
  return {
    get length() {
      return map.size;
    },
    clear: () => map.clear(),
    getItem: (k) => map.get(k) ?? null,
    key: (i) => [...map.keys()][i] ?? null,
    removeItem: (k) => void map.delete(k),
    setItem: (k, v) => void map.set(k, v),
  };
}

describe('the saved connection', () => {
  it('defaults to the serving origin without a key', () => {
    const storage = memoryStorage();
    expect(loadConnection(storage)).toEqual({ urls: [], apiKey: '' });
    expect(nodeUrls(loadConnection(storage), 'http://127.0.0.1:9200')).toEqual(['http://127.0.0.1:9200']);
    expect(nodeUrl(loadConnection(storage), 'http://127.0.0.1:9200')).toBe('http://127.0.0.1:9200');
  });

  it('round-trips through storage and forgets itself when reset', () => {
    const storage = memoryStorage();
    const urls = ['https://es-1.example:9243', 'https://es-2.example:9243'];
    saveConnection(storage, { urls, apiKey: 'abc' });
    expect(loadConnection(storage)).toEqual({ urls, apiKey: 'abc' });
    expect(nodeUrls(loadConnection(storage), 'http://127.0.0.1:9200')).toEqual(urls);
    expect(targetName(loadConnection(storage), 'http://127.0.0.1:9200')).toBe('2 nodes');
    saveConnection(storage, { urls: [], apiKey: '' });
    expect(storage.getItem(CONNECTION_KEY)).toBeNull();
  });

  it('treats a damaged entry as none', () => {
    const storage = memoryStorage();
    storage.setItem(CONNECTION_KEY, '{not json');
    expect(loadConnection(storage)).toEqual({ urls: [], apiKey: '' });
    storage.setItem(CONNECTION_KEY, JSON.stringify({ urls: [1], apiKey: '' }));
    expect(loadConnection(storage)).toEqual({ urls: [], apiKey: '' });
  });

  it('reads an entry saved with one url before several were accepted', () => {
    const storage = memoryStorage();
    storage.setItem(CONNECTION_KEY, JSON.stringify({ url: 'https://es.example:9243', apiKey: 'k' }));
    expect(loadConnection(storage)).toEqual({ urls: ['https://es.example:9243'], apiKey: 'k' });
    storage.setItem(CONNECTION_KEY, JSON.stringify({ url: '', apiKey: 'k' }));
    expect(loadConnection(storage)).toEqual({ urls: [], apiKey: 'k' });
  });
});

describe('readUrl', () => {
  it('accepts http and https and drops the trailing slash', () => {
    expect(readUrl(' https://es.example:9243/ ')).toEqual({ url: 'https://es.example:9243' });
    expect(readUrl('')).toEqual({ url: '' });
  });

  it('refuses other schemes, non-URLs and credentials in the URL', () => {
    expect(readUrl('ftp://x')).toEqual({ problem: 'The URL must start with http:// or https://: ftp://x' });
    expect(readUrl('not a url')).toEqual({ problem: 'Not a URL: not a url' });
    expect(readUrl('http://u:p@es.example')).toEqual({
      problem: 'Leave credentials out of the URL of es.example; use an API key.',
    });
  });
});

describe('readUrls', () => {
  it('reads one URL per line or comma-separated, blanks skipped, in order', () => {
    expect(readUrls('http://127.0.0.1:9200/\n\n https://es-2.example:9243 ,http://es-3.example\n')).toEqual({
      urls: ['http://127.0.0.1:9200', 'https://es-2.example:9243', 'http://es-3.example'],
    });
    expect(readUrls(' \n , ')).toEqual({ urls: [] });
  });

  it('names the first bad URL, and never echoes credentials', () => {
    expect(readUrls('http://es-1.example\nes-2 example\nftp://x')).toEqual({
      problem: 'Not a URL: es-2 example',
    });
    // Without a scheme the host reads as one: the message says what is missing.
    expect(readUrls('http://es-1.example\nes-2.example:9200')).toEqual({
      problem: 'The URL must start with http:// or https://: es-2.example:9200',
    });
    expect(readUrls('http://es-1.example, ftp://es-2.example')).toEqual({
      problem: 'The URL must start with http:// or https://: ftp://es-2.example',
    });
    const secret = readUrls('http://es-1.example\nhttp://elastic:changeme@es-2.example:9200');
    expect(secret).toEqual({
      problem: 'Leave credentials out of the URL of es-2.example:9200; use an API key.',
    });
    expect(JSON.stringify(secret)).not.toContain('changeme');
  });

  it('refuses a node listed twice', () => {
    expect(readUrls('http://es-1.example/\nhttp://es-1.example')).toEqual({
      problem: 'Listed twice: http://es-1.example',
    });
  });

  it('describes this server, one URL, or how many nodes', () => {
    expect(describeUrls([])).toBe('this server');
    expect(describeUrls(['http://es-1.example'])).toBe('http://es-1.example');
    expect(describeUrls(['http://es-1.example', 'http://es-2.example'])).toBe(
      '2 nodes (http://es-1.example, \u2026)',
    );
  });
});
