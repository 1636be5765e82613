// docs/walkthrough-upload-deploy-scale.md runs as written: every request block of the page is sent
// in order to a mock loaded with the clean seed, and each answer has the status the page says.
// The only change: convergence takes no simulated time, so `wait_for=started` answers at once
// (the manual clock of tests never moves on its own).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSeed } from '../src/seed.js';
import { useMockServer } from '../src/testing.js';
import { call } from './helpers.js';

const mock = useMockServer({ clock: 'manual' });
const PAGE = readFileSync(
  new URL('../../../docs/walkthrough-upload-deploy-scale.md', import.meta.url),
  'utf8',
);
const CLEAN = new URL('../seeds/clean.json', import.meta.url).pathname;

/** The page's requests: a fenced `http` block (method, path, body) and the status after it. */
function steps(): Array<{ method: string; path: string; body?: string; status: number }> {
  const out: Array<{ method: string; path: string; body?: string; status: number }> = [];
  for (const m of PAGE.matchAll(/```http\n([\s\S]*?)```\s*<!-- status (\d+) -->/g)) {
    const [first = '', ...rest] = (m[1] ?? '').trim().split('\n');
    const [method = '', path = ''] = first.split(' ');
    const body = rest.join('\n').trim();
    out.push({ method, path, ...(body === '' ? {} : { body }), status: Number(m[2]) });
  }
  return out;
}

describe('docs/walkthrough-upload-deploy-scale.md', () => {
  it('has its steps, each answered with the status it names', async () => {
    const seed = loadSeed(CLEAN);
    seed.cluster.converge_ms = 0;
    await mock.server.reset(seed);
    const all = steps();
    expect(all.length).toBe(15);
    for (const step of all) {
      const reply = await call(
        mock.url,
        step.method,
        step.path,
        step.body === undefined ? {} : { body: step.body },
      );
      expect(`${step.method} ${step.path} → ${reply.status}`, reply.text).toBe(
        `${step.method} ${step.path} → ${step.status}`,
      );
    }
    expect(mock.server.state().deployments).toEqual([]);
  });
});
