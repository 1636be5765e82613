import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonOf, runCli } from '../helpers/run-cli.js';

describe('mldeploy schema', () => {
  it('prints the OpenAPI document with the update path', async () => {
    const result = await runCli(['schema', '--openapi']);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.openapi).toMatch(/^3\.1/);
    expect(doc.paths['/_ml/trained_models/{model_id}/deployment/_update'].post).toBeDefined();
  });

  it('prints the JSON Schemas keyed by file name', async () => {
    const result = await runCli(['schema']);
    expect(result.code).toBe(0);
    const schemas = JSON.parse(result.stdout);
    expect(schemas['update-trained-model-deployment.body.json'].properties).toHaveProperty(
      'number_of_allocations',
    );
  });

  it('rejects arguments it does not take', async () => {
    const result = await runCli(['schema', 'update']);
    expect(result.code).toBe(2);
    expect(jsonOf(result).error.reason).toBe('unexpected argument [update]');
  });
});

describe('mldeploy completion', () => {
  it('prints a bash script that completes commands and flags', async () => {
    const result = await runCli(['completion', 'bash']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('complete -F _mldeploy mldeploy');
    const path = join(mkdtempSync(join(tmpdir(), 'mldeploy-completion-')), 'mldeploy.bash');
    writeFileSync(path, result.stdout);
    const complete = (words: string[]) =>
      execFileSync(
        'bash',
        [
          '-c',
          `source "$0"; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _mldeploy; echo "\${COMPREPLY[@]}"`,
          path,
        ],
        { encoding: 'utf8' },
      ).trim();
    expect(complete(['mldeploy', 'st'])).toBe('status start stop');
    expect(complete(['mldeploy', 'update', '--cl'])).toBe('--clear-min --clear-max --cloud-id');
    expect(complete(['mldeploy', 'start', '--wait-for', 'f'])).toBe('fully_allocated');
  });

  it('prints a zsh script registering _mldeploy with every command', async () => {
    const result = await runCli(['completion', 'zsh']);
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith('#compdef mldeploy\n')).toBe(true);
    for (const command of [
      'update',
      'status',
      'start',
      'stop',
      'verify',
      'validate',
      'schema',
      'completion',
    ]) {
      expect(result.stdout).toContain(`'${command}:`);
    }
    expect(result.stdout).toContain("'--no-adaptive[");
  });

  it('exits 2 for another shell', async () => {
    const result = await runCli(['completion', 'fish']);
    expect(result.code).toBe(2);
    expect(jsonOf(result).error).toMatchObject({
      reason: 'unsupported shell [fish]',
      hint: 'supported: bash, zsh',
    });
  });
});
