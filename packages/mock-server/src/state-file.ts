// The state file (`stateFile`, `--state-file`): read once at start, written atomically and durably
// after every change the engine reports. See docs/architecture.md ("The HTTP adapter").
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Writes the state atomically and durably before the change is acknowledged: a temporary file,
 * fsync, then rename over the old one. A kill at any moment leaves the old or the new file whole.
 */
export function writeStateFile(path: string, state: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'w');
  try {
    writeSync(fd, `${JSON.stringify(state, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
}

/**
 * The saved state's text, or undefined when there is no file yet. Atomic writes rename over the
 * target, so a path that exists and is not a regular file (a device, a pipe, a directory) is refused.
 */
export async function readStateFile(path: string): Promise<string | undefined> {
  const existing = await stat(path).catch(() => undefined);
  if (existing && !existing.isFile()) {
    throw new Error(`--state-file [${path}] exists and is not a regular file`);
  }
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw e;
  }
}
