// Every pending changeset must be one `changeset version` can read: front matter of package bumps
// between `---` lines. (A markdown formatter once rewrote the front matter into headings, which
// changesets refuses; biome now leaves `.changeset/*.md` alone.)
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
const dir = join(root, '.changeset');
const PUBLISHED = [
  '@mldeploy/core',
  '@mldeploy/client',
  '@mldeploy/cli',
  '@mldeploy/mock-server',
  '@mldeploy/testkit',
];

describe('pending changesets', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md');

  it.each(files)('%s names published packages and a bump in its front matter', (file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    const m = /^---\n([\s\S]*?)\n---\n\n\S/.exec(text);
    expect(m, `${file}: front matter between --- lines, then the summary`).not.toBeNull();
    // An empty front matter is one empty entry, which the pattern below rejects.
    const entries = (m?.[1] ?? '').split('\n');
    const named = entries.map((entry) => {
      const e = /^"(@mldeploy\/[a-z-]+)": (major|minor|patch)$/.exec(entry);
      expect(e, `${file}: ${entry}`).not.toBeNull();
      expect(PUBLISHED).toContain(e?.[1]);
      return e?.[1];
    });
    // A package named twice gets one of its two bumps, whichever changesets reads last.
    expect(
      named.filter((name, i) => named.indexOf(name) !== i),
      `${file}: named twice`,
    ).toEqual([]);
  });

  it('are all read by changesets itself', () => {
    const bin = join(root, 'node_modules', '.bin', 'changeset');
    const run = spawnSync(bin, ['status'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr + run.stdout).not.toContain('could not parse changeset');
    expect(run.status, run.stderr).toBe(0);
  });
});
