// The README's command reference and connection table are written from the command table; this
// fails when they drift. To rewrite them: MLDEPLOY_WRITE_README=1 npx vitest run test/offline/readme.test.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commandReference, connectionReference } from '../helpers/readme-reference.js';

const README = new URL('../../README.md', import.meta.url);

function section(text: string, name: string): { start: number; end: number } {
  const open = `<!-- ${name}: generated from src/command-specs.ts (test/offline/readme.test.ts) -->\n`;
  const close = `\n<!-- /${name} -->`;
  const start = text.indexOf(open);
  const end = text.indexOf(close, start);
  expect(start, `README has no ${name} section`).toBeGreaterThan(-1);
  expect(end).toBeGreaterThan(start);
  return { start: start + open.length, end };
}

describe('the README', () => {
  it.each([
    ['commands', commandReference],
    ['connection', connectionReference],
  ])('has the %s the command table says', (name, generate) => {
    let text = readFileSync(README, 'utf8');
    if (process.env.MLDEPLOY_WRITE_README === '1') {
      const { start, end } = section(text, name);
      text = text.slice(0, start) + generate() + text.slice(end);
      writeFileSync(README, text);
    }
    const { start, end } = section(text, name);
    expect(text.slice(start, end)).toBe(generate());
  });
});
