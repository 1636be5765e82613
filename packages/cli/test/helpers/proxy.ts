import { readFileSync } from 'node:fs';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  request,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';

/** One request the proxy forwarded, as it arrived. */
export interface SeenRequest {
  method: string;
  /** Path and query, e.g. `/_ml/trained_models/m/deployment/_update?number_of_allocations=2`. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The body text, or null when there was none. */
  body: string | null;
}

/** A test-only certificate and key for 127.0.0.1 (self-signed, its own CA). */
export const TLS_FIXTURE = {
  certPath: new URL('../fixtures/tls-cert.pem', import.meta.url),
  cert: readFileSync(new URL('../fixtures/tls-cert.pem', import.meta.url), 'utf8'),
  key: readFileSync(new URL('../fixtures/tls-key.pem', import.meta.url), 'utf8'),
};

/**
 * Starts a proxy in front of `target()` on 127.0.0.1 port 0 for the whole file: it records every
 * request (to compare what the CLI sent with what `--dry-run` printed) and, with `tls`, serves
 * HTTPS with {@link TLS_FIXTURE} (to test `--ca-cert` and `--insecure` against the real mock).
 */
export function useProxy(
  target: () => string,
  options: { tls?: boolean } = {},
): { readonly url: string; readonly seen: SeenRequest[] } {
  const seen: SeenRequest[] = [];
  let url = '';
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      seen.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: { ...req.headers },
        body: body.length > 0 ? body.toString('utf8') : null,
      });
      const upstream = request(
        new URL(req.url ?? '/', target()),
        { method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      upstream.end(body);
    });
  };
  const server = options.tls
    ? createHttpsServer({ cert: TLS_FIXTURE.cert, key: TLS_FIXTURE.key }, handler)
    : createHttpServer(handler);
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return {
    get url() {
      return url;
    },
    seen,
  };
}
