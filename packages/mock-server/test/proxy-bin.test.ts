import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultSeed, type MockServer, startMockServer } from '../src/index.js';
import { call, UPDATE } from './helpers.js';

// The built binary in proxy mode, in front of a mock on 127.0.0.1 with security on.
const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const KEY_ID = 'bin-key-id';
const KEY = 'bin-key-secret';
const ENCODED = Buffer.from(`${KEY_ID}:${KEY}`).toString('base64');
const running: ChildProcess[] = [];
const dir = mkdtempSync(join(tmpdir(), 'mldeploy-proxy-bin-'));
let upstream: MockServer;

beforeAll(async () => {
  upstream = await startMockServer({
    seed: {
      ...defaultSeed(),
      security: {
        enabled: true,
        users: [],
        api_keys: [{ id: KEY_ID, api_key: KEY, privileges: ['manage_ml'] }],
      },
    },
  });
});
afterEach(() => {
  for (const child of running.splice(0)) {
    child.kill('SIGKILL');
  }
});
afterAll(async () => {
  await upstream?.close();
  rmSync(dir, { recursive: true, force: true });
});

function launch(args: string[]): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [BIN, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no proxying line; output: ${out}`)), 30_000);
    const read = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)\nproxying Elasticsearch requests to /.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: m[1], output: () => out });
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code}: ${out}`));
    });
  });
}

describe('mldeploy-mock --proxy', () => {
  it('forwards with the upstream API key, marks answers, records, and never prints or writes a credential', async () => {
    const file = join(dir, 'cases.jsonl');
    const { child, url, output } = await launch([
      '--proxy',
      upstream.url,
      '--proxy-api-key',
      ENCODED,
      '--record',
      file,
    ]);
    const ok = await call(url, 'POST', UPDATE, { body: '{"number_of_allocations":2}' });
    expect([ok.status, ok.headers.get('x-mldeploy-contract')]).toEqual([200, 'ok']);
    const bad = await call(url, 'POST', UPDATE, { body: '{"number_of_allocations":0}' });
    expect([bad.status, bad.headers.get('x-mldeploy-contract')]).toEqual([400, 'ok']);
    const journal = (await call(url, 'GET', '/_mock/requests')).json.requests;
    expect(journal.map((r: { status: number; violations: unknown[] }) => [r.status, r.violations])).toEqual([
      [200, []],
      [400, []],
    ]);
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    expect(output()).toContain(`proxying Elasticsearch requests to ${upstream.url}`);
    expect(output()).toContain(`POST ${UPDATE} 200`);
    const recorded = readFileSync(file, 'utf8');
    expect(recorded.trimEnd().split('\n')).toHaveLength(2);
    for (const secret of [KEY, ENCODED]) {
      expect(output()).not.toContain(secret);
      expect(recorded).not.toContain(secret);
      expect(JSON.stringify(journal)).not.toContain(secret);
    }
  }, 60_000); // spawns the binary: bounded, and slow on a loaded machine

  it('takes credentials from the URL without printing them', async () => {
    const withUser = upstream.url.replace('http://', 'http://someone:url-secret@');
    const { url, output } = await launch(['--proxy', withUser, '--quiet']);
    const reply = await call(url, 'GET', '/');
    expect(reply.status).toBe(401);
    expect(reply.headers.get('x-mldeploy-contract')).toBe('ok');
    expect(output()).toContain(`proxying Elasticsearch requests to ${upstream.url}\n`);
    expect(output()).not.toContain('url-secret');
  }, 60_000); // spawns the binary: bounded, and slow on a loaded machine

  it('refuses proxy flags without --proxy, and a proxy URL that is not http(s)', () => {
    for (const [args, message] of [
      [['--record', 'x.jsonl'], '--record needs --proxy <url>'],
      [['--proxy-api-key', 'k'], '--proxy-api-key needs --proxy <url>'],
      [['--proxy', 'ftp://example'], '--proxy must be an http:// or https:// URL'],
      [['--proxy', upstream.url, '--proxy-ca', join(dir, 'missing.pem')], '--proxy-ca ['],
      [
        ['--proxy', upstream.url, '--proxy-username', 'u'],
        '--proxy-username and --proxy-password go together',
      ],
      [
        ['--proxy', upstream.url, '--proxy-api-key', 'k', '--proxy-username', 'u', '--proxy-password', 'p'],
        'are exclusive',
      ],
    ] as const) {
      const result = spawnSync(process.execPath, [BIN, '--port', '0', ...args], {
        encoding: 'utf8',
        timeout: 10_000,
      });
      expect(result.status).toBe(2);
      expect(result.stderr).toContain(message);
    }
  }, 60_000); // spawns the binary: bounded, and slow on a loaded machine
});
