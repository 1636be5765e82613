import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useMockServer } from '../src/testing.js';

const dir = mkdtempSync(join(tmpdir(), 'mldeploy-console-'));
mkdirSync(join(dir, 'assets'));
writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title>');
writeFileSync(join(dir, 'assets', 'app.js'), 'export {};');
writeFileSync(join(tmpdir(), 'outside-the-console.txt'), 'secret');

const mock = useMockServer({ consoleDir: dir });
const get = (path: string) => fetch(`${mock.url}${path}`, { redirect: 'manual' });

describe('serving a built console', () => {
  it('redirects the bare path once and serves the page at /_console/', async () => {
    const bare = await get('/_console');
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe('/_console/');
    const page = await get('/_console/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('<title>console</title>');
  });

  it('serves assets with their type and falls back to the page for app routes', async () => {
    const asset = await get('/_console/assets/app.js');
    expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(await (await get('/_console/deployments/x')).text()).toContain('<title>console</title>');
  });

  it('never serves files outside the console directory', async () => {
    const outside = await get('/_console/..%2f..%2foutside-the-console.txt');
    expect(outside.status).toBe(404);
    expect(await outside.text()).not.toContain('secret');
  });
});
