// Bytes Node's HTTP parser rejects never reach the request listener: the server's `clientError`
// event gets them, and the mock answers a hand-written 400 with the envelope, then closes.
import type { Socket } from 'node:net';
import { errors } from '@mldeploy/core/rules';

/** What Node's HTTP parser error codes mean, for the 400 it answers. */
const HTTP_PARSER_ERRORS: Record<string, string> = {
  HPE_HEADER_OVERFLOW: 'the request headers are too large',
  HPE_INVALID_METHOD: 'the request line is not HTTP',
  HPE_INVALID_URL: 'the request target is not a valid URI',
  HPE_INVALID_HEADER_TOKEN: 'a header name holds a character headers may not have',
  HPE_INVALID_CHUNK_SIZE: 'a chunk size is not a hexadecimal number',
  HPE_UNEXPECTED_CONTENT_LENGTH: 'Content-Length and chunked Transfer-Encoding are both set',
  HPE_INVALID_CONSTANT: 'the request is not HTTP/1.x',
  HPE_INVALID_VERSION: 'the HTTP version is not valid',
};

/** A `clientError` listener: a 400 with the envelope and product header, then the connection closes. */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  const code = error.code ?? '';
  if (code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const answer = errors.malformedHttp(HTTP_PARSER_ERRORS[code] ?? (code || 'unparseable'));
  const body = JSON.stringify(answer.body);
  socket.end(
    `HTTP/1.1 ${answer.status} Bad Request\r\nx-elastic-product: Elasticsearch\r\ncontent-type: application/json; charset=UTF-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
