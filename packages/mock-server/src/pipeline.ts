// The Elasticsearch request pipeline, independent of any transport: a request goes in, an answer
// comes out. The order of checks is Elasticsearch's (RestController, then the security filter,
// then the action) and is written once, below, in `handle`. See docs/architecture.md
// ("The mock's pipeline").
import { ENDPOINTS, type EndpointKey, type EsError, errors, matchEndpoint } from '@mldeploy/core/rules';
import type { Clock } from './clock.js';
import type { Cluster } from './cluster.js';
import type { FaultQueue } from './faults.js';
import { EXTRA_METHODS, HANDLERS } from './handlers.js';
import { type Answer, errorAnswer, type MockRequest, plainText, render, type WireAnswer } from './http.js';
import { authenticate, type Principal } from './security.js';

/** The order in which a request is checked; the first step that answers wins. */
export const PIPELINE_ORDER = [
  'route: no endpoint for the path answers 404 (no_handler_found)',
  'fault: an injected fault answers, delays or drops the connection',
  'method: another method of the path answers 405 with Allow',
  'media type: a body that is not JSON answers 406 (or 400 for a bad compatible-with)',
  'authentication: with security on, no or bad credentials answer 401',
  'parse and validate: the endpoint parses path, query and body and answers 400',
  'authorization: a principal without the privileges answers 403',
  'state: the cluster refuses (404, 409, 429, 408) or changes',
  'answer: 200 with the view, written for the request (filter_path, pretty, media type)',
] as const;

/** An endpoint the transport already matched (so the pipeline need not match it again). */
export interface RouteMatch {
  readonly key: EndpointKey;
  readonly params: Readonly<Record<string, string | undefined>>;
}

/** What the pipeline works on. */
export interface PipelineDeps {
  readonly cluster: Cluster;
  readonly faults: FaultQueue;
  readonly clock: Clock;
  readonly persist: () => void;
}

/** The methods each endpoint answers: core's, plus the extra ones of handlers.ts. */
const ALLOWED = Object.fromEntries(
  (Object.keys(ENDPOINTS) as EndpointKey[]).map((key) => [
    key,
    [ENDPOINTS[key].method as string, ...(EXTRA_METHODS[key] ?? [])],
  ]),
) as unknown as Record<EndpointKey, readonly string[]>;

/** Builds `handle(request, match?)`: the Elasticsearch pipeline over one simulated cluster. */
export function createPipeline(
  deps: PipelineDeps,
): (request: MockRequest, match?: RouteMatch | null) => WireAnswer | Promise<WireAnswer> {
  const { cluster, faults, clock } = deps;

  const finish = (request: MockRequest, answer: Answer | Promise<Answer>) =>
    answer instanceof Promise ? answer.then((a) => render(request, a)) : render(request, answer);

  /** The checks after faults; sync unless the handler waits. */
  const checked = (
    request: MockRequest,
    key: EndpointKey,
    params: RouteMatch['params'],
  ): WireAnswer | Promise<WireAnswer> => {
    // 405: the path is known, the method is not.
    const allowed = ALLOWED[key];
    if (!allowed.includes(request.method)) {
      return render(request, errorAnswer(errors.methodNotAllowed(request.url, request.method, allowed)));
    }
    // 406 / 400: the media type of a body.
    const body = request.body !== undefined && request.body.length > 0 ? request.body : undefined;
    if (body !== undefined) {
      const contentType = checkContentType(request, cluster.settings.version);
      if (contentType) {
        return render(request, errorAnswer(contentType));
      }
    }
    // 401: authentication, when security is on.
    let principal: Principal | undefined;
    if (cluster.security.enabled) {
      const auth = authenticate(cluster.security, headerOf(request, 'authorization'), request.url);
      if (!auth.ok) {
        return render(request, errorAnswer(auth.error));
      }
      principal = auth.principal;
    }
    // 400, 403, state, 200: the endpoint's own steps (handlers.ts).
    return finish(
      request,
      HANDLERS[key]({
        cluster,
        clock,
        persist: deps.persist,
        method: request.method,
        modelId: params.model_id,
        query: request.query,
        body,
        principal,
      }),
    );
  };

  return (request, match) => {
    // 404: no endpoint has this path.
    const route = match === undefined ? lookup(request.path) : match;
    if (route === null) {
      return render(request, errorAnswer(errors.noHandler(request.path, request.method)));
    }
    // Faults come before everything else Elasticsearch would check.
    const fault = faults.take(request.path);
    if (fault) {
      return applyFault(fault).then((faulted) => faulted ?? checked(request, route.key, route.params));
    }
    return checked(request, route.key, route.params);

    async function applyFault(
      f: NonNullable<ReturnType<FaultQueue['take']>>,
    ): Promise<WireAnswer | undefined> {
      if (f.latency_ms) {
        await clock.sleep(f.latency_ms);
      }
      if (f.drop_connection) {
        return { status: 0, headers: {}, body: undefined, drop: true };
      }
      if (f.status !== undefined) {
        return faultAnswer(request, f.status);
      }
      return undefined;
    }
  };
}

function lookup(path: string): RouteMatch | null {
  const found = matchEndpoint(path);
  return found ? { key: found.key, params: found.params } : null;
}

function headerOf(request: MockRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function faultAnswer(request: MockRequest, status: number): WireAnswer {
  if (status === 429) {
    return render(request, errorAnswer(errors.tooManyRequests()));
  }
  if (status === 503) {
    return render(request, errorAnswer(errors.serviceUnavailable()));
  }
  if (status === 500) {
    return render(request, errorAnswer(errors.internalError('injected fault')));
  }
  // 502 and 504 come from proxies in front of Elasticsearch, not from it: plain text.
  return plainText(status, status === 502 ? 'Bad Gateway' : status === 504 ? 'Gateway Timeout' : 'Fault');
}

/**
 * RestController's media type check for requests with a body: JSON, or the compatible-with form
 * for this major or the one before it.
 */
function checkContentType(request: MockRequest, version: string): EsError | undefined {
  const header = headerOf(request, 'content-type');
  if (header === 'application/json') {
    return undefined;
  }
  if (header === undefined || header.trim() === '') {
    return errors.contentTypeMissing();
  }
  const [type = '', ...rest] = header.split(';').map((s) => s.trim().toLowerCase());
  if (type === 'application/json') {
    return undefined;
  }
  if (type === 'application/vnd.elasticsearch+json') {
    const compat = rest.find((p) => p.startsWith('compatible-with='));
    const wanted = Number(compat?.slice('compatible-with='.length));
    const major = Number(version.split('.')[0]);
    if (compat === undefined) {
      return undefined;
    }
    if (!(wanted === major || wanted === major - 1)) {
      return errors.mediaTypeInvalid(
        `Content-Type version must be either version ${major} or ${major - 1}, but found ${Number.isNaN(wanted) ? compat : wanted}. Content-Type=${header}`,
      );
    }
    return undefined;
  }
  return errors.contentTypeNotSupported(header);
}
