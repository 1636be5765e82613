import type { ClientAuth } from '../client-options.js';

/** Base64 of UTF-8 text, with web APIs only (no Buffer, so it runs in browsers). */
export function base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary);
}

/** The `authorization` header for the credentials, as the official client writes it. */
export function authorizationHeader(auth: ClientAuth | undefined): string | undefined {
  if (auth === undefined) {
    return undefined;
  }
  if ('apiKey' in auth) {
    const key = auth.apiKey;
    return `ApiKey ${typeof key === 'string' ? key : base64(`${key.id}:${key.api_key}`)}`;
  }
  if ('bearer' in auth) {
    return `Bearer ${auth.bearer}`;
  }
  return `Basic ${base64(`${auth.username}:${auth.password}`)}`;
}

/** Credentials in the node URL (`http://user:pass@host`) become basic auth, as in the official client. */
export function splitNodeUrl(node: string): { base: string; auth?: ClientAuth } {
  const url = new URL(node);
  if (url.username === '' && url.password === '') {
    return { base: url.href.replace(/\/+$/, '') };
  }
  const auth = { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
  url.username = '';
  url.password = '';
  return { base: url.href.replace(/\/+$/, ''), auth };
}

/** A copy of the headers with credentials replaced, for logs and request previews. */
export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (lower === 'authorization') {
      const scheme = value.split(' ')[0] ?? '';
      out[name] = `${scheme} [redacted]`;
    } else if (lower.includes('api-key') || lower.includes('token') || lower === 'cookie') {
      out[name] = '[redacted]';
    } else {
      out[name] = value;
    }
  }
  return out;
}
