// A model file as the definition parts Elasticsearch stores: split into chunks of at most
// `chunkSize` bytes (eland's 4 MiB by default), each sent base64-encoded with the total length
// and the number of parts (`PUT _ml/trained_models/{id}/definition/{part}`, docs/model-lifecycle.md).

/** eland's chunk size: 4 MiB. */
export const DEFAULT_CHUNK_SIZE = 4 * 1024 * 1024;

/** One part's body, as the endpoint reads it, with its number. */
export interface DefinitionPart {
  part: number;
  body: { definition: string; total_definition_length: number; total_parts: number };
}

/** The number of parts a file of `length` bytes makes (at least 1). */
export function partCount(length: number, chunkSize = DEFAULT_CHUNK_SIZE): number {
  if (!Number.isInteger(chunkSize) || chunkSize <= 0) {
    throw new RangeError(`chunk size must be a positive integer, got ${chunkSize}`);
  }
  return Math.max(1, Math.ceil(length / chunkSize));
}

/** The parts of a model file, in order (lazily: one chunk is encoded at a time). */
export function* definitionParts(
  bytes: Uint8Array,
  chunkSize = DEFAULT_CHUNK_SIZE,
): Generator<DefinitionPart> {
  const total = partCount(bytes.length, chunkSize);
  for (let part = 0; part < total; part++) {
    const chunk = bytes.subarray(part * chunkSize, Math.min(bytes.length, (part + 1) * chunkSize));
    yield {
      part,
      body: {
        definition: toBase64(chunk),
        total_definition_length: bytes.length,
        total_parts: total,
      },
    };
  }
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const digit = (n: number): string => ALPHABET.charAt(n & 63);

/** Standard base64 with padding, without Node's Buffer (the client also runs in browsers). */
export function toBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += digit(n >> 18) + digit(n >> 12) + digit(n >> 6) + digit(n);
  }
  const rest = bytes.length - i;
  if (rest > 0) {
    const n = ((bytes[i] ?? 0) << 16) | ((rest === 2 ? (bytes[i + 1] ?? 0) : 0) << 8);
    out += `${digit(n >> 18) + digit(n >> 12) + (rest === 2 ? digit(n >> 6) : '=')}=`;
  }
  return out;
}
