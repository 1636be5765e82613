// The validating proxy: forwards every Elasticsearch request to an upstream cluster, returns its
// answer unchanged (status, body bytes, headers) and marks it `x-mldeploy-contract: ok` or
// `violation` after judging it against core (contract.ts). Optionally records every exchange
// with one of core's endpoints as a contract case (recorder.ts). See docs/contract-testing.md ("The validating proxy").
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { type ContractViolation, coreVerdict, judge, violationLine } from './contract.js';
import type { MockRequest } from './http.js';
import { CaseRecorder, READS_BEFORE, readBeforeState, recordedCase } from './recorder.js';

/** Credentials for the upstream: an API key (`id:key` base64, as Elasticsearch issues it) or a user. */
export type ProxyAuth = { apiKey: string } | { username: string; password: string };

/** Options of the proxy mode (`startMockServer({ proxy })`, `mldeploy-mock --proxy`). */
export interface ProxyOptions {
  /** The upstream cluster, e.g. `https://my-cluster.example:9243` (a path prefix is kept). */
  url: string;
  /** Sent upstream instead of the client's own `authorization`; without it the client's is passed on. */
  auth?: ProxyAuth;
  /** PEM certificate(s) to trust for an https upstream (the text, not a path). */
  ca?: string | Buffer;
  /** Accept any certificate from the upstream (testing only). */
  insecure?: boolean;
  /** Append every exchange with one of core's endpoints as a contract case (JSON Lines) to this file. */
  record?: string;
  /** Where violation lines go; default the server's `log`, if any. */
  onViolation?: (line: string) => void;
}

/** The proxy's answer to one request. */
export interface ProxiedAnswer {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
  /** The upstream's `error.type`, for the journal. */
  errorType?: string;
  violations: ContractViolation[];
}

/** The header the proxy adds to every answer it got from the upstream. */
export const CONTRACT_HEADER = 'x-mldeploy-contract';

/** Hop-by-hop headers (RFC 9110 §7.6.1) and those the proxy computes itself; never passed on. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authorization',
  'proxy-authenticate',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'host',
  'content-length',
]);

/** A running proxy: `handle` forwards one request; `close` frees connections and flushes the recording. */
export interface ContractProxy {
  handle(request: MockRequest, body: Buffer | undefined): Promise<ProxiedAnswer>;
  close(): Promise<void>;
  /** The upstream's origin and path prefix, without credentials (for messages). */
  readonly upstream: string;
}

/** Builds the proxy for the options; throws on a URL that is not http(s). */
export function createProxy(options: ProxyOptions, log?: (line: string) => void): ContractProxy {
  let target: URL;
  try {
    target = new URL(options.url);
  } catch {
    throw new Error(`--proxy must be an http:// or https:// URL, got [${options.url}]`);
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new Error(`--proxy must be an http:// or https:// URL, got [${target.protocol}]`);
  }
  // Credentials in the URL become the upstream auth, never part of a message or a log line.
  let auth = options.auth;
  if (auth === undefined && (target.username !== '' || target.password !== '')) {
    auth = { username: decodeURIComponent(target.username), password: decodeURIComponent(target.password) };
  }
  target.username = '';
  target.password = '';
  const secure = target.protocol === 'https:';
  const prefix = target.pathname.replace(/\/+$/, '');
  const agent = secure
    ? new HttpsAgent({
        keepAlive: true,
        ...(options.ca !== undefined ? { ca: options.ca } : {}),
        rejectUnauthorized: options.insecure !== true,
      })
    : new HttpAgent({ keepAlive: true });
  const authorization =
    auth === undefined
      ? undefined
      : 'apiKey' in auth
        ? `ApiKey ${auth.apiKey}`
        : `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
  const recorder = options.record === undefined ? undefined : new CaseRecorder(options.record);
  const onViolation = options.onViolation ?? log;
  const upstream = `${target.origin}${prefix}`;

  const forward = (
    method: string,
    url: string,
    headers: Record<string, string | string[]>,
    body: Buffer | undefined,
  ): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const send = secure ? httpsRequest : httpRequest;
      const req = send(
        {
          protocol: target.protocol,
          hostname: target.hostname.replace(/^\[|\]$/g, ''),
          port: target.port || (secure ? 443 : 80),
          method,
          path: `${prefix}${url}`,
          headers: body !== undefined ? { ...headers, 'content-length': String(body.length) } : headers,
          agent,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  /** The headers sent upstream: the client's, without hop-by-hop ones, with the proxy's credentials. */
  const upstreamHeaders = (request: MockRequest): Record<string, string | string[]> => {
    const out: Record<string, string | string[]> = {};
    for (const name in request.headers) {
      const value = request.headers[name];
      if (value !== undefined && !HOP_BY_HOP.has(name.toLowerCase())) {
        out[name] = value;
      }
    }
    if (authorization !== undefined) {
      out.authorization = authorization;
    }
    return out;
  };

  return {
    upstream,
    async handle(request, body) {
      const verdict = coreVerdict(request);
      const headers = upstreamHeaders(request);
      // Recording an accepted `_update`, `_start` or `_stop` needs the deployment's state before it.
      const before =
        recorder !== undefined && verdict.kind === 'accepted' && READS_BEFORE.has(verdict.key)
          ? await readBeforeState(
              verdict.start?.deployment_id ?? verdict.params.model_id ?? '',
              (method, url) => forward(method, url, withoutBody(headers), undefined),
            ).catch(() => undefined)
          : undefined;
      let answer: Awaited<ReturnType<typeof forward>>;
      try {
        answer = await forward(request.method, request.url, headers, body);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
        return {
          status: 502,
          headers: { 'content-type': 'text/plain; charset=utf-8' },
          body: Buffer.from(`mldeploy-mock proxy: no answer from ${upstream} (${code})`),
          violations: [],
        };
      }
      const read = readJson(answer.headers, answer.body);
      const violations = judge(request, verdict, { status: answer.status, ...read });
      for (const v of violations) {
        onViolation?.(violationLine(request, v));
      }
      const out: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(answer.headers)) {
        if (value !== undefined && !HOP_BY_HOP.has(name)) {
          out[name] = value;
        }
      }
      out[CONTRACT_HEADER] = violations.length === 0 ? 'ok' : 'violation';
      if (recorder !== undefined && verdict.kind !== 'unknown') {
        const c = recordedCase(request, verdict, {
          status: answer.status,
          json: read.json,
          warning: headerText(answer.headers.warning),
          before,
        });
        if (c !== undefined) {
          recorder.append(c);
        }
      }
      const errorType = errorTypeOf(answer.status, read.json);
      return {
        status: answer.status,
        headers: out,
        body: answer.body,
        ...(errorType !== undefined ? { errorType } : {}),
        violations,
      };
    },
    async close() {
      agent.destroy();
      await recorder?.flush();
    },
  };
}

function withoutBody(headers: Record<string, string | string[]>): Record<string, string | string[]> {
  const out = { ...headers };
  delete out['content-type'];
  delete out['content-encoding'];
  return out;
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

function errorTypeOf(status: number, json: unknown): string | undefined {
  if (status < 400) {
    return undefined;
  }
  const error = (json as { error?: { type?: unknown } } | undefined)?.error;
  return typeof error?.type === 'string' ? error.type : undefined;
}

/** The body as JSON, decompressed when the upstream compressed it; `isJson` false when it is not JSON. */
function readJson(
  headers: IncomingHttpHeaders,
  body: Buffer,
): { json: unknown; isJson: boolean; otherFormat: boolean } {
  const type = (headerText(headers['content-type']) ?? '').toLowerCase();
  if (body.length === 0) {
    return { json: undefined, isJson: false, otherFormat: false };
  }
  if (type !== '' && !type.includes('json')) {
    return { json: undefined, isJson: false, otherFormat: /yaml|cbor|smile/.test(type) };
  }
  try {
    const encoding = (headerText(headers['content-encoding']) ?? '').trim().toLowerCase();
    const raw =
      encoding === 'gzip' || encoding === 'x-gzip'
        ? gunzipSync(body)
        : encoding === 'deflate'
          ? inflateSync(body)
          : encoding === 'br'
            ? brotliDecompressSync(body)
            : body;
    return { json: JSON.parse(raw.toString('utf8')), isJson: true, otherFormat: false };
  } catch {
    return { json: undefined, isJson: false, otherFormat: false };
  }
}

export type { ContractVerdict, ContractViolation, CoreVerdict } from './contract.js';
