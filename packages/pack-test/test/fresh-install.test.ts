// A newcomer's first command is `pnpm install --frozen-lockfile` in a fresh clone; whatever it prints
// that says "warning" (pnpm's `WARN` lines, or its boxed "Warning" such as "Ignored build scripts")
// leaves them wondering whether something is broken. This clones the repository's committed state
// (what a newcomer gets) and installs it, with the store this machine already has.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pnpmCommand, ROOT, run, runAsync } from './helpers/workspace.js';

const work = mkdtempSync(join(tmpdir(), 'mldeploy-clone-'));

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

/** The lines of an install's output that a reader would take for a warning. */
function warningLines(output: string): string[] {
  // `WARN` (pnpm's log lines), `Warning` (the box title), `warning` (npm and others), any case.
  return output.split('\n').filter((line) => /\bwarn(ing)?\b/i.test(line));
}

describe('a fresh install', () => {
  it('finds pnpm’s box and its WARN lines alike', () => {
    const box = '╭ Warning ──╮\n│   Ignored build scripts: msw@2.15.0.   │\n╰──╯';
    expect(warningLines(box)).toEqual(['╭ Warning ──╮']);
    expect(warningLines(' WARN  deprecated glob@7.2.3')).toHaveLength(1);
    expect(warningLines('Done in 5.1s using pnpm v10.34.9')).toEqual([]);
  });

  it('of a clone prints nothing that says warning', async () => {
    const clone = join(work, 'mldeploy');
    run('git', ['clone', '--quiet', '--no-hardlinks', ROOT, clone], work);
    const [pnpm, pre] = pnpmCommand();
    const install = await runAsync(pnpm, [...pre, 'install', '--frozen-lockfile', '--prefer-offline'], clone);
    const output = `${install.stdout}\n${install.stderr}`;
    expect(install.code, output).toBe(0);
    expect(warningLines(output), output).toEqual([]);
  });
});
