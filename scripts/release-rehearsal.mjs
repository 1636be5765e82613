#!/usr/bin/env node
// Rehearses a release end to end against a real, throwaway npm registry (Verdaccio on 127.0.0.1):
//   1. builds the public packages;
//   2. copies the workspace's release inputs to a temporary directory (this working tree is never
//      written to) and runs the real `changeset version` there;
//   3. publishes every public package with `pnpm publish -r` into Verdaccio;
//   4. in a fresh directory, `npm install @mldeploy/cli @mldeploy/mock-server` from that registry
//      (their other dependencies come through Verdaccio's uplink), then runs `npx mldeploy --help`,
//      starts `mldeploy-mock` on a free loopback port and runs `mldeploy status` against it.
// Everything temporary is removed at the end; Verdaccio and the mock are stopped.
// Usage: pnpm release:rehearse [--keep] (keep the temporary directory, and say where it is)
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const PUBLIC = ['core', 'client', 'cli', 'mock-server', 'testkit'];
const keep = process.argv.includes('--keep');
const started = Date.now();
const say = (line) =>
  process.stdout.write(`[rehearsal +${((Date.now() - started) / 1000).toFixed(1)}s] ${line}\n`);
const cleanups = [];
let verdaccioLog = '';

function pnpm() {
  const exec = process.env.npm_execpath;
  if (exec && /pnpm/.test(exec)) {
    return /\.c?js$/.test(exec) ? [process.execPath, [exec]] : [exec, []];
  }
  return ['npx', ['-y', 'pnpm@10.34.9']];
}

function run(cmd, args, cwd, env = {}, { quiet = false } = {}) {
  const r = spawnSync(cmd, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8' });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} exited ${r.status ?? r.signal}\n${r.stdout}\n${r.stderr}`);
  }
  if (!quiet) {
    for (const line of `${r.stdout}${r.stderr}`.split('\n').filter((l) => l.trim())) {
      process.stdout.write(`    ${line}\n`);
    }
  }
  return r.stdout;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Spawns a long-running process; resolves once `ready(output)` returns a value. */
function startProcess(cmd, args, cwd, ready, env = {}) {
  const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  cleanups.push(() => child.exitCode === null && child.kill('SIGTERM'));
  let out = '';
  return new Promise((resolve, reject) => {
    const check = (chunk) => {
      out += chunk;
      const value = ready(out);
      if (value !== undefined) {
        resolve({ child, value, output: () => out });
      }
    };
    child.stdout.setEncoding('utf8').on('data', check);
    child.stderr.setEncoding('utf8').on('data', check);
    child.once('exit', (code) => reject(new Error(`${cmd} exited ${code} before it was ready:\n${out}`)));
  });
}

/**
 * One HTTP request on a fresh connection (fetch's pooled sockets can outlive Verdaccio's
 * keep-alive and fail with "other side closed").
 */
function http(url, { method = 'GET', body } = {}) {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method, agent: false, headers: body ? { 'content-type': 'application/json' } : {} },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d) => {
          text += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function waitForRegistry(url, verdaccio) {
  for (let i = 0; i < 600; i++) {
    if (verdaccio.exitCode !== null) {
      throw new Error('verdaccio exited');
    }
    const ok = await http(`${url}/-/ping`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) {
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`verdaccio did not answer at ${url}`);
}

async function main() {
  const before = run('git', ['status', '--porcelain'], root, {}, { quiet: true });
  const [pn, pre] = pnpm();
  const work = mkdtempSync(join(tmpdir(), 'mldeploy-rehearsal-'));
  if (!keep) {
    cleanups.push(() => rmSync(work, { recursive: true, force: true }));
  }

  say('1. build the public packages');
  run(
    pn,
    [
      ...pre,
      'exec',
      'turbo',
      'run',
      'build',
      ...PUBLIC.flatMap((p) => ['--filter', `./packages/${p}`]),
      '--output-logs=errors-only',
    ],
    root,
    { TURBO_TELEMETRY_DISABLED: '1' },
    { quiet: true },
  );

  say('2. copy the release inputs and run `changeset version` on the copy');
  const repo = join(work, 'repo');
  const skip = new Set(['node_modules', '.turbo', 'reports', 'test-artifacts', 'coverage']);
  for (const f of ['package.json', 'pnpm-workspace.yaml', 'pnpm-lock.yaml', 'LICENSE', '.changeset']) {
    cpSync(join(root, f), join(repo, f), { recursive: true });
  }
  for (const p of PUBLIC) {
    cpSync(join(root, 'packages', p), join(repo, 'packages', p), {
      recursive: true,
      filter: (src) => !skip.has(src.split('/').pop()),
    });
  }
  // Its own install (from the store: pnpm links workspace packages, which `pnpm publish` reads to
  // rewrite workspace: ranges), then the release flow's own `version-packages` script.
  run(
    pn,
    [...pre, 'install', '--prefer-offline', '--ignore-scripts', '--config.confirmModulesPurge=false'],
    repo,
    {},
    { quiet: true },
  );
  run(pn, [...pre, 'run', 'version-packages'], repo, {}, { quiet: true });
  const versions = Object.fromEntries(
    PUBLIC.map((p) => {
      const pkg = JSON.parse(readFileSync(join(repo, 'packages', p, 'package.json'), 'utf8'));
      return [pkg.name, pkg.version];
    }),
  );
  say(
    `   versions: ${Object.entries(versions)
      .map(([n, v]) => `${n}@${v}`)
      .join(', ')}`,
  );
  const changelog = join(repo, 'packages', 'cli', 'CHANGELOG.md');
  if (!existsSync(changelog)) {
    throw new Error('changeset version wrote no CHANGELOG.md');
  }

  say('3. start Verdaccio on 127.0.0.1 with a throwaway storage');
  const registryDir = join(work, 'registry');
  mkdirSync(registryDir);
  const upstream = run('npm', ['config', 'get', 'registry'], work, {}, { quiet: true }).trim();
  const config = join(registryDir, 'config.yaml');
  writeFileSync(
    config,
    [
      `storage: ${join(registryDir, 'storage')}`,
      'auth:',
      '  htpasswd:',
      `    file: ${join(registryDir, 'htpasswd')}`,
      'uplinks:',
      '  upstream:',
      `    url: ${upstream}`,
      'packages:',
      // Our scope is served from this registry only: nothing of ours can come from upstream.
      "  '@mldeploy/*':",
      '    access: $all',
      '    publish: $authenticated',
      "  '**':",
      '    access: $all',
      '    publish: $authenticated',
      '    proxy: upstream',
      'web:',
      '  enable: false',
      'log: { type: stdout, format: pretty, level: warn }',
      '',
    ].join('\n'),
  );
  const port = await freePort();
  const registry = `http://127.0.0.1:${port}`;
  const verdaccioBin = join(
    createRequire(join(root, 'packages', 'pack-test', 'package.json')).resolve('verdaccio/package.json'),
    '..',
    'bin',
    'verdaccio',
  );
  const verdaccio = spawn(
    process.execPath,
    [verdaccioBin, '--config', config, '--listen', `127.0.0.1:${port}`],
    {
      cwd: registryDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  verdaccio.stdout.on('data', (d) => {
    verdaccioLog += d;
  });
  verdaccio.stderr.on('data', (d) => {
    verdaccioLog += d;
  });
  cleanups.push(() => verdaccio.exitCode === null && verdaccio.kill('SIGTERM'));
  await waitForRegistry(registry, verdaccio).catch((e) => {
    throw new Error(`${e.message}\n${verdaccioLog}`);
  });
  say(`   ${registry} (uplink: ${upstream})`);

  // A throwaway user and an npmrc of our own: the machine's npm config is never touched.
  const user = await http(`${registry}/-/user/org.couchdb.user:rehearsal`, {
    method: 'PUT',
    body: JSON.stringify({
      name: 'rehearsal',
      password: 'rehearsal-password',
      email: 'rehearsal@example.test',
    }),
  });
  const { token } = JSON.parse(user.text);
  if (user.status !== 201 || !token) {
    throw new Error(`could not add a Verdaccio user: ${user.status}`);
  }
  const npmrc = join(work, 'npmrc');
  writeFileSync(npmrc, `registry=${registry}/\n//127.0.0.1:${port}/:_authToken=${token}\n`);
  const npmEnv = { NPM_CONFIG_USERCONFIG: npmrc, npm_config_registry: `${registry}/` };

  say('4. pnpm publish -r into Verdaccio');
  // Provenance needs a CI provider's identity (GitHub Actions OIDC), which a local rehearsal does not
  // have, and publishConfig wins over any flag: the copy's manifests drop it, and only that.
  for (const p of PUBLIC) {
    const file = join(repo, 'packages', p, 'package.json');
    const pkg = JSON.parse(readFileSync(file, 'utf8'));
    if (pkg.publishConfig?.provenance !== true) {
      throw new Error(`${pkg.name}: publishConfig.provenance is not true`);
    }
    delete pkg.publishConfig.provenance;
    writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
  }
  run(pn, [...pre, 'publish', '-r', '--registry', `${registry}/`, '--no-git-checks'], repo, npmEnv, {
    quiet: true,
  });
  for (const [name, version] of Object.entries(versions)) {
    const meta = JSON.parse((await http(`${registry}/${name.replace('/', '%2f')}`)).text);
    if (meta['dist-tags']?.latest !== version) {
      throw new Error(`${name}: latest is ${meta['dist-tags']?.latest}, expected ${version}`);
    }
    const manifest = meta.versions[version];
    if (/workspace:|catalog:/.test(JSON.stringify(manifest))) {
      throw new Error(`${name}@${version} was published with a workspace: or catalog: range`);
    }
  }
  say('   every package is on the registry at its new version, with no workspace:/catalog: range');

  say('5. npm install @mldeploy/cli @mldeploy/mock-server from it, in a fresh directory');
  const consumer = join(work, 'consumer');
  mkdirSync(consumer);
  writeFileSync(
    join(consumer, 'package.json'),
    '{ "name": "consumer", "version": "1.0.0", "private": true }\n',
  );
  run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--loglevel=error', '@mldeploy/cli', '@mldeploy/mock-server'],
    consumer,
    npmEnv,
  );
  const installed = JSON.parse(run('npm', ['ls', '--json', '--all'], consumer, npmEnv, { quiet: true }));
  for (const [name, dep] of Object.entries(installed.dependencies)) {
    say(`   ${name}@${dep.version}`);
    if (dep.version !== versions[name]) {
      throw new Error(`${name}: installed ${dep.version}, published ${versions[name]}`);
    }
  }

  say('6. npx mldeploy --help, and mldeploy status against mldeploy-mock');
  const help = run('npx', ['--no-install', 'mldeploy', '--help'], consumer, npmEnv, { quiet: true });
  say(`   npx mldeploy --help: ${help.split('\n')[0]}`);
  // The installed bin itself (not through npx), so that stopping it stops the server.
  const mock = await startProcess(
    join(consumer, 'node_modules', '.bin', 'mldeploy-mock'),
    ['--port', '0', '--host', '127.0.0.1', '--quiet'],
    consumer,
    (out) => /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1],
    npmEnv,
  );
  say(`   mldeploy-mock: ${mock.output().trim()}`);
  const status = run('npx', ['--no-install', 'mldeploy', 'status', '--url', mock.value], consumer, npmEnv, {
    quiet: true,
  });
  for (const line of status.trimEnd().split('\n')) {
    process.stdout.write(`    ${line}\n`);
  }
  if (!status.includes('elastic__distilbert-base-uncased-finetuned-conll03-english')) {
    throw new Error('mldeploy status did not list the seed deployment');
  }

  const after = run('git', ['status', '--porcelain'], root, {}, { quiet: true });
  if (after !== before) {
    throw new Error(`the rehearsal changed the working tree:\n${after}`);
  }
  say('the working tree is as it was');
  if (keep) {
    say(`kept: ${relative(process.cwd(), work) || work}`);
  }
}

let code = 0;
try {
  await main();
  say('release rehearsal passed');
} catch (e) {
  process.stderr.write(`release rehearsal failed: ${e instanceof Error ? (e.stack ?? e.message) : e}\n`);
  if (e instanceof Error && e.cause) {
    process.stderr.write(`cause: ${e.cause}\n`);
  }
  if (verdaccioLog) {
    process.stderr.write(`verdaccio's log:\n${verdaccioLog}\n`);
  }
  code = 1;
} finally {
  for (const cleanup of cleanups.reverse()) {
    try {
      cleanup();
    } catch {
      // best effort
    }
  }
}
process.exit(code);
