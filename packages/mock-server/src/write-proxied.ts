// Proxy dispatch: in proxy mode an Elasticsearch request goes to the upstream, whose answer is
// written back as it came (bytes, status, headers), and the engine journals the exchange.
import type { ServerResponse } from 'node:http';
import type { MockEngine } from './engine.js';
import type { MockRequest } from './http.js';
import type { ContractProxy } from './proxy.js';

/** Forwards a request to the upstream, writes its answer unchanged and journals it with its violations. */
export async function writeProxied(
  proxy: ContractProxy,
  engine: MockEngine,
  res: ServerResponse,
  request: MockRequest,
  body: string | Buffer | undefined,
): Promise<void> {
  const answer = await proxy.handle(request, Buffer.isBuffer(body) ? body : undefined);
  engine.recordProxied(request, answer, answer.violations);
  const headers = answer.headers;
  if ((answer.status >= 100 && answer.status < 200) || answer.status === 204) {
    // No body, so no content-type or length, whatever the upstream sent.
    delete headers['content-type'];
    res.writeHead(answer.status, headers);
    res.end();
    return;
  }
  if (headers['content-type'] === undefined) {
    headers['content-type'] = 'application/octet-stream';
  }
  headers['content-length'] = String(answer.body.length);
  res.writeHead(answer.status, headers);
  res.end(answer.body);
}
