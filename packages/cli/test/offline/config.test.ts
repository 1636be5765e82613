import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonOf, runCli, writeConfig } from '../helpers/run-cli.js';

const CONFIG = {
  current: 'local',
  contexts: {
    local: { url: 'http://127.0.0.1:9201' },
    prod: { url: 'https://prod.example:9243', api_key: 'prod-key-secret' },
  },
};

// The dry run prints the URL and Authorization header it would use, so it shows which source won.
async function requestWith(args: string[], env: Record<string, string>) {
  const result = await runCli(['update', 'm', '-n', '2', '--dry-run', ...args], { env });
  expect(result.code, result.stdout).toBe(0);
  const request = jsonOf(result).data.request;
  return { origin: new URL(request.url).origin, auth: request.headers.authorization, all: result.stdout };
}

describe('connection settings', () => {
  const path = writeConfig(CONFIG);

  it('defaults to http://127.0.0.1:9200 without config or environment', async () => {
    expect((await requestWith([], {})).origin).toBe('http://127.0.0.1:9200');
  });

  it("uses the config file's current context", async () => {
    expect((await requestWith([], { MLDEPLOY_CONFIG: path })).origin).toBe('http://127.0.0.1:9201');
  });

  it('finds the default config file under HOME', async () => {
    const home = dirname(writeConfig('{}'));
    const dir = join(home, '.config', 'mldeploy');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'config.json'), JSON.stringify(CONFIG));
    expect((await requestWith([], { HOME: home })).origin).toBe('http://127.0.0.1:9201');
  });

  it('selects a context with --context or MLDEPLOY_CONTEXT, with its credentials', async () => {
    for (const [args, env] of [
      [['--context', 'prod'], {}],
      [[], { MLDEPLOY_CONTEXT: 'prod' }],
    ] as const) {
      const request = await requestWith([...args], { MLDEPLOY_CONFIG: path, ...env });
      expect(request).toMatchObject({ origin: 'https://prod.example:9243', auth: 'ApiKey [redacted]' });
      expect(request.all).not.toContain('prod-key-secret');
    }
  });

  it('prefers the environment to the current context, and flags to both', async () => {
    const env = { MLDEPLOY_CONFIG: path, ELASTICSEARCH_URL: 'http://env.example:9200' };
    expect((await requestWith([], env)).origin).toBe('http://env.example:9200');
    expect((await requestWith([], { MLDEPLOY_CONFIG: path, ES_URL: 'http://es-url.example:1' })).origin).toBe(
      'http://es-url.example:1',
    );
    expect((await requestWith(['--url', 'http://flag.example:9200'], env)).origin).toBe(
      'http://flag.example:9200',
    );
  });

  it('lets an explicit --context beat the environment', async () => {
    const env = { MLDEPLOY_CONFIG: path, ELASTICSEARCH_URL: 'http://env.example:9200' };
    expect((await requestWith(['--context', 'prod'], env)).origin).toBe('https://prod.example:9243');
  });

  it("never sends a context's credentials to another URL", async () => {
    const request = await requestWith(['--context', 'prod', '--url', 'http://elsewhere:9200'], {
      MLDEPLOY_CONFIG: path,
    });
    expect(request).toEqual({ origin: 'http://elsewhere:9200', auth: undefined, all: expect.any(String) });
  });

  it('takes basic auth from the environment, with the elastic user by default', async () => {
    const request = await requestWith([], { ELASTIC_PASSWORD: 'changeme-secret' });
    expect(request.auth).toBe('Basic [redacted]');
    expect(request.all).not.toContain('changeme-secret');
  });

  it.each([
    ['an unknown context', ['--context', 'staging'], CONFIG, /^no context \[staging\]/],
    ['malformed JSON', [], '{"contexts":', /is not valid JSON/],
    ['a context that is not an object', [], { contexts: { a: 1 } }, /context \[a\] must be an object/],
    ['a non-string url', [], { current: 'a', contexts: { a: { url: 9200 } } }, /\[a\]\.url must be a string/],
    [
      'a URL that is not http',
      [],
      { current: 'a', contexts: { a: { url: 'ftp://x' } } },
      /only http and https/,
    ],
  ])('exits 2 for %s', async (_name, args, config, reason) => {
    const result = await runCli(['update', 'm', '-n', '2', '--dry-run', ...args], {
      env: { MLDEPLOY_CONFIG: writeConfig(config) },
    });
    expect(result.code).toBe(2);
    expect(jsonOf(result).error).toMatchObject({ code: 'USAGE', reason: expect.stringMatching(reason) });
  });

  it('exits 2 when MLDEPLOY_CONFIG names a missing file', async () => {
    const result = await runCli(['update', 'm', '-n', '2', '--dry-run'], {
      env: { MLDEPLOY_CONFIG: join(dirname(path), 'nope.json') },
    });
    expect(result.code).toBe(2);
    expect(jsonOf(result).error.reason).toMatch(/cannot read config file/);
  });

  it('exits 2 when the CA file cannot be read', async () => {
    const result = await runCli(['update', 'm', '-n', '2', '--dry-run', '--ca-cert', '/nonexistent/ca.pem']);
    expect(result.code).toBe(2);
    expect(jsonOf(result).error.reason).toBe('cannot read CA certificate /nonexistent/ca.pem: ENOENT');
  });
});
