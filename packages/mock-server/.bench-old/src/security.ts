import { createHash, timingSafeEqual } from 'node:crypto';
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

// Hashing first gives equal-length inputs, so the comparison takes the same time whatever differs.
function same(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

function grants(roles: readonly string[] = [], privileges: readonly string[] = []): Set<string> {
  return new Set([...roles.flatMap((r) => ROLE_PRIVILEGES[r] ?? []), ...privileges]);
}

function decode(value: string): string | undefined {
  const text = Buffer.from(value, 'base64').toString('utf8');
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
