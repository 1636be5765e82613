import { nodeImport } from './wire.js';

type Zlib = typeof import('node:zlib');

let zlib: Promise<Zlib> | undefined;

function loadZlib(): Promise<Zlib> {
  zlib ??= nodeImport<Zlib>('node:zlib');
  return zlib;
}

function isNode(): boolean {
  return (
    typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === 'string'
  );
}

/** A request body gzipped (`compression: true`): `node:zlib` in Node, `CompressionStream` elsewhere. */
export async function gzipBody(text: string): Promise<Uint8Array> {
  if (isNode()) {
    const z = await loadZlib();
    return new Promise((resolve, reject) => {
      z.gzip(text, (error, out) => (error ? reject(error) : resolve(out)));
    });
  }
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Whether an answer's `Content-Encoding` is one the client inflates. */
export function isCompressed(encoding: string | undefined): boolean {
  return encoding !== undefined && /gzip|deflate|br/i.test(encoding);
}

/** An answer's bytes inflated (gzip, deflate or brotli, as `Content-Encoding` says), as text. Node only. */
export async function inflate(bytes: Uint8Array, encoding: string): Promise<string> {
  const z = await loadZlib();
  const method = /br/i.test(encoding) ? z.brotliDecompress : /gzip/i.test(encoding) ? z.gunzip : z.inflate;
  return new Promise((resolve, reject) => {
    method(bytes, (error: Error | null, out: Buffer) =>
      error ? reject(error) : resolve(out.toString('utf8')),
    );
  });
}
