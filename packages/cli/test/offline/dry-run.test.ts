import { describe, expect, it } from 'vitest';
import { jsonOf, runCli } from '../helpers/run-cli.js';

const UPDATE_URL = 'http://127.0.0.1:9200/_ml/trained_models/my-model/deployment/_update';

describe('mldeploy update --dry-run', () => {
  it('prints the exact request as JSON and sends nothing', async () => {
    const result = await runCli(['update', 'my-model', '--allocations', '4', '--dry-run']);
    expect(result.code).toBe(0);
    expect(jsonOf(result)).toEqual({
      ok: true,
      data: {
        dry_run: true,
        valid: true,
        request: {
          method: 'POST',
          url: UPDATE_URL,
          headers: { accept: 'application/json', 'content-type': 'application/json' },
          body: { number_of_allocations: 4 },
        },
        changes: ['set number_of_allocations to 4'],
      },
    });
  });

  it('turns adaptive off the way Kibana does', async () => {
    const result = await runCli(['update', 'my-model', '--no-adaptive', '--allocations', '2', '--dry-run']);
    expect(jsonOf(result).data.request.body).toEqual({
      number_of_allocations: 2,
      adaptive_allocations: { enabled: false },
    });
  });

  it('sends adaptive bounds, and null to clear one', async () => {
    const on = await runCli(['update', 'm', '--adaptive', '--min', '0', '--max', '8', '--dry-run']);
    expect(jsonOf(on).data.request.body).toEqual({
      adaptive_allocations: { enabled: true, min_number_of_allocations: 0, max_number_of_allocations: 8 },
    });
    const clear = await runCli(['update', 'm', '--clear-min', '--max', '4', '--dry-run']);
    expect(jsonOf(clear).data).toMatchObject({
      request: {
        body: { adaptive_allocations: { min_number_of_allocations: null, max_number_of_allocations: 4 } },
      },
      changes: ['clear the adaptive minimum', 'set the adaptive maximum to 4'],
    });
  });

  it('puts the number in the query string with --query and sends no body', async () => {
    const result = await runCli(['update', 'my-model', '-n', '3', '--query', '--dry-run']);
    expect(jsonOf(result).data.request).toEqual({
      method: 'POST',
      url: `${UPDATE_URL}?number_of_allocations=3`,
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: null,
    });
  });

  it('prints method, URL, headers and body for people, with colour only when forced', async () => {
    const plain = await runCli(['update', 'my-model', '-n', '4', '--dry-run', '-o', 'human']);
    expect(plain.stdout).toBe(
      [
        `POST ${UPDATE_URL}`,
        'accept: application/json',
        'content-type: application/json',
        '',
        '{',
        '  "number_of_allocations": 4',
        '}',
        '',
        '✓ valid (checked offline; nothing was sent). It would:',
        '  - set number_of_allocations to 4',
        '',
      ].join('\n'),
    );
    const forced = await runCli(['update', 'my-model', '-n', '4', '--dry-run', '-o', 'human'], {
      env: { FORCE_COLOR: '1' },
    });
    expect(forced.stdout).toContain('\x1b[1mPOST\x1b[22m');
    const noColor = await runCli(['update', 'my-model', '-n', '4', '--dry-run', '-o', 'human'], {
      env: { FORCE_COLOR: '1', NO_COLOR: '1' },
    });
    expect(noColor.stdout).toBe(plain.stdout);
    const flag = await runCli(['update', 'my-model', '-n', '4', '--dry-run', '-o', 'human', '--no-color'], {
      env: { FORCE_COLOR: '1' },
    });
    expect(flag.stdout).toBe(plain.stdout);
  });

  it('never prints an API key given by flag or environment', async () => {
    const flagKey = 'flag-secret-Zm9vOmJhcg';
    const envKey = 'envid:env-secret-value';
    for (const mode of ['json', 'human']) {
      const byFlag = await runCli(['update', 'm', '-n', '2', '--dry-run', '-o', mode, '--api-key', flagKey]);
      const byEnv = await runCli(['update', 'm', '-n', '2', '--dry-run', '-o', mode], {
        env: { ELASTIC_API_KEY: envKey },
      });
      for (const result of [byFlag, byEnv]) {
        expect(result.code).toBe(0);
        const all = result.stdout + result.stderr;
        expect(all).not.toContain(flagKey);
        expect(all).not.toContain('env-secret-value');
        expect(all).not.toContain(Buffer.from(envKey).toString('base64'));
        expect(all).toContain('ApiKey [redacted]');
      }
    }
  });

  it('redacts a basic-auth password and a password in the URL', async () => {
    const result = await runCli([
      'update',
      'm',
      '-n',
      '2',
      '--dry-run',
      '--url',
      'http://bob:url-pass-123@localhost:9200',
      '--username',
      'bob',
      '--password',
      'pw-secret-1',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('pw-secret-1');
    expect(result.stdout).not.toContain('url-pass-123');
    expect(jsonOf(result).data.request.headers.authorization).toBe('Basic [redacted]');
  });

  it.each([
    [
      ['--allocations', '0'],
      'VALIDATION_FAILED',
      'Validation Failed: 1: [number_of_allocations] must be a positive integer;',
    ],
    [
      ['--allocations', '2', '--adaptive'],
      'VALIDATION_FAILED',
      'Validation Failed: 1: [number_of_allocations] cannot be set if adaptive allocations is enabled;',
    ],
    [
      ['--adaptive', '--min', '4', '--max', '2'],
      'VALIDATION_FAILED',
      'Validation Failed: 1: [min_number_of_allocations] must not be larger than [max_number_of_allocations];',
    ],
    [
      ['--max=0'],
      'VALIDATION_FAILED',
      'Validation Failed: 1: [max_number_of_allocations] must be a positive integer or null;',
    ],
    [['--allocations', 'four'], 'USAGE', '--allocations must be an integer, got [four]'],
    [['--adaptive', '--no-adaptive'], 'USAGE', '--adaptive and --no-adaptive contradict each other'],
    [['--min', '1', '--clear-min'], 'USAGE', '--min and --clear-min contradict each other'],
    [[], 'USAGE', 'nothing to update'],
    [['--adaptive', '--query'], 'USAGE', expect.stringContaining('--query')],
    [['-n', '2', '--wait'], 'USAGE', '--dry-run sends nothing, so there is nothing to --wait for'],
  ])('exits 2 for %j', async (flags, code, reason) => {
    const result = await runCli(['update', 'm', ...flags, '--dry-run']);
    expect(result.code).toBe(2);
    expect(jsonOf(result).error).toMatchObject({ code, reason });
  });

  it('exits 2 without a deployment id', async () => {
    const result = await runCli(['update', '--allocations', '2']);
    expect(result.code).toBe(2);
    expect(jsonOf(result).error).toMatchObject({ reason: 'missing argument <deployment-id>' });
  });
});
