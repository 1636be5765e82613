import { appendFileSync } from 'node:fs';
import { Agent, request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import { afterAll } from 'vitest';

/** One request as the suites send it: anything goes, including what `fetch` would refuse to send. */
export interface RawRequest {
  method: string;
  /** Path and query exactly as they go on the request line. */
  path: string;
  headers?: OutgoingHttpHeaders;
  body?: string | Buffer;
}

/** What came back. */
export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** Thrown when the server gives no complete answer in time: the "never hang" property failed. */
export class HangError extends Error {
  override readonly name = 'HangError';
}

const keepAlive = new Agent({ keepAlive: true, maxSockets: 8 });

// `pnpm fuzz` (scripts/fuzz.mjs) counts the requests each test file sent: one line per file.
const countFile = process.env.E2E_REQUEST_COUNT_FILE;
let sent = 0;
if (countFile) {
  afterAll(() => {
    appendFileSync(countFile, `${sent}\n`);
  });
}

/**
 * Sends one request over a keep-alive connection and resolves with the whole answer, or rejects
 * with {@link HangError} after `timeoutMs`. Uses `node:http` rather than `fetch` so that odd
 * methods, raw paths and any content type go out as written.
 */
export function send(baseUrl: string, req: RawRequest, timeoutMs = 5_000): Promise<RawResponse> {
  const url = new URL(baseUrl);
  sent++;
  return new Promise((resolve, reject) => {
    const r = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: req.method,
        path: req.path,
        // An explicit length frames the body for every method (Node sends a GET body unframed).
        headers:
          req.body === undefined
            ? req.headers
            : { ...req.headers, 'content-length': Buffer.byteLength(req.body) },
        agent: keepAlive,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          clearTimeout(timer);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          });
        });
        res.on('error', (e) => {
          clearTimeout(timer);
          reject(e);
        });
      },
    );
    const timer = setTimeout(() => {
      r.destroy(new HangError(`no answer within ${timeoutMs} ms: ${req.method} ${req.path}`));
    }, timeoutMs);
    r.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    r.end(req.body);
  });
}
