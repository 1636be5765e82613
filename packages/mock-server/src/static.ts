// The console's static files, as `/_console/` serves them: the file asked for, or index.html for
// the page's own routes; immutable caching for hashed assets only.
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

/** A file to send, or a plain-text refusal. */
export interface StaticAnswer {
  status: number;
  contentType: string;
  cacheControl?: string;
  body: Buffer | string;
}

/** Serves the files of one directory. */
export function staticFiles(dir: string): (wanted: string) => Promise<StaticAnswer> {
  const root = resolve(dir);
  return async (wanted) => {
    const file = resolve(join(root, wanted || 'index.html'));
    if (file !== root && !file.startsWith(root + sep)) {
      return { status: 404, contentType: 'text/plain', body: 'not found' };
    }
    const info = await stat(file).catch(() => undefined);
    const target = info?.isFile() ? file : join(root, 'index.html');
    const content = await readFile(target).catch(() => undefined);
    if (!content) {
      return { status: 404, contentType: 'text/plain', body: 'console not built' };
    }
    return {
      status: 200,
      contentType: CONTENT_TYPES[extname(target)] ?? 'application/octet-stream',
      cacheControl: target.includes(`${sep}assets${sep}`)
        ? 'public, max-age=31536000, immutable'
        : 'no-cache',
      body: content,
    };
  };
}
