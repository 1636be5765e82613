// The mock's msw handlers in a browser: Mock Service Worker's service worker answering in Debian's
// Chromium for `@mldeploy/mock-server/msw`, and @mldeploy/client sending through `fetch` to
// http://127.0.0.1:9200, where nothing listens: every answer below comes from the worker, or the
// request fails. The page (test/browser/msw-page.ts) is bundled with esbuild and served, with the
// worker script msw ships, from a node:http server on 127.0.0.1, port 0. (The mock must not depend
// on the client, so this lives here; docs/contract-testing.md, "In a browser".)
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { ENDPOINTS, pathFor } from '@mldeploy/core/endpoints';
import { errors, VALIDATION_MESSAGES } from '@mldeploy/core/rules';
import { SEEDED_ID } from '@mldeploy/mock-server/testing';
import { build } from 'esbuild';
import { type Browser, chromium, type Page, type Response } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

/** Debian's chromium; `.ci/run` installs it with apt-get when absent (never a browser download). */
const CHROMIUM = '/usr/bin/chromium';
/** The flags the browser needs in a container without a GPU, sandbox or network access. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** The handlers' default base URL. */
const ES = 'http://127.0.0.1:9200';
const CONVERGE_MS = 3000; // the built-in seed's converge_ms
const PAGE_MODULE = fileURLToPath(new URL('./browser/msw-page.ts', import.meta.url));
const WORKER_SCRIPT = createRequire(import.meta.url).resolve('msw/mockServiceWorker.js');
const INDEX_HTML =
  '<!doctype html><meta charset="utf-8"><title>msw in a browser</title><link rel="icon" href="data:,">' +
  '<script type="module" src="/page.js"></script>';

const HTTP_STATUS_LOG = 'Failed to load resource: the server responded with a status of 4';

const updatePath = pathFor(ENDPOINTS.update, { model_id: SEEDED_ID });
const statsPath = pathFor(ENDPOINTS.stats, { model_id: SEEDED_ID });
const MIN_ABOVE_MAX = { enabled: true, min_number_of_allocations: 4, max_number_of_allocations: 2 };

let server: Server | undefined;
let browser: Browser | undefined;
let page: Page;
/** Every response the page got for a request to ES, and every error it reported. */
const answers: Response[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium), as .ci/run does`,
    );
  }
  const bundle = await build({
    entryPoints: [PAGE_MODULE],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'esm',
    target: 'chrome120',
    logLevel: 'silent',
  });
  const files: Record<string, string> = {
    '/': INDEX_HTML,
    '/page.js': bundle.outputFiles[0]?.text ?? '',
    '/mockServiceWorker.js': readFileSync(WORKER_SCRIPT, 'utf8'),
  };
  server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const body = files[path];
    if (body === undefined) {
      response.writeHead(404).end();
      return;
    }
    const type = path === '/' ? 'text/html' : 'text/javascript';
    response
      .writeHead(200, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store' })
      .end(body);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30_000 });
  page = await (await browser.newContext()).newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    // Chromium logs every 4xx answer as a console error; those are asserted from `answers`.
    if (message.type() === 'error' && !message.text().startsWith(HTTP_STATUS_LOG)) {
      pageErrors.push(message.text());
    }
  });
  page.on('response', (response) => {
    if (response.url().startsWith(`${ES}/`)) {
      answers.push(response);
    }
  });
  // http://127.0.0.1 is a secure context: service workers register there.
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.evaluate(() => globalThis.mswPage.ready);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (server) {
    server.close();
    await once(server, 'close');
  }
});

beforeEach(async () => {
  await page.evaluate(() => globalThis.mswPage.reset());
  answers.length = 0;
  pageErrors.length = 0;
});

describe('msw handlers under a service worker, in Chromium', () => {
  it("the client's update is answered by the worker, and the stats read shows it converge", async () => {
    expect(await page.evaluate(() => globalThis.mswPage.baseUrl)).toBe(ES);
    const updated = await page.evaluate(
      ([id]) => globalThis.mswPage.update(id, { number_of_allocations: 3 }),
      [SEEDED_ID] as const,
    );
    expect(updated).toMatchObject({
      ok: true,
      value: { assignment: { task_parameters: { deployment_id: SEEDED_ID, number_of_allocations: 3 } } },
    });
    const stats = async () => {
      const read = await page.evaluate(([id]) => globalThis.mswPage.stats(id), [SEEDED_ID] as const);
      if (!read.ok) {
        throw new Error(`stats failed: ${read.message}`);
      }
      return read.value.trained_model_stats[0]?.deployment_stats;
    };
    // Allocations converge over converge_ms on the page's manual clock: the test steps it.
    expect(await stats()).toMatchObject({
      number_of_allocations: 3,
      allocation_status: { allocation_count: 1, target_allocation_count: 3, state: 'started' },
    });
    await page.evaluate((ms) => globalThis.mswPage.advance(ms), CONVERGE_MS);
    expect(await stats()).toMatchObject({
      number_of_allocations: 3,
      allocation_status: { allocation_count: 3, target_allocation_count: 3, state: 'fully_allocated' },
    });
    // Each answer came from the service worker: nothing listens on 9200.
    expect(answers.map((r) => [r.request().method(), new URL(r.url()).pathname, r.status()])).toEqual([
      ['POST', updatePath, 200],
      ['GET', statsPath, 200],
      ['GET', statsPath, 200],
    ]);
    expect(answers.every((r) => r.fromServiceWorker())).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it("a rejected update is answered with core's exact envelope and message, and changes nothing", async () => {
    const expected = errors.validationFailed([VALIDATION_MESSAGES.minAboveMax]);
    expect(expected.status).toBe(400);
    const rejection = {
      ok: false,
      name: 'ApiError',
      message: expect.stringContaining(VALIDATION_MESSAGES.minAboveMax),
      status: expected.status,
      body: expected.body,
    };
    // The client refuses it before sending, with the envelope Elasticsearch would answer ...
    const refused = await page.evaluate(
      ([id, adaptive]) => globalThis.mswPage.update(id, { adaptive_allocations: adaptive }),
      [SEEDED_ID, MIN_ABOVE_MAX] as const,
    );
    expect(refused).toEqual(rejection);
    expect(answers).toEqual([]);
    expect(await page.evaluate(() => globalThis.mswPage.requests())).toEqual([]);
    // ... and, sent anyway through its raw escape hatch, the worker answers the same.
    const answered = await page.evaluate(([path, body]) => globalThis.mswPage.raw('POST', path, body), [
      updatePath,
      JSON.stringify({ adaptive_allocations: MIN_ABOVE_MAX }),
    ] as const);
    expect(answered).toEqual(rejection);
    expect(answers.map((r) => [r.request().method(), new URL(r.url()).pathname, r.status()])).toEqual([
      ['POST', updatePath, 400],
    ]);
    expect(answers.every((r) => r.fromServiceWorker())).toBe(true);
    const deployment = (await page.evaluate(() => globalThis.mswPage.state())).deployments.find(
      (d) => d.deployment_id === SEEDED_ID,
    );
    expect(deployment).toMatchObject({ number_of_allocations: 1 });
    expect(deployment?.adaptive_allocations ?? null).toBeNull();
    expect(pageErrors).toEqual([]);
  });

  it("the page's journal lists what it sent, oldest first", async () => {
    const invalid = JSON.stringify({ adaptive_allocations: MIN_ABOVE_MAX });
    await page.evaluate(
      async ([id, path, body]) => {
        await globalThis.mswPage.update(id, { number_of_allocations: 2 });
        await globalThis.mswPage.raw('POST', path, body);
        await globalThis.mswPage.stats(id);
      },
      [SEEDED_ID, updatePath, invalid] as const,
    );
    const journal = await page.evaluate(() => globalThis.mswPage.requests());
    expect(
      journal.map((e) => ({
        method: e.method,
        path: e.path,
        status: e.status,
        type: e.error_type,
        body: e.body,
      })),
    ).toEqual([
      { method: 'POST', path: updatePath, status: 200, type: null, body: '{"number_of_allocations":2}' },
      {
        method: 'POST',
        path: updatePath,
        status: 400,
        type: 'action_request_validation_exception',
        body: invalid,
      },
      { method: 'GET', path: statsPath, status: 200, type: null, body: null },
    ]);
    expect(journal[0]?.headers['content-type']).toMatch(/^application\/json/);
    expect(answers).toHaveLength(3);
    expect(answers.every((r) => r.fromServiceWorker())).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it('a seed path is refused with a clear error in the browser, and nothing is half-loaded', async () => {
    const { errors: thrown, unchanged } = await page.evaluate(() => globalThis.mswPage.seedPath());
    const refusal = (path: string) => ({
      name: 'SeedError',
      message: `invalid seed ${path}:\n  - cannot read the file: this runtime has no file system (in a browser, pass the seed as an object)`,
    });
    expect(thrown).toEqual([refusal('seeds/default.json'), refusal('seeds/secured-demo.json')]);
    expect(unchanged).toBe(true);
    expect(pageErrors).toEqual([]);
  });
});
