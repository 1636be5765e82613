import { connectOptions, joinHeader, nodeImport, type Send, type TlsOptions } from './wire.js';

type Undici = typeof import('undici');
type Pool = InstanceType<Undici['Pool']>;

/** Connections the pool may open to the node at once, as the official client's default. */
const CONNECTIONS = 256;

/**
 * The Node path: undici's connection pool, driven directly (no WHATWG `Request`/`Response` or
 * streams, which is most of what Node's global `fetch` costs per call). undici is loaded on the
 * first request, so creating a client stays cheap.
 */
export function undiciSend(base: string, tls: TlsOptions): Send & { close(): Promise<void> } {
  const { origin } = new URL(base);
  let pool: Pool | undefined;
  let loading: Promise<Pool> | undefined;
  const load = async (): Promise<Pool> => {
    const undici = await nodeImport<Undici>('undici');
    pool = new undici.Pool(origin, { connections: CONNECTIONS, connect: connectOptions(tls) });
    return pool;
  };
  const send = async (request: Parameters<Send>[0]) => {
    loading ??= load();
    const p = pool ?? (await loading);
    const response = await p.request({
      method: request.method as 'GET',
      path: request.path,
      headers: request.headers,
      body: request.body ?? null,
      signal: request.signal,
    });
    const text = await response.body.text();
    const headers: Record<string, string> = {};
    for (const name in response.headers) {
      const value = joinHeader(response.headers[name]);
      if (value !== undefined) {
        headers[name] = value;
      }
    }
    return { status: response.statusCode, headers, text };
  };
  return Object.assign(send, {
    close: async () => {
      const p = pool;
      pool = undefined;
      loading = undefined;
      await p?.close();
    },
  });
}
