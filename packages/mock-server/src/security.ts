import { type EsError, errors } from '@mldeploy/core/rules';
import type { SeedDocument } from './seed.js';

/** Who a request authenticated as. */
export interface Principal {
  /** For 403 messages: `user [u] with effective roles [..]` or `API key id [id] of user [u]`. */
  describe: string;
  privileges: Set<string>;
}

/** Built-in roles the mock understands, with the cluster privileges they grant. */
export const ROLE_PRIVILEGES: Record<string, readonly string[]> = {
  superuser: ['all'],
  machine_learning_admin: ['manage_ml'],
  machine_learning_user: ['monitor_ml'],
  inference_admin: ['manage_inference'],
  viewer: ['monitor'],
  editor: ['monitor'],
};

/**
 * Whether a stored credential equals the presented one, in a time that depends only on the
 * presented one's length: every character of it is compared whatever differs (no early exit), so
 * timing reveals neither where a guess goes wrong nor the stored value's length. Plain code rather
 * than `node:crypto`, which a browser (the msw entry under a service worker) does not have.
 */
export function same(stored: string, presented: string): boolean {
  let diff = stored.length ^ presented.length;
  for (let i = 0; i < presented.length; i++) {
    diff |= stored.charCodeAt(i % stored.length) ^ presented.charCodeAt(i);
  }
  return diff === 0;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUES = new Map([...BASE64].map((c, i) => [c, i] as const));
BASE64_VALUES.set('-', 62).set('_', 63);
const utf8 = new TextDecoder();

/**
 * Base64 (or base64url) to UTF-8 text, as Node's `Buffer.from(value, 'base64').toString('utf8')`
 * decodes it: other characters are skipped, the first `=` ends the data, a last partial byte is
 * dropped, invalid UTF-8 becomes U+FFFD. Plain code so that it runs in a browser as in Node.
 */
export function decodeBase64Text(value: string): string {
  const bytes = new Uint8Array(Math.ceil((value.length * 3) / 4));
  let length = 0;
  let bits = 0;
  let buffer = 0;
  for (const c of value) {
    if (c === '=') {
      break;
    }
    const v = BASE64_VALUES.get(c);
    if (v === undefined) {
      continue;
    }
    buffer = ((buffer << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[length++] = (buffer >> bits) & 0xff;
    }
  }
  return utf8.decode(bytes.subarray(0, length));
}

function grants(roles: readonly string[] = [], privileges: readonly string[] = []): Set<string> {
  return new Set([...roles.flatMap((r) => ROLE_PRIVILEGES[r] ?? []), ...privileges]);
}

function decode(value: string): string | undefined {
  const text = decodeBase64Text(value);
  return text.includes(':') ? text : undefined;
}

/**
 * Authenticates as Elasticsearch's security REST filter does: basic (users), `ApiKey` (id:key,
 * base64). Answers the principal or the 401 to send. Credentials never leave this function.
 */
export function authenticate(
  security: SeedDocument['security'],
  authorization: string | undefined,
  uri: string,
): { ok: true; principal: Principal } | { ok: false; error: EsError } {
  if (!authorization) {
    return { ok: false, error: errors.missingCredentials(uri) };
  }
  const space = authorization.indexOf(' ');
  const scheme = (space < 0 ? authorization : authorization.slice(0, space)).toLowerCase();
  const value = space < 0 ? '' : authorization.slice(space + 1).trim();
  if (scheme === 'basic') {
    const pair = decode(value);
    if (pair === undefined) {
      return { ok: false, error: errors.missingCredentials(uri) };
    }
    const colon = pair.indexOf(':');
    const username = pair.slice(0, colon);
    const password = pair.slice(colon + 1);
    let match: SeedDocument['security']['users'][number] | undefined;
    for (const user of security.users) {
      // Compare every user, so timing does not reveal which usernames exist.
      const ok = same(user.username, username) && same(user.password, password);
      if (ok && !match) {
        match = user;
      }
    }
    if (!match) {
      return { ok: false, error: errors.badCredentials(username, uri) };
    }
    const roles = [...(match.roles ?? [])].sort();
    return {
      ok: true,
      principal: {
        describe: `user [${match.username}] with effective roles [${roles.join(',')}]`,
        privileges: grants(match.roles, match.privileges),
      },
    };
  }
  if (scheme === 'apikey') {
    const pair = decode(value);
    const colon = pair?.indexOf(':') ?? -1;
    const id = pair?.slice(0, colon) ?? '';
    const secret = pair?.slice(colon + 1) ?? '';
    let match: SeedDocument['security']['api_keys'][number] | undefined;
    for (const key of security.api_keys) {
      const ok = same(key.id, id) && same(key.api_key, secret);
      if (ok && !match) {
        match = key;
      }
    }
    if (!match) {
      return { ok: false, error: errors.badApiKey() };
    }
    return {
      ok: true,
      principal: {
        describe: `API key id [${match.id}] of user [${match.username ?? 'elastic'}]`,
        privileges: grants(match.roles, match.privileges),
      },
    };
  }
  // Bearer tokens and other schemes: no token service in the mock.
  return { ok: false, error: errors.badApiKey() };
}

/** The 403 for a principal that holds none of the route's privileges, else undefined. */
export function authorize(
  principal: Principal,
  route: { action: string; privileges: readonly string[] },
): EsError | undefined {
  if (route.privileges.some((p) => principal.privileges.has(p))) {
    return undefined;
  }
  return errors.unauthorized(route.action, principal.describe, route.privileges);
}
