#!/usr/bin/env node
import { run } from './run.js';

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
