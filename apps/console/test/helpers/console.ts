import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SEEDED_ID } from '@mldeploy/mock-server/testing';
import { type Browser, type BrowserContext, chromium, type Page, type Request } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';

/** The deployment of the mock's default seed: one allocation, started, on ml-node-1 of two ML nodes. */
export { SEEDED_ID };
/** Debian's chromium; `.ci/run` installs it with apt-get when absent (never a browser download). */
export const CHROMIUM = '/usr/bin/chromium';
/** The built console the mock serves. */
export const CONSOLE_DIR = fileURLToPath(new URL('../../dist/', import.meta.url));
/** Screenshots, kept as test artifacts (gitignored). */
export const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

/** A seed document as `state()` answers it (the parts these tests touch). */
export interface Seed {
  cluster: Record<string, unknown>;
  deployments: Array<Record<string, unknown> & { deployment_id: string }>;
  security: { enabled: boolean; users: unknown[]; api_keys: unknown[] };
  [key: string]: unknown;
}

/** The handle `startMockServer` resolves to. */
export interface MockServer {
  url: string;
  port: number;
  close(): Promise<void>;
  reset(seed?: Seed): Promise<void>;
  state(): Seed;
  /** The simulated nodes' HTTP listeners, the first at `url` (several with `httpNodes`). */
  nodes: Array<{ name: string; url: string }>;
}

async function startMockServer(options: {
  port: number;
  consoleDir: string;
  convergeMs: number;
  clock?: 'manual';
  httpNodes?: number;
}) {
  // An opaque specifier, so type-checking does not need the mock's build.
  const specifier = '@mldeploy/mock-server';
  const module = (await import(/* @vite-ignore */ specifier)) as {
    startMockServer(o: typeof options & { quiet: boolean }): Promise<MockServer>;
  };
  return module.startMockServer({ ...options, quiet: true });
}

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

/**
 * One mock server (serving the built console, allocations converging in 1.5 s of its time) and one
 * browser per file. The mock's clock is manual: its time stands still until a test advances it
 * (`advance`), so nothing a suite checks depends on how fast the machine is.
 */
export function useConsole(options: { httpNodes?: number } = {}): {
  readonly server: MockServer;
  readonly browser: Browser;
} {
  let server: MockServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium), as .ci/run does`,
      );
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await startMockServer({
      port: 0,
      consoleDir: CONSOLE_DIR,
      convergeMs: 1500,
      clock: 'manual',
      ...options,
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    get server() {
      if (!server) {
        throw new Error('mock server not started');
      }
      return server;
    },
    get browser() {
      if (!browser) {
        throw new Error('browser not started');
      }
      return browser;
    },
  };
}

/** An open console page and every API request it made. */
export interface ConsolePage {
  context: BrowserContext;
  page: Page;
  /** The address the page was opened at. */
  url: string;
  /** Every request to the Elasticsearch API (not the console's own files). */
  requests: Request[];
  /** The `_update` requests only. */
  updates(): Request[];
  /** Errors thrown in the page. */
  errors: string[];
  close(): Promise<void>;
}

/**
 * Opens the console in a fresh context, at the address the README gives (`/_console/`). The page's
 * timers and Date run on Playwright's clock, paused: its refreshes happen only when the test moves
 * that clock (`page.clock.runFor`, or {@link step} for both clocks).
 */
export async function openConsole(
  browser: Browser,
  server: MockServer,
  viewport = { width: 1280, height: 900 },
  path = '/_console/',
): Promise<ConsolePage> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const start = new Date('2026-01-01T00:00:00Z').getTime();
  await page.clock.install({ time: start });
  await page.clock.pauseAt(start + 1_000);
  const requests: Request[] = [];
  const errors: string[] = [];
  page.on('request', (request) => {
    if (!new URL(request.url()).pathname.startsWith('/_console')) {
      requests.push(request);
    }
  });
  page.on('pageerror', (error) => errors.push(error.message));
  const url = `${server.url}${path}`;
  await page.goto(url);
  return {
    context,
    page,
    url,
    requests,
    updates: () => requests.filter((r) => r.method() === 'POST' && r.url().includes('/deployment/_update')),
    errors,
    close: () => context.close(),
  };
}

/** A screenshot in test-artifacts/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
}

/** The card of one deployment. */
export function card(page: Page, id = SEEDED_ID) {
  return page.locator(`[data-deployment="${id}"]`);
}

/** Moves the mock's simulated clock on by `ms` (`POST /_mock/advance`): convergence without waiting. */
export async function advance(server: MockServer, ms: number): Promise<void> {
  const response = await fetch(`${server.url}/_mock/advance`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ms }),
  });
  if (!response.ok) {
    throw new Error(`POST /_mock/advance answered ${response.status}: ${await response.text()}`);
  }
}

/**
 * Moves both clocks on: the mock's by `mockMs` (allocations converge), then the page's by one fast
 * refresh (1 s), and waits until that refresh has been drawn (`[data-refreshed]` changes).
 */
export async function step(page: Page, server: MockServer, mockMs: number): Promise<void> {
  const refreshed = () => page.locator('[data-refreshed]').textContent();
  const before = await refreshed();
  await advance(server, mockMs);
  await page.clock.runFor(1_000);
  await expect.poll(refreshed).not.toBe(before);
}
