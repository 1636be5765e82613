// Reading a request body up to a limit. A `Content-Length` above it is refused at once, without
// reading; a chunked body that grows past it is cut off. Either way the caller answers 413 and
// the connection closes after the answer (the rest of the body is never read).
import type { IncomingMessage } from 'node:http';

/** What becomes of a body being read. */
export interface BodyOutcome {
  /** The whole body (one buffer; empty when there was none). */
  body(bytes: Buffer): void;
  /** More than the limit was announced or sent; `announced` is the Content-Length (NaN for none). */
  tooLarge(announced: number): void;
  /** The request stream failed (an aborted or malformed body). */
  failed(error: Error): void;
}

/** Reads `req`'s body, at most `maxBytes`, and reports exactly one outcome. */
export function readBody(req: IncomingMessage, maxBytes: number, outcome: BodyOutcome): void {
  const announced = Number(req.headers['content-length']);
  if (announced > maxBytes) {
    outcome.tooLarge(announced);
    return;
  }
  const chunks: Buffer[] = [];
  let received = 0;
  const onData = (chunk: Buffer): void => {
    received += chunk.length;
    if (received > maxBytes) {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      outcome.tooLarge(announced);
      return;
    }
    chunks.push(chunk);
  };
  const onEnd = (): void => {
    req.off('error', onError);
    outcome.body(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, received));
  };
  const onError = (error: Error): void => {
    req.off('data', onData);
    req.off('end', onEnd);
    outcome.failed(error);
  };
  req.on('data', onData);
  req.on('end', onEnd);
  req.on('error', onError);
}
