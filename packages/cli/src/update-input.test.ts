import { describe, expect, it } from 'vitest';
import { findCommand } from './command-specs.js';
import { parseCommandArgs } from './parse-args.js';
import { updateBody, updateInputFromFlags, updateQuery } from './update-input.js';

const spec = findCommand('update')!;
const input = (...argv: string[]) => updateInputFromFlags(parseCommandArgs(spec, ['m', ...argv]));

describe('updateInputFromFlags', () => {
  it('sends Kibana’s body to turn adaptive allocations off', () => {
    expect(updateBody(input('--no-adaptive', '-n', '3'))).toEqual({
      number_of_allocations: 3,
      adaptive_allocations: { enabled: false },
    });
  });

  it('patches bounds without touching enabled when --adaptive is absent', () => {
    expect(updateBody(input('--max', '8'))).toEqual({
      adaptive_allocations: { max_number_of_allocations: 8 },
    });
    expect(updateBody(input('--clear-max'))).toEqual({
      adaptive_allocations: { max_number_of_allocations: null },
    });
  });

  it('moves the number to the query string with --query', () => {
    const q = input('-n', '2', '--query');
    expect(updateBody(q)).toBeUndefined();
    expect(updateQuery(q)).toBe('number_of_allocations=2');
  });

  it('leaves values Elasticsearch rejects to the offline check', () => {
    expect(updateBody(input('-n', '0', '--adaptive'))).toEqual({
      number_of_allocations: 0,
      adaptive_allocations: { enabled: true },
    });
  });
});
