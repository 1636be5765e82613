// Request bodies sent with `Content-Encoding: gzip` (or `deflate`), which Elasticsearch's HTTP
// layer inflates before the REST layer reads them (the official clients' `compression: true`).
import type { IncomingMessage } from 'node:http';
import { gunzipSync, inflateSync } from 'node:zlib';

/** The body bytes as the REST layer reads them: inflated when the request says they are compressed. */
export function decodeContentEncoding(
  req: IncomingMessage,
  bytes: Buffer,
): { ok: true; bytes: Buffer } | { ok: false; reason: string } {
  const encoding = req.headers['content-encoding']?.trim().toLowerCase();
  if (encoding === undefined || encoding === '' || encoding === 'identity' || bytes.length === 0) {
    return { ok: true, bytes };
  }
  try {
    if (encoding === 'gzip' || encoding === 'x-gzip') {
      return { ok: true, bytes: gunzipSync(bytes) };
    }
    if (encoding === 'deflate') {
      return { ok: true, bytes: inflateSync(bytes) };
    }
  } catch (e) {
    // [inferred] Netty's decompressor fails the request; the exact text is the mock's.
    return { ok: false, reason: `the request body is not valid ${encoding}: ${(e as Error).message}` };
  }
  return { ok: false, reason: `unsupported Content-Encoding [${encoding}]` };
}
