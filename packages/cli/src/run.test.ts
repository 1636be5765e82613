import { describe, expect, it } from 'vitest';
import type { OutputStream } from './cli-io.js';
import { run } from './run.js';

function stream(isTTY: boolean): OutputStream & { text: string } {
  return {
    text: '',
    isTTY,
    write(chunk: string) {
      this.text += chunk;
      return true;
    },
  };
}

describe('run', () => {
  it('prints for people, with colour on a terminal only, and JSON when asked; returns the exit code', async () => {
    const tty = { stdout: stream(true), stderr: stream(true), env: {} };
    expect(await run(['update', 'm', '-n', '4', '--dry-run'], tty)).toBe(0);
    expect(tty.stdout.text.startsWith('\u001b[1mPOST\u001b[22m http://127.0.0.1:9200/')).toBe(true);

    const piped = { stdout: stream(false), stderr: stream(false), env: {} };
    expect(await run(['update', 'm', '-n', '4', '--dry-run'], piped)).toBe(0);
    expect(piped.stdout.text.startsWith('POST http://127.0.0.1:9200/')).toBe(true);

    for (const [argv, env] of [
      [['--json'], {}],
      [['-o', 'json'], {}],
      [['--output=json'], {}],
      [[], { MLDEPLOY_OUTPUT: 'json' }],
      [['-o', 'human', '--json'], {}],
    ] as const) {
      const asked = { stdout: stream(false), stderr: stream(false), env };
      expect(await run(['update', 'm', '-n', '4', '--dry-run', ...argv], asked)).toBe(0);
      expect(JSON.parse(asked.stdout.text).ok, JSON.stringify(argv)).toBe(true);
    }
    // A flag beats the environment.
    const human = { stdout: stream(false), stderr: stream(false), env: { MLDEPLOY_OUTPUT: 'json' } };
    expect(await run(['update', 'm', '-n', '4', '--dry-run', '-o', 'human'], human)).toBe(0);
    expect(human.stdout.text.startsWith('POST ')).toBe(true);
  });

  it('refuses an unknown MLDEPLOY_OUTPUT as it refuses an unknown -o', async () => {
    const io = { stdout: stream(false), stderr: stream(false), env: { MLDEPLOY_OUTPUT: 'yaml' } };
    expect(await run(['update', 'm', '-n', '4', '--dry-run'], io)).toBe(2);
    expect(io.stdout.text).toBe('');
    expect(io.stderr.text).toBe('error: MLDEPLOY_OUTPUT must be human, wide or json, got [yaml]\n');
  });

  it('writes a usage error to stderr on a terminal and returns 2', async () => {
    const io = { stdout: stream(true), stderr: stream(true), env: { NO_COLOR: '1' } };
    expect(await run(['update', 'm'], io)).toBe(2);
    expect(io.stdout.text).toBe('');
    expect(io.stderr.text).toBe(
      'error: nothing to update\nhint: give --allocations N, --adaptive --min N --max N, --no-adaptive, --clear-min or --clear-max\n',
    );
  });

  it('reads the body to validate from the given stdin', async () => {
    const io = {
      stdout: stream(false),
      stderr: stream(false),
      env: { MLDEPLOY_OUTPUT: 'json' },
      stdin: (async function* () {
        yield '{"adaptive_allocations":';
        yield Buffer.from('{"enabled":true,"max_number_of_allocations":0}}');
      })(),
    };
    expect(await run(['validate'], io)).toBe(2);
    expect(JSON.parse(io.stdout.text).error.reason).toBe(
      'Validation Failed: 1: [max_number_of_allocations] must be a positive integer or null;',
    );
  });
});
