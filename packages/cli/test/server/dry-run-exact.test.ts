import { SEEDED_ID, useMockServer } from '@mldeploy/mock-server/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { useProxy } from '../helpers/proxy.js';
import { jsonOf, runCli } from '../helpers/run-cli.js';

// A recording proxy in front of the mock: what `--dry-run` prints must be what the CLI then sends.
const mock = useMockServer({ convergeMs: 50 });
const proxy = useProxy(() => mock.url);
const API_KEY = 'dnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==';

// Headers fetch itself adds on the wire; the request mldeploy builds is everything else.
const TRANSPORT_HEADERS = new Set([
  'host',
  'connection',
  'content-length',
  'user-agent',
  'accept-encoding',
  'accept-language',
  'sec-fetch-mode',
]);

describe('--dry-run prints the exact request', () => {
  beforeEach(async () => {
    await mock.server.reset();
  });

  it.each([
    [['--allocations', '4']],
    [['--no-adaptive', '--allocations', '2']],
    [['--adaptive', '--min', '1', '--max', '8']],
    [['--adaptive', '--clear-min', '--max', '3']],
    [['-n', '3', '--query']],
    [['-n', '2', '--api-key', API_KEY]],
  ])('for %j', async (flags) => {
    const args = ['update', SEEDED_ID, ...flags, '--url', proxy.url];
    const dry = await runCli([...args, '--dry-run']);
    expect(dry.code, dry.stdout).toBe(0);
    expect(proxy.seen).toHaveLength(0);
    const printed = jsonOf(dry).data.request;

    const sent = await runCli(args);
    expect(sent.code, sent.stdout).toBe(0);
    const wire = proxy.seen.splice(0).find((r) => r.path.includes('/deployment/_update'));
    expect(wire).toBeDefined();
    expect(wire?.method).toBe(printed.method);
    expect(`${proxy.url}${wire?.path}`).toBe(printed.url);
    expect(wire?.body).toBe(printed.body === null ? null : JSON.stringify(printed.body));
    const wireHeaders = Object.fromEntries(
      Object.entries(wire?.headers ?? {}).filter(([name]) => !TRANSPORT_HEADERS.has(name)),
    );
    expect(Object.keys(wireHeaders).sort()).toEqual(Object.keys(printed.headers).sort());
    for (const [name, value] of Object.entries(printed.headers)) {
      if (name === 'authorization') {
        expect(wireHeaders[name]).toBe(`ApiKey ${API_KEY}`);
        expect(value).toBe('ApiKey [redacted]');
      } else {
        expect(wireHeaders[name]).toBe(value);
      }
    }
    expect(dry.stdout).not.toContain(API_KEY);
    expect(sent.stdout).not.toContain(API_KEY);
  });
});
