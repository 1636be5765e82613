// The Elasticsearch request pipeline, independent of any transport: a request goes in, an answer
// comes out. The order of checks is Elasticsearch's (RestController, then the security filter,
// then the action) and is written once, below, in `handle`. See docs/architecture.md
// ("The mock's pipeline").
import {
  bodyFormatOf,
  checkMediaTypes,
  ENDPOINTS,
  type EndpointKey,
  type EsError,
  errors,
  matchEndpoint,
  methodsOf,
  methodsOfTemplate,
  versionRefusal,
} from '@mldeploy/core/rules';
import { parse as parseYaml } from 'yaml';
import type { Clock } from './clock.js';
import type { Cluster } from './cluster.js';
import type { FaultQueue } from './faults.js';
import { HANDLERS } from './handlers.js';
import { type Answer, errorAnswer, type MockRequest, plainText, render, type WireAnswer } from './http.js';
import { authenticate, authorize, type Principal } from './security.js';
import type { HttpNodeView } from './views.js';

/** The order in which a request is checked; the first step that answers wins. */
export const PIPELINE_ORDER = [
  'route: no endpoint for the path answers 400 (no handler found for uri …)',
  'fault: an injected fault answers, delays or drops the connection',
  'method: another method of the path answers 405 with Allow',
  'media type: a body Elasticsearch cannot read answers 406; a compatible-with of neither this major nor the one before, or Accept and Content-Type disagreeing, answers 400',
  'authentication: with security on, no or bad credentials answer 401',
  "version: what the cluster's version does not know yet answers as that version would (docs/versions.md)",
  'parse and validate: the endpoint parses path, query and body and answers 400',
  'authorization: a principal without the privileges answers 403',
  'state: the cluster refuses (404, 409, 429, 408) or changes',
  'answer: 200 with the view, written for the request (filter_path on successes only, pretty, media type, error_trace)',
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
  /** The HTTP nodes serving the cluster (empty without an HTTP adapter). */
  readonly httpNodes: () => readonly HttpNodeView[];
}

/** The methods each endpoint answers (core's `method` and `alsoAnswers`). */
const ALLOWED = Object.fromEntries(
  (Object.keys(ENDPOINTS) as EndpointKey[]).map((key) => [key, methodsOf(ENDPOINTS[key])]),
) as unknown as Record<EndpointKey, readonly string[]>;

/** Builds `handle(request, match?)`: the Elasticsearch pipeline over one simulated cluster. */
export function createPipeline(
  deps: PipelineDeps,
): (request: MockRequest, match?: RouteMatch | null) => WireAnswer | Promise<WireAnswer> {
  const { cluster, faults, clock } = deps;
  const media = new MediaTypeCheck();

  const finish = (request: MockRequest, answer: Answer | Promise<Answer>) =>
    answer instanceof Promise ? answer.then((a) => render(request, a)) : render(request, answer);

  /** The checks after faults; sync unless the handler waits. */
  const checked = (
    request: MockRequest,
    key: EndpointKey,
    params: RouteMatch['params'],
  ): WireAnswer | Promise<WireAnswer> => {
    // 405: the path is known, the method is not.
    if (!ALLOWED[key].includes(request.method)) {
      // Every method of the template: endpoints may share one (GET, PUT and DELETE of a model).
      const template = matchEndpoint(request.path)?.template;
      const allowed = template === undefined ? ALLOWED[key] : methodsOfTemplate(template);
      return render(request, errorAnswer(errors.methodNotAllowed(request.url, request.method, allowed)));
    }
    // 406 / 400: the media types (core's checkMediaTypes, for the cluster's version).
    const raw = request.body !== undefined && request.body.length > 0 ? request.body : undefined;
    const mediaError = media.check(
      headerOf(request, 'accept'),
      headerOf(request, 'content-type'),
      raw !== undefined,
      cluster.settings.version,
    );
    if (mediaError) {
      return render(request, errorAnswer(mediaError));
    }
    const decoded = raw === undefined ? undefined : decodeBody(raw, headerOf(request, 'content-type'));
    if (decoded !== undefined && !decoded.ok) {
      return render(request, errorAnswer(decoded.error));
    }
    const body = decoded?.text;
    // 401: authentication, when security is on.
    let principal: Principal | undefined;
    if (cluster.security.enabled) {
      const auth = authenticate(cluster.security, headerOf(request, 'authorization'), request.url);
      if (!auth.ok) {
        return render(request, errorAnswer(auth.error));
      }
      principal = auth.principal;
    }
    // What a server of an older version does not know (core's versionRefusal).
    const refusal = versionRefusal(cluster.settings.version, {
      key,
      method: request.method,
      path: request.path,
      params,
      query: request.query,
      body,
    });
    if (refusal) {
      return render(request, errorAnswer(refusal));
    }
    // 400: the endpoint's check (the proxy's verdict runs the same one).
    const handler = HANDLERS[key];
    const checkedRequest = handler.check({ method: request.method, params, query: request.query, body });
    if (!checkedRequest.ok) {
      return render(request, errorAnswer(checkedRequest.error));
    }
    // 403: after the request was parsed and validated, as Elasticsearch's security filter runs.
    if (principal) {
      const forbidden =
        handler.authorize?.(principal, checkedRequest.value) ?? authorize(principal, ENDPOINTS[key]);
      if (forbidden) {
        return render(request, errorAnswer(forbidden));
      }
    }
    // State and answer: the endpoint's action (handlers.ts).
    return finish(
      request,
      handler.act(
        {
          cluster,
          clock,
          persist: deps.persist,
          method: request.method,
          params,
          query: request.query,
          body,
          principal,
          node: request.node,
          httpNodes: deps.httpNodes(),
        },
        checkedRequest.value,
      ),
    );
  };

  return (request, match) => {
    // 404: no endpoint has this path.
    const route = match === undefined ? lookup(request.path, request.method) : match;
    if (route === null) {
      return render(request, errorAnswer(errors.noHandler(request.path, request.method)));
    }
    // Faults come before everything else Elasticsearch would check.
    const fault = faults.take(request.path, request.node);
    if (fault) {
      return applyFault(fault).then(async (faulted) => {
        const answer = faulted ?? (await checked(request, route.key, route.params));
        return fault.reset ? { ...answer, reset: true } : answer;
      });
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

/**
 * Core's `checkMediaTypes`, remembering the last headers it accepted: a client sends the same
 * Accept and Content-Type with every request, and the answer depends on nothing else.
 */
class MediaTypeCheck {
  #accept: string | undefined;
  #contentType: string | undefined;
  #hasBody = false;
  /** Undefined until a check passed. */
  #version: string | undefined;

  check(
    accept: string | undefined,
    contentType: string | undefined,
    hasBody: boolean,
    serverVersion: string,
  ): EsError | undefined {
    if (
      accept === this.#accept &&
      contentType === this.#contentType &&
      hasBody === this.#hasBody &&
      serverVersion === this.#version
    ) {
      return undefined;
    }
    const error = checkMediaTypes({ accept, contentType, hasBody, serverVersion });
    if (error === undefined) {
      this.#accept = accept;
      this.#contentType = contentType;
      this.#hasBody = hasBody;
      this.#version = serverVersion;
    }
    return error;
  }
}

function lookup(path: string, method: string): RouteMatch | null {
  const found = matchEndpoint(path, method);
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
 * The body as JSON text for core's parsers: JSON and NDJSON as sent, YAML converted. CBOR and
 * Smile are binary formats Elasticsearch reads but the mock does not: 406 (docs/differences.md).
 */
function decodeBody(
  raw: string,
  contentType: string | undefined,
): { ok: true; text: string } | { ok: false; error: EsError } {
  const format = bodyFormatOf(contentType);
  if (format === 'cbor' || format === 'smile') {
    return { ok: false, error: errors.contentTypeNotSupported(contentType ?? '') };
  }
  if (format !== 'yaml') {
    return { ok: true, text: raw };
  }
  try {
    const value: unknown = parseYaml(raw, { uniqueKeys: true, prettyErrors: false });
    return { ok: true, text: JSON.stringify(value ?? null) };
  } catch (e) {
    // [inferred] SnakeYAML's text differs; the type and status are the parser's.
    return { ok: false, error: errors.bodyParseFailed((e as Error).message.split('\n')[0] ?? 'bad YAML') };
  }
}
