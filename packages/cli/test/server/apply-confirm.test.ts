import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SEEDED_ID, useMockServer } from '@mldeploy/mock-server/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { run } from '../../src/run.js';
import { cleanHome } from '../helpers/run-cli.js';

// A terminal cannot be spawned without a pty, so the confirmation runs `run` in-process with a
// stdin that says it is a TTY, against the real mock over HTTP.
const mock = useMockServer({ convergeMs: 50 });
const file = join(mkdtempSync(join(tmpdir(), 'mldeploy-confirm-')), 'desired.yaml');
writeFileSync(file, `deployments:\n  - id: ${SEEDED_ID}\n    number_of_allocations: 2\n`);

async function applyAnswering(answer: string) {
  let stdout = '';
  let stderr = '';
  const stdin = {
    isTTY: true,
    async *[Symbol.asyncIterator]() {
      yield answer;
    },
  };
  const code = await run(['apply', '-f', file, '-o', 'human'], {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { ELASTICSEARCH_URL: mock.url, HOME: cleanHome, NO_COLOR: '1' },
    stdin,
  });
  return { code, stdout, stderr };
}

describe('mldeploy apply on a terminal', () => {
  beforeEach(async () => {
    await mock.server.reset();
  });

  it('shows the plan and sends nothing unless the answer is yes', async () => {
    const before = JSON.stringify(mock.server.state());
    const declined = await applyAnswering('n\n');
    expect(declined.code).toBe(2);
    expect(declined.stdout).toMatch(
      new RegExp(`^DEPLOYMENT +FIELD +FROM +TO\n${SEEDED_ID} +number_of_allocations +1 +2\n`),
    );
    expect(declined.stderr).toBe(
      'apply 1 change to 1 deployment? [y/N] error: apply cancelled; nothing was sent\n',
    );
    expect(JSON.stringify(mock.server.state())).toBe(before);
  });

  it('applies after a yes', async () => {
    const accepted = await applyAnswering('yes\n');
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(accepted.stdout).toContain('✓ applied 1 change to 1 deployment\n');
    expect(mock.server.state().deployments[0]?.number_of_allocations).toBe(2);
  });
});
