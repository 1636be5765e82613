// The console's files at `/_console/` (a built console, `consoleDir`), read by static.ts.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StaticAnswer } from './static.js';

/** `/_console` redirects to `/_console/`; files under it come from the built console. */
export async function writeConsole(
  req: IncomingMessage,
  res: ServerResponse,
  file: string | undefined,
  serve: ((wanted: string) => Promise<StaticAnswer>) | undefined,
): Promise<void> {
  if (serve === undefined) {
    throw new Error('no console to serve');
  }
  const url = req.url as string;
  const q = url.indexOf('?');
  if (file === undefined && (q < 0 ? url : url.slice(0, q)) === '/_console') {
    res.writeHead(301, { location: '/_console/', 'content-length': '0' });
    res.end();
    return;
  }
  let wanted = '';
  if (file !== undefined) {
    try {
      wanted = decodeURIComponent(file);
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain', 'content-length': '8' });
      res.end('bad path');
      return;
    }
  }
  const answer = await serve(wanted);
  const headers: Record<string, string> = {};
  if (answer.cacheControl) {
    headers['cache-control'] = answer.cacheControl;
  }
  headers['content-type'] = answer.contentType;
  headers['content-length'] = String(Buffer.byteLength(answer.body));
  res.writeHead(answer.status, headers);
  res.end(answer.body);
}
