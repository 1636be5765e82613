// Where the HTTP adapter (server.ts) sends a request, from its method and target alone, before its
// body is read. The rules are those the mock has always served by (they were fastify's router's,
// with `ignoreTrailingSlash`, `ignoreDuplicateSlashes` and `maxParamLength: 10000`):
// - the path is percent-decoded before it is matched, except for the characters that delimit a
//   URI (`; / ? : @ & = + $ , #` and `%` itself), so `a%2Fb` stays one segment and is decoded
//   to `a/b` as a parameter; a path that does not decode (`%E0%A4%A`) is a bad request;
// - runs of slashes count as one and one trailing slash is ignored, for every route;
// - an absolute-form target (`http://host/path`) is routed by its path; in any other target that
//   does not start with a slash, the first character stands for one (`OPTIONS *` is `/`);
// - a parameter longer than 10,000 characters is a bad request, not a match.
// The engine gets the request as it came (raw path and query): only matching uses the cleaned path.
// Endpoints are matched with core's `matchEndpoint`, so every route comes from core's ENDPOINTS.
import { ENDPOINTS, type EndpointKey, matchEndpoint } from '@mldeploy/core/rules';
import type { RouteMatch } from './pipeline.js';

/** The methods the adapter routes; any other one is answered as an unknown path. */
export const ROUTED_METHODS: ReadonlySet<string> = new Set([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'PATCH',
  'OPTIONS',
]);

/** The longest path parameter matched; a longer one is answered 400. */
export const MAX_PARAM_LENGTH = 10_000;

/** Where a request goes. */
export type Target =
  /** An Elasticsearch endpoint of core's (the pipeline answers, 405 included). */
  | { readonly kind: 'es'; readonly match: RouteMatch }
  /** `/_mock/...`: the control plane (the engine answers, unknown ones with its 404). */
  | { readonly kind: 'mock' }
  /** `/_console` (`file` undefined) or a file under `/_console/`, still percent-encoded once. */
  | { readonly kind: 'console'; readonly file: string | undefined }
  /** No route: the engine's no-handler answer (or the upstream's, in proxy mode). */
  | { readonly kind: 'none' }
  /** A target that cannot be routed: 400 with this reason. */
  | { readonly kind: 'bad'; readonly reason: string };

const MOCK: Target = { kind: 'mock' };
const NONE: Target = { kind: 'none' };
const CONSOLE_ROOT: Target = { kind: 'console', file: undefined };

/**
 * Routes a request target. `console` says whether `/_console` is served (GET only). Methods
 * outside {@link ROUTED_METHODS} are not routed at all: they are unknown paths.
 */
export function routeOf(method: string, url: string, console: boolean): Target {
  const path = routingPath(url);
  if (typeof path !== 'string') {
    return { kind: 'bad', reason: `'${path.target}' is not a valid url component` };
  }
  if (!ROUTED_METHODS.has(method)) {
    return NONE;
  }
  if (path.startsWith('/_mock/')) {
    return MOCK;
  }
  if (console && method === 'GET' && path.startsWith('/_console')) {
    if (path.length === 9) {
      return CONSOLE_ROOT;
    }
    if (path.charCodeAt(9) === 47) {
      return { kind: 'console', file: consoleFile(path.slice(10)) };
    }
  }
  const found = matchEndpoint(path, method);
  if (path.length > MAX_PARAM_LENGTH && paramTooLong(path)) {
    return { kind: 'bad', reason: `'${path}' is exceeding the max param length` };
  }
  return found === undefined ? NONE : { kind: 'es', match: found };
}

/**
 * The path a target is matched by: the path of an absolute-form target, without query or
 * fragment, decoded but for URI delimiters, runs of slashes as one, without a trailing slash.
 * A target that cannot be routed comes back as `{ target }`, the form it is named by in the 400.
 */
export function routingPath(url: string): string | { readonly target: string } {
  let path = url;
  if (path.charCodeAt(0) !== 47) {
    const absolute = pathOfAbsoluteUrl(path);
    if (absolute === undefined) {
      return { target: url };
    }
    // Any other target's first character stands for the leading slash (`*` is `/`).
    path = absolute.charCodeAt(0) === 47 ? absolute : `/${absolute.slice(1)}`;
  }
  const target = path;
  const q = path.indexOf('?');
  if (q >= 0) {
    path = path.slice(0, q);
  }
  const hash = path.indexOf('#');
  if (hash >= 0) {
    path = path.slice(0, hash);
  }
  if (path.includes('%')) {
    try {
      // decodeURI keeps the delimiters encoded but would decode `%25`: keep that one too.
      path = decodeURI(path.replaceAll('%25', '%2525'));
    } catch {
      return { target };
    }
  }
  if (path.includes('//')) {
    path = path.replace(/\/{2,}/g, '/');
  }
  if (path.length > 1 && path.charCodeAt(path.length - 1) === 47) {
    path = path.slice(0, -1);
  }
  return path;
}

/**
 * `http(s)://authority/path?query` → `/path?query`; other targets (`*`, `ftp://...`) are kept as
 * they are; undefined for an absolute target without a host or with a fragment.
 */
function pathOfAbsoluteUrl(url: string): string | undefined {
  const schemeEnd = url.indexOf('://');
  if (schemeEnd < 0) {
    return url;
  }
  const scheme = url.slice(0, schemeEnd).toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') {
    return url;
  }
  const authorityStart = schemeEnd + 3;
  const pathStart = url.indexOf('/', authorityStart);
  const queryStart = url.indexOf('?', authorityStart);
  let authorityEnd = pathStart < 0 ? url.length : pathStart;
  if (queryStart >= 0 && queryStart < authorityEnd) {
    authorityEnd = queryStart;
  }
  if (url.includes('#', authorityStart) || authorityEnd === authorityStart || !URL.canParse(url)) {
    return undefined;
  }
  if (authorityEnd === url.length) {
    return '/';
  }
  return authorityEnd === queryStart ? `/${url.slice(queryStart)}` : url.slice(pathStart);
}

/** The console file asked for, with the delimiters `routingPath` kept encoded decoded once. */
function consoleFile(rest: string): string {
  // Only `%XX` of delimiters (and `%25`) are left, so this cannot throw.
  return rest.includes('%') ? decodeURIComponent(rest) : rest;
}

/** Templates as segments, for {@link paramTooLong}. */
const TEMPLATES: ReadonlyArray<ReadonlyArray<string | null>> = (Object.keys(ENDPOINTS) as EndpointKey[])
  .flatMap((key) => ENDPOINTS[key].paths)
  .map((template) => template.split('/').map((s) => (s.startsWith('{') ? null : s)));

/**
 * Whether matching the path reaches a parameter longer than {@link MAX_PARAM_LENGTH}: a segment
 * in a parameter's place of a template whose literal segments before it match the path.
 */
function paramTooLong(path: string): boolean {
  const segments = path.split('/');
  for (const template of TEMPLATES) {
    for (let i = 0; i < template.length && i < segments.length; i++) {
      const literal = template[i];
      const segment = segments[i] as string;
      if (literal !== null) {
        if (literal !== segment) {
          break;
        }
      } else if (decodeOnce(segment).length > MAX_PARAM_LENGTH) {
        return true;
      }
    }
  }
  return false;
}

function decodeOnce(segment: string): string {
  return segment.includes('%') ? decodeURIComponent(segment) : segment;
}
