import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration.js';
import { UsageError } from './usage-error.js';

describe('parseDuration', () => {
  it('reads Elasticsearch-style units, and bare numbers as seconds', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('2')).toBe(2000);
    expect(parseDuration('1.5s')).toBe(1500);
  });

  it('rejects anything else as a usage error', () => {
    expect(() => parseDuration('5 minutes')).toThrow(UsageError);
    expect(() => parseDuration('-1s')).toThrow('--timeout must be a duration like 30s, 5m or 1h, got [-1s]');
  });
});

describe('formatDuration', () => {
  it('prints short durations readably', () => {
    expect(formatDuration(250)).toBe('250ms');
    expect(formatDuration(4_200)).toBe('4s');
    expect(formatDuration(90_000)).toBe('1m30s');
    expect(formatDuration(120_000)).toBe('2m');
  });
});
