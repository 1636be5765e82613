// Writing the engine's answers on `node:http`: the request as the engine reads it, and the answer
// as one write of headers and body.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type EsError, errors } from '@mldeploy/core/rules';
import { errorAnswer, type MockRequest, render, type WireAnswer } from './http.js';
import { nodeOfSocket, writeReset } from './http-nodes.js';

/** The request as the engine reads it: target, method and headers as they came. */
export function toMockRequest(req: IncomingMessage, body: string | undefined): MockRequest {
  const url = req.url as string;
  const q = url.indexOf('?');
  const request: { -readonly [K in keyof MockRequest]: MockRequest[K] } = {
    method: req.method as string,
    url,
    path: q < 0 ? url : url.slice(0, q),
    query: q < 0 ? '' : url.slice(q + 1),
    headers: req.headers,
    body,
  };
  // Which HTTP node took the connection, when the mock serves several (docs/multi-node.md).
  const node = nodeOfSocket(req.socket);
  if (node !== undefined) {
    request.node = node;
  }
  return request;
}

/**
 * Writes an answer: the headers at once with the body's length, then the body. A HEAD answer or
 * an empty one has no body (an empty one says `content-length: 0`).
 */
export function writeAnswer(req: IncomingMessage, res: ServerResponse, answer: WireAnswer): void {
  if (answer.drop) {
    req.socket.destroy();
    return;
  }
  if (answer.reset) {
    writeReset(req, res, answer);
    return;
  }
  const { status, headers, body } = answer;
  if (body === undefined) {
    if (status >= 200 && status !== 204 && status !== 304 && req.method !== 'HEAD') {
      headers['content-length'] = '0';
    }
    res.writeHead(status, headers);
    res.end();
    return;
  }
  // Encoded once: its length is the bytes' length, and Node writes the head and the bytes in one
  // writev without joining them into a new string first.
  const bytes = Buffer.from(body, 'utf8');
  headers['content-length'] = String(bytes.length);
  res.writeHead(status, headers);
  res.end(bytes);
}

/** An error of core's, written for the request like every other answer. */
export function writeError(req: IncomingMessage, res: ServerResponse, error: EsError): void {
  writeAnswer(req, res, render(toMockRequest(req, undefined), errorAnswer(error)));
}

/** Any failure of the mock's own is a 500 with the envelope, never a crash or a hung request. */
export function writeFailure(req: IncomingMessage, res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  writeError(req, res, errors.internalError(error instanceof Error ? error.message : String(error)));
}
