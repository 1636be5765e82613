import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonOf, runCli } from '../helpers/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'mldeploy-validate-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('mldeploy validate', () => {
  it('accepts a valid body from a file and says what it would change', async () => {
    const path = file('ok.json', '{"number_of_allocations":4}');
    const result = await runCli(['validate', path]);
    expect(result.code).toBe(0);
    expect(jsonOf(result)).toEqual({
      ok: true,
      data: { valid: true, request: { number_of_allocations: 4, warnings: [] } },
    });
  });

  it("prints Elasticsearch's exact validation message and exits 2", async () => {
    const result = await runCli(['validate', '-'], {
      input:
        '{"number_of_allocations":0,"adaptive_allocations":{"enabled":true,"min_number_of_allocations":5,"max_number_of_allocations":2}}',
    });
    expect(result.code).toBe(2);
    expect(jsonOf(result).error).toEqual({
      code: 'VALIDATION_FAILED',
      status: 400,
      type: 'action_request_validation_exception',
      reason:
        'Validation Failed: 1: [number_of_allocations] must be a positive integer;2: [number_of_allocations] cannot be set if adaptive allocations is enabled;3: [min_number_of_allocations] must not be larger than [max_number_of_allocations];',
      hint: null,
    });
  });

  it('reports a parse error with its position and cause, in human mode on stderr', async () => {
    const result = await runCli(['validate', '-o', 'human'], { input: '{"number_of_allocations":"x"}' });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'error: [1:26] [cluster:admin/xpack/ml/trained_models/deployment/update] failed to parse field [number_of_allocations] (x_content_parse_exception: Elasticsearch would answer HTTP 400; checked offline, nothing was sent)\n' +
        'hint: caused by number_format_exception: For input string: "x"\n',
    );
  });

  it('suggests the field name for an unknown field', async () => {
    const result = await runCli(['validate', '-'], { input: '{"number_of_allocation":2}' });
    expect(result.code).toBe(2);
    expect(jsonOf(result).error.reason).toBe(
      '[1:2] [cluster:admin/xpack/ml/trained_models/deployment/update] unknown field [number_of_allocation] did you mean [number_of_allocations]?',
    );
  });

  it('says a body is required for empty input', async () => {
    const result = await runCli(['validate', '-']);
    expect(result.code).toBe(2);
    expect(jsonOf(result).error).toMatchObject({ code: 'BODY_REQUIRED', reason: 'request body is required' });
  });

  it('checks a body model_id against --deployment-id', async () => {
    const path = file('id.json', '{"model_id":"a","number_of_allocations":1}');
    const result = await runCli(['validate', path, '--deployment-id', 'b']);
    expect(result.code).toBe(2);
    expect(jsonOf(result).error.reason).toBe(
      "Inconsistent model_id; 'a' specified in the body differs from 'b' specified as a URL argument",
    );
  });

  it('lists the changes of a valid body in human mode', async () => {
    const result = await runCli(['validate', '-o', 'human'], {
      input: '{"number_of_allocations":3,"adaptive_allocations":{"enabled":false}}',
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      '✓ valid: Elasticsearch would accept this body. It would:\n  - set number_of_allocations to 3\n  - turn adaptive allocations off\n',
    );
  });

  it('exits 2 when the file cannot be read', async () => {
    const result = await runCli(['validate', join(dir, 'missing.json')]);
    expect(result.code).toBe(2);
    expect(jsonOf(result).error).toMatchObject({ code: 'USAGE', reason: expect.stringContaining('ENOENT') });
  });
});
