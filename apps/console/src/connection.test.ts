import { describe, expect, it } from 'vitest';
import { CONNECTION_KEY, loadConnection, nodeUrl, saveConnection } from './connection.js';
import { readUrl } from './connection-panel.js';

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
    expect(loadConnection(storage)).toEqual({ url: '', apiKey: '' });
    expect(nodeUrl(loadConnection(storage), 'http://127.0.0.1:9200')).toBe('http://127.0.0.1:9200');
  });

  it('round-trips through storage and forgets itself when reset', () => {
    const storage = memoryStorage();
    saveConnection(storage, { url: 'https://es.example:9243', apiKey: 'abc' });
    expect(loadConnection(storage)).toEqual({ url: 'https://es.example:9243', apiKey: 'abc' });
    saveConnection(storage, { url: '', apiKey: '' });
    expect(storage.getItem(CONNECTION_KEY)).toBeNull();
  });

  it('treats a damaged entry as none', () => {
    const storage = memoryStorage();
    storage.setItem(CONNECTION_KEY, '{not json');
    expect(loadConnection(storage)).toEqual({ url: '', apiKey: '' });
  });
});

describe('readUrl', () => {
  it('accepts http and https and drops the trailing slash', () => {
    expect(readUrl(' https://es.example:9243/ ')).toEqual({ url: 'https://es.example:9243' });
    expect(readUrl('')).toEqual({ url: '' });
  });

  it('refuses other schemes, non-URLs and credentials in the URL', () => {
    expect(readUrl('ftp://x')).toEqual({ problem: 'The URL must start with http:// or https://' });
    expect(readUrl('not a url')).toEqual({ problem: 'Not a URL: not a url' });
    expect(readUrl('http://u:p@es.example')).toEqual({
      problem: 'Leave credentials out of the URL; use an API key.',
    });
  });
});
