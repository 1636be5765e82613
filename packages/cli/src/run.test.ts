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
  it('prints for people on a terminal and JSON otherwise, returning the exit code', async () => {
    const tty = { stdout: stream(true), stderr: stream(true), env: {} };
    expect(await run(['update', 'm', '-n', '4', '--dry-run'], tty)).toBe(0);
    expect(tty.stdout.text.startsWith('\u001b[1mPOST\u001b[22m http://127.0.0.1:9200/')).toBe(true);

    const piped = { stdout: stream(false), stderr: stream(false), env: {} };
    expect(await run(['update', 'm', '-n', '4', '--dry-run'], piped)).toBe(0);
    expect(JSON.parse(piped.stdout.text).ok).toBe(true);
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
