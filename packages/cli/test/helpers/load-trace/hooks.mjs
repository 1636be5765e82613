// Module hooks that append the URL of every module Node loads to the file named by
// MLDEPLOY_LOAD_TRACE. Used by the fast-start test to see what a command really imports.
import { appendFileSync } from 'node:fs';

/** Records each module as it is loaded, then loads it as usual. */
export async function load(url, context, nextLoad) {
  const file = process.env.MLDEPLOY_LOAD_TRACE;
  if (file) {
    appendFileSync(file, `${url}\n`);
  }
  return nextLoad(url, context);
}
