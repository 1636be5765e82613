import { readFileSync } from 'node:fs';
import { ALLOCATION_STATES, DEFAULTS, PRIORITIES } from '@mldeploy/core/rules';
import { describe, expect, it } from 'vitest';
import { COMMANDS as TABLE } from '../../src/command-specs.js';
import { jsonOf, runCli } from '../helpers/run-cli.js';

// The command table itself: a command added there is checked here with no edit.
const COMMANDS = TABLE.map((c) => c.name);

describe('help and version', () => {
  it('prints the main help with every command and the exit codes', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    for (const command of COMMANDS) {
      expect(result.stdout).toContain(`  ${command}`);
    }
    expect(result.stdout).toContain('3  connection failure or timeout');
    await expect(result.stdout).toMatchFileSnapshot('__snapshots__/main-help.txt');
  });

  it.each(COMMANDS)('prints help with examples for %s', async (command) => {
    const [a, b] = await Promise.all([runCli([command, '--help']), runCli(['help', command])]);
    expect(a.code).toBe(0);
    expect(a.stdout).toContain(`Usage: mldeploy ${command}`);
    expect(a.stdout).toMatch(/Examples:\n {2}\$ mldeploy /);
    expect(b.stdout).toBe(a.stdout);
  });

  it('pins the update help', async () => {
    const result = await runCli(['update', '-h']);
    await expect(result.stdout).toMatchFileSnapshot('__snapshots__/update-help.txt');
  });

  it("lists core's enums and defaults in the start help", async () => {
    const { stdout } = await runCli(['start', '--help']);
    expect(stdout).toContain(`--priority ${PRIORITIES.join('|')} `);
    const waitFor = stdout.split('\n').find((line) => line.includes('--wait-for')) ?? '';
    for (const state of ALLOCATION_STATES) {
      expect(waitFor).toContain(state);
    }
    expect(waitFor).toContain(`(default ${DEFAULTS.start.wait_for})`);
    expect(stdout).toMatch(
      new RegExp(`--timeout DURATION +how long the server waits \\(default ${DEFAULTS.start.timeout}\\)`),
    );
  });

  it('prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    const result = await runCli(['--version']);
    expect(result).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
  });

  it('exits 2 with the help on stderr when no command is given', async () => {
    const result = await runCli([]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Usage: mldeploy <command>');
  });

  it('exits 2 on an unknown command, as one JSON document when asked', async () => {
    const result = await runCli(['deploy']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('');
    expect(jsonOf(result)).toEqual({
      ok: false,
      error: {
        code: 'USAGE',
        status: 0,
        type: 'usage_error',
        reason: 'unknown command [deploy]',
        hint: `commands: ${COMMANDS.join(', ')}`,
      },
    });
  });

  it('exits 2 on an unknown flag, with a one-line error and a hint in human mode', async () => {
    const result = await runCli(['status', '--colour', '-o', 'human']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'error: unknown flag [--colour] for status\nhint: see: mldeploy status --help\n',
    );
  });

  it('rejects an unknown output format', async () => {
    const result = await runCli(['schema', '-o', 'yaml']);
    expect(result.code).toBe(2);
    expect(jsonOf(result).error.reason).toContain('--output');
  });
});
