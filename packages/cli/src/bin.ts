#!/usr/bin/env node
import module from 'node:module';

// Node 22.1+ can cache the compiled code of the modules a command loads; Node 20 has no such API.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

// `mldeploy schema | head` closes the pipe early; that is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') {
      throw e;
    }
  });
}
const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
// Imported after the compile cache is on, so that it covers the CLI's own modules too.
const { run } = await import('./run.js');
process.exitCode = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  // A getter: only `validate -` pays for opening stdin.
  get stdin() {
    return process.stdin;
  },
  signal: controller.signal,
});
