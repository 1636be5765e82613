// The page of msw-browser.test.ts, bundled for the browser with esbuild: Mock Service Worker's
// worker answering for the mock's msw handlers, and @mldeploy/client sending through `fetch`, as
// docs/contract-testing.md ("In a browser") shows. The test drives it through `globalThis.mswPage`.
import { ApiError, createClient, type UpdateDeploymentInput } from '@mldeploy/client';
import { createMswHandlers } from '@mldeploy/mock-server/msw';
import { setupWorker } from 'msw/browser';

const es = createMswHandlers({ clock: 'manual' });
const worker = setupWorker(...es.handlers);
// In a browser `auto` is `fetch` too; said here as the docs say it. A new one per reset, so that no
// test sees what the client learnt in another (it remembers the server's version).
const newClient = () => createClient({ node: es.baseUrl, transport: 'fetch' });
let client = newClient();

/** An answer, or an error as plain data (name, message, and for an {@link ApiError} its status and body). */
export type Outcome<T> =
  | { ok: true; value: T }
  | { ok: false; name: string; message: string; status?: number; body?: unknown };

async function outcome<T>(run: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (e) {
    const error = e as Error;
    return e instanceof ApiError
      ? { ok: false, name: error.name, message: error.message, status: e.status, body: e.info.body }
      : { ok: false, name: error.name, message: error.message };
  }
}

const api = {
  /** Settles once the worker controls the page (`onUnhandledRequest: 'error'`: nothing passes by). */
  ready: worker
    .start({ serviceWorker: { url: '/mockServiceWorker.js' }, onUnhandledRequest: 'error', quiet: true })
    .then(() => true),
  baseUrl: es.baseUrl,
  update: (id: string, input: UpdateDeploymentInput) => outcome(() => client.updateDeployment(id, input)),
  stats: (id: string) => outcome(() => client.getDeploymentStats(id)),
  /** The raw escape hatch: the body goes as written, past the client's own checks. */
  raw: (method: 'GET' | 'POST', path: string, body?: string) =>
    outcome(() => client.request({ method, path, ...(body === undefined ? {} : { body }) })),
  /** Back to the starting seed, an empty journal and a new client. */
  reset: () => {
    es.reset();
    es.clearRequests();
    client = newClient();
  },
  advance: (ms: number) => es.advance(ms),
  state: () => es.state(),
  requests: () => es.requests(),
  /** What a seed path gets in a browser: at creation, and from `reset`. */
  seedPath: () => {
    const before = JSON.stringify(es.state());
    const errors = [
      () => createMswHandlers({ seed: 'seeds/default.json' }),
      () => es.reset('seeds/secured-demo.json'),
    ].map((run) => {
      try {
        run();
        return undefined;
      } catch (e) {
        return { name: (e as Error).name, message: (e as Error).message };
      }
    });
    return { errors, unchanged: JSON.stringify(es.state()) === before };
  },
};

export type MswPage = typeof api;

declare global {
  var mswPage: MswPage;
}
globalThis.mswPage = api;
