import { connectOptions, joinHeader, nodeImport, type Send, type TlsOptions } from './wire.js';

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
  const send: Send = async (request) => {
    loading ??= load();
    const { http, agent: a } = await loading;
    return new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = { ...request.headers };
      if (request.body !== undefined) {
        headers['content-length'] = Buffer.byteLength(request.body);
      }
      const req = http.request(
        { host, port, method: request.method, path: request.path, headers, agent: a, signal: request.signal },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            text += chunk;
          });
          res.on('error', reject);
          res.on('aborted', () => reject(new Error('the connection closed before the answer was complete')));
          res.on('end', () => {
            const out: Record<string, string> = {};
            for (const name in res.headers) {
              const value = joinHeader(res.headers[name]);
              if (value !== undefined) {
                out[name] = value;
              }
            }
            resolve({ status: res.statusCode ?? 0, headers: out, text });
          });
        },
      );
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
