import { describe, expect, it } from 'vitest';
import { DEFAULT_CHUNK_SIZE, definitionParts, partCount, toBase64 } from '../../src/definition-parts.js';

describe('definition parts', () => {
  it('splits a file into base64 chunks with the total length and count', () => {
    const bytes = Uint8Array.from({ length: 10 }, (_, i) => i);
    const parts = [...definitionParts(bytes, 4)];
    expect(parts.map((p) => p.part)).toEqual([0, 1, 2]);
    expect(parts.every((p) => p.body.total_parts === 3 && p.body.total_definition_length === 10)).toBe(true);
    const joined = Buffer.concat(parts.map((p) => Buffer.from(p.body.definition, 'base64')));
    expect([...joined]).toEqual([...bytes]);
  });

  it('encodes base64 as Node does', () => {
    for (const n of [0, 1, 2, 3, 4, 5, 255]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + 13) % 256);
      expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    }
  });

  it('uses eland chunk size and makes one part of an empty or small file', () => {
    expect(DEFAULT_CHUNK_SIZE).toBe(4 * 1024 * 1024);
    expect(partCount(0)).toBe(1);
    expect(partCount(DEFAULT_CHUNK_SIZE + 1)).toBe(2);
    expect(() => partCount(10, 0)).toThrow(RangeError);
  });
});
