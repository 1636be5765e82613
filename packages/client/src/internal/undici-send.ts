import { inflate, isCompressed } from './compress.js';
import { checkFingerprint } from './fingerprint.js';
import { proxyAgent } from './proxy-agent.js';
import { connectOptions, flatHeaders, nodeImport, type Send, type TlsOptions, tooLarge } from './wire.js';

type Undici = typeof import('undici');
type Dispatcher =
  | InstanceType<Undici['Pool']>
  | InstanceType<Undici['ProxyAgent']>
  | InstanceType<Undici['EnvHttpProxyAgent']>;

/** Connections the pool may open to the node at once, as the official client's default. */
const CONNECTIONS = 256;

/** undici's connection options: TLS settings, and the `caFingerprint` check after each handshake. */
function connectFor(
  undici: Undici,
  tls: TlsOptions,
): Parameters<Undici['buildConnector']>[0] | ReturnType<Undici['buildConnector']> {
  const options = connectOptions(tls);
  const expected = tls.caFingerprint;
  if (expected === undefined) {
    return options;
  }
  const connector = undici.buildConnector(options);
  return (opts, callback) => {
    connector(opts, (error, socket) => {
      if (error || socket === null || opts.protocol !== 'https:') {
        callback(error as Error, socket as never);
        return;
      }
      const mismatch = checkFingerprint(socket as import('node:tls').TLSSocket, expected);
      if (mismatch) {
        socket.destroy();
        callback(mismatch, null);
        return;
      }
      callback(null, socket);
    });
  };
}

/**
 * The Node path: undici's connection pool for one node, driven directly (no WHATWG `Request`/
 * `Response` or streams, which is most of what Node's global `fetch` costs per call); through a
 * `ProxyAgent` when `proxy` is set. undici is loaded on the first request, so creating a client
 * stays cheap.
 */
export function undiciSend(base: string, tls: TlsOptions): Send & { close(): Promise<void> } {
  const { origin } = new URL(base);
  let pool: Dispatcher | undefined;
  let loading: Promise<Dispatcher> | undefined;
  const load = async (): Promise<Dispatcher> => {
    const undici = await nodeImport<Undici>('undici');
    const connect = connectFor(undici, tls) as never;
    pool =
      tls.proxy === undefined
        ? new undici.Pool(origin, { connections: CONNECTIONS, connect })
        : proxyAgent(undici, { ...tls, proxy: tls.proxy });
    return pool;
  };
  const send = async (request: Parameters<Send>[0]) => {
    loading ??= load();
    const p = pool ?? (await loading);
    const response = await p.request({
      origin,
      method: request.method as 'GET',
      path: request.path,
      headers: request.headers,
      body: request.body ?? null,
      signal: request.signal,
    });
    const headers = flatHeaders(response.headers);
    const max = request.maxResponseSize ?? Number.POSITIVE_INFINITY;
    const announced = Number(headers['content-length']);
    if (announced > max) {
      response.body.on('error', () => {});
      response.body.destroy();
      throw tooLarge(announced, max);
    }
    const encoding = headers['content-encoding'];
    const text = isCompressed(encoding)
      ? await inflate(new Uint8Array(await response.body.arrayBuffer()), encoding as string)
      : await response.body.text();
    if (text.length > max) {
      throw tooLarge(text.length, max);
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
