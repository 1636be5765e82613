import { createClient, prepareUpdate, type UpdateDeploymentInput } from '@mldeploy/client';
import { describe, expect, it } from 'vitest';
import { findCommand, type UPDATE_FLAGS } from './command-specs.js';
import { parseCommandArgs } from './parse-args.js';
import { updateInputFromFlags } from './update-input.js';

const spec = findCommand('update')!;
const input = (...argv: string[]) =>
  updateInputFromFlags(parseCommandArgs<typeof UPDATE_FLAGS>(spec, ['m', ...argv]).flags);
/** The request body and query the client's `prepareUpdate` makes of the flags. */
const wire = (...argv: string[]) => {
  const { fields, asQueryParameter } = input(...argv);
  const { request } = prepareUpdate('m', fields, { asQueryParameter });
  return { body: request.body === undefined ? undefined : JSON.parse(request.body), query: request.query };
};

describe('updateInputFromFlags', () => {
  it('sends Kibana’s body to turn adaptive allocations off', () => {
    expect(wire('--no-adaptive', '-n', '3').body).toEqual({
      number_of_allocations: 3,
      adaptive_allocations: { enabled: false },
    });
  });

  it('patches bounds without touching enabled when --adaptive is absent', () => {
    expect(wire('--max', '8').body).toEqual({
      adaptive_allocations: { max_number_of_allocations: 8 },
    });
    expect(wire('--clear-max').body).toEqual({
      adaptive_allocations: { max_number_of_allocations: null },
    });
  });

  it('moves the number to the query string with --query', () => {
    expect(wire('-n', '2', '--query')).toEqual({ body: undefined, query: 'number_of_allocations=2' });
  });

  it('leaves values Elasticsearch rejects to the offline check', () => {
    expect(wire('-n', '0', '--adaptive').body).toEqual({
      number_of_allocations: 0,
      adaptive_allocations: { enabled: true },
    });
  });
});

describe('the prepared request', () => {
  // Nothing is sent: describeUpdate answers the request the client would send.
  const client = createClient({ node: 'http://127.0.0.1:9' });

  it.each([
    [['-n', '4']],
    [['--no-adaptive', '-n', '2']],
    [['--adaptive', '--min', '1', '--max', '8']],
    [['--clear-min', '--max', '3']],
    [['-n', '3', '--query']],
  ])('is the request the client sends for %j', async (flags) => {
    const id = 'my model/ü';
    const { fields, asQueryParameter } = updateInputFromFlags(
      parseCommandArgs<typeof UPDATE_FLAGS>(spec, [id, ...flags]).flags,
    );
    const described = client.describeUpdate(id, fields as UpdateDeploymentInput, { asQueryParameter });
    const built = prepareUpdate(id, fields, { asQueryParameter }).request;
    expect({ method: built.method, path: built.path, query: built.query, body: built.body }).toEqual({
      method: described.method,
      path: described.path,
      query: described.query,
      body: described.body,
    });
    expect(built.path).toContain(encodeURIComponent(id));
  });
});
