import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));

function newest(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) {
    return info.mtimeMs;
  }
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/**
 * The browser suites test the built console that the mock server serves. `turbo run test` builds it
 * first; a direct `vitest run` rebuilds it here when dist/ is missing or older than its sources.
 */
export default async function setup(): Promise<void> {
  const built = join(root, 'dist', 'index.html');
  const sources = ['src', 'index.html', 'vite.config.ts', 'package.json'].map((p) => join(root, p));
  if (existsSync(built) && statSync(built).mtimeMs >= Math.max(...sources.map(newest))) {
    return;
  }
  await build({ root, configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
}
