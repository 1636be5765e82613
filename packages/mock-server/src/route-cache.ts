// Routing a target costs a few microseconds (decoding, then core's endpoint patterns one by one),
// and clients send the same targets again and again. The adapter keeps the last targets' routes:
// `routeOf` depends on nothing but the method, the target and whether the console is served.
import { routeOf, type Target } from './router.js';

/** How many routes are kept; when full, the cache starts over. */
const ROUTE_CACHE_SIZE = 512;
/** Targets longer than this are routed every time (a long target is rarely sent twice). */
const MAX_CACHED_TARGET = 512;

/** `routeOf` for a server that does (or does not) serve the console, remembering recent targets. */
export function routeCache(serveConsole: boolean): (method: string, url: string) => Target {
  const routes = new Map<string, Target>();
  return (method, url) => {
    if (url.length > MAX_CACHED_TARGET) {
      return routeOf(method, url, serveConsole);
    }
    const key = `${method} ${url}`;
    let target = routes.get(key);
    if (target === undefined) {
      target = routeOf(method, url, serveConsole);
      if (routes.size >= ROUTE_CACHE_SIZE) {
        routes.clear();
      }
      // A cached route is shared by every request to its target: nothing may change it.
      routes.set(key, deepFreeze(target));
    }
    return target;
  };
}

function deepFreeze(target: Target): Target {
  if (target.kind === 'es') {
    Object.freeze(target.match.params);
    Object.freeze(target.match);
  }
  return Object.freeze(target);
}
