import type { TLSSocket } from 'node:tls';
import { inflate, isCompressed } from './compress.js';
import { checkFingerprint } from './fingerprint.js';
import { connectOptions, flatHeaders, nodeImport, type Send, type TlsOptions, tooLarge } from './wire.js';

type Http = typeof import('node:http');

/**
 * The light Node path: `node:http` (or `node:https`) with a keep-alive agent. It loads in a fraction
 * of undici's time, which is what a process making one or two requests (the CLI) pays for most.
 */
export function httpSend(base: string, tls: TlsOptions): Send & { close(): Promise<void> } {
  const url = new URL(base);
  const secure = url.protocol === 'https:';
  let agent: import('node:http').Agent | undefined;
  let loading: Promise<{ http: Http; agent: import('node:http').Agent }> | undefined;
  const load = async () => {
    const http = await nodeImport<Http>(secure ? 'node:https' : 'node:http');
    const options = secure ? { keepAlive: true, ...connectOptions(tls) } : { keepAlive: true };
    agent = new http.Agent(options);
    return { http, agent };
  };
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port === '' ? (secure ? 443 : 80) : Number(url.port);
  const checked = new WeakSet<object>();
  const send: Send = async (request) => {
    loading ??= load();
    const { http, agent: a } = await loading;
    return new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = { ...request.headers };
      if (request.body !== undefined) {
        headers['content-length'] =
          typeof request.body === 'string' ? Buffer.byteLength(request.body) : request.body.byteLength;
      }
      const max = request.maxResponseSize ?? Number.POSITIVE_INFINITY;
      const req = http.request(
        { host, port, method: request.method, path: request.path, headers, agent: a, signal: request.signal },
        (res) => {
          const out = flatHeaders(res.headers);
          const announced = Number(out['content-length']);
          if (announced > max) {
            res.destroy();
            reject(tooLarge(announced, max));
            return;
          }
          const chunks: Buffer[] = [];
          let received = 0;
          res.on('data', (chunk: Buffer) => {
            received += chunk.length;
            chunks.push(chunk);
          });
          res.on('error', reject);
          res.on('aborted', () => reject(new Error('the connection closed before the answer was complete')));
          res.on('end', () => {
            const bytes = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, received);
            const encoding = out['content-encoding'];
            const reading = isCompressed(encoding)
              ? inflate(bytes, encoding as string)
              : Promise.resolve(bytes.toString('utf8'));
            reading.then((text) => {
              if (text.length > max) {
                reject(tooLarge(text.length, max));
                return;
              }
              resolve({ status: res.statusCode ?? 0, headers: out, text });
            }, reject);
          });
        },
      );
      const expected = tls.caFingerprint;
      if (secure && expected !== undefined) {
        req.on('socket', (socket) => {
          if (checked.has(socket)) {
            return;
          }
          socket.once('secureConnect', () => {
            const mismatch = checkFingerprint(socket as TLSSocket, expected);
            if (mismatch) {
              req.destroy(mismatch);
            } else {
              checked.add(socket);
            }
          });
        });
      }
      req.on('error', reject);
      req.end(request.body);
    });
  };
  return Object.assign(send, {
    close: async () => {
      agent?.destroy();
      agent = undefined;
      loading = undefined;
    },
  });
}
