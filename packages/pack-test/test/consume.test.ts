// Packs every public package as it would be published, installs the tarballs with npm into a fresh
// project outside the workspace, and uses them there as a consumer would: nothing of the monorepo
// (its node_modules, tsconfig paths, workspace links) can make a broken package look whole.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { publint } from 'publint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_PACKAGES, type PublicPackage, packAll, run, runAsync } from './helpers/workspace.js';

const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');
const attw = join(require.resolve('@arethetypeswrong/cli/package.json'), '..', 'dist', 'index.js');

let work: string;
let project: string;
let tarballs: Record<PublicPackage, string>;
const names = Object.keys(PUBLIC_PACKAGES) as PublicPackage[];
type Run = Awaited<ReturnType<typeof runAsync>>;
let typesReports: Promise<Run[]>;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'mldeploy-pack-'));
  const packs = join(work, 'tarballs');
  mkdirSync(packs);
  tarballs = packAll(packs);
  // are-the-types-wrong reads the tarballs only: it runs while npm installs.
  typesReports = Promise.all(
    names.map((name) =>
      runAsync(process.execPath, [attw, tarballs[name], '--profile', 'esm-only', '--format', 'json'], work),
    ),
  );
  project = join(work, 'consumer');
  mkdirSync(project);
  writeFileSync(
    join(project, 'package.json'),
    `${JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }, null, 2)}\n`,
  );
  // One npm install for every tarball (their dependencies come from the registry, cached metadata
  // preferred), plus the Node types a TypeScript consumer has anyway.
  const install = await runAsync(
    'npm',
    [
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      ...Object.values(tarballs),
      '@types/node@^20.19.0',
    ],
    project,
  );
  if (install.code !== 0) {
    throw new Error(`npm install failed (${install.code}):\n${install.stdout}\n${install.stderr}`);
  }
}, 240_000);

afterAll(async () => {
  await typesReports?.catch(() => undefined);
  if (work) {
    rmSync(work, { recursive: true, force: true });
  }
});

/** The package.json inside a tarball, as the registry would store it. */
function packedManifest(tarball: string): Record<string, unknown> {
  return JSON.parse(run('tar', ['-xOzf', tarball, 'package/package.json'], work));
}

function packedFiles(tarball: string): string[] {
  return run('tar', ['-tzf', tarball], work)
    .split('\n')
    .filter(Boolean)
    .map((f) => f.replace(/^package\//, ''));
}

describe('the packed tarballs', () => {
  it('have no workspace: or catalog: range in any manifest, and pin each other to the version packed', () => {
    const versions = new Set<unknown>();
    for (const name of names) {
      const manifest = packedManifest(tarballs[name]);
      expect(manifest.name).toBe(name);
      versions.add(manifest.version);
      const text = JSON.stringify(manifest);
      expect(text, name).not.toMatch(/workspace:|catalog:/);
      for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
        for (const [dep, range] of Object.entries((manifest[field] as Record<string, string>) ?? {})) {
          if (dep.startsWith('@mldeploy/')) {
            expect(range, `${name} ${field} ${dep}`).toBe(`^${manifest.version}`);
          }
        }
      }
    }
    // One fixed version for all of them (.changeset/config.json's `fixed` group).
    expect(versions.size).toBe(1);
  });

  it('each ship LICENSE, README, package.json and their built entries, and no build info or tests', () => {
    for (const name of names) {
      const files = packedFiles(tarballs[name]);
      expect(files, name).toEqual(
        expect.arrayContaining(['LICENSE', 'README.md', 'package.json', 'dist/index.js']),
      );
      expect(
        files.filter((f) => /tsbuildinfo|\.test\.|^src\/|^test\//.test(f)),
        name,
      ).toEqual([]);
    }
    expect(packedFiles(tarballs['@mldeploy/cli'])).toContain('bin/mldeploy.js');
    expect(packedFiles(tarballs['@mldeploy/mock-server'])).toContain('bin/mldeploy-mock.js');
    expect(packedFiles(tarballs['@mldeploy/testkit'])).toContain('dist/cases/update-deployment.json');
  });

  it('are publint-clean, strict, as packed', async () => {
    for (const name of names) {
      const bytes = readFileSync(tarballs[name]);
      const tarball = bytes.buffer.slice(
        bytes.byteOffset,
        bytes.byteOffset + bytes.byteLength,
      ) as ArrayBuffer;
      const { messages } = await publint({ pack: { tarball }, strict: true, level: 'suggestion' });
      expect(
        messages.map((m) => `${m.type} ${m.code} ${m.path.join('.')}`),
        name,
      ).toEqual([]);
    }
  });

  it('have types that are right for ESM-only packages (are-the-types-wrong, esm-only profile)', async () => {
    const results = await typesReports;
    for (const [i, r] of results.entries()) {
      const name = names[i] as PublicPackage;
      expect(r.stderr, name).toBe('');
      const report = JSON.parse(r.stdout) as {
        analysis: {
          entrypoints: Record<string, unknown>;
          problems: Array<{ kind: string; entrypoint: string; resolutionKind?: string }>;
        };
      };
      // Every subpath export is analysed.
      const exported = Object.keys(packedManifest(tarballs[name]).exports as object);
      expect(Object.keys(report.analysis.entrypoints).sort(), name).toEqual(exported.sort());
      // The profile ignores node10 and CommonJS-from-node16 (require(esm) is checked for real below).
      const counted = report.analysis.problems.filter(
        (p) => p.resolutionKind !== 'node10' && p.resolutionKind !== 'node16-cjs',
      );
      expect(counted, name).toEqual([]);
      expect(r.code, name).toBe(0);
    }
  });
});

describe('a consumer outside the workspace', () => {
  it('imports every entry as ESM', () => {
    const out = run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `
        const core = await import('@mldeploy/core');
        const rules = await import('@mldeploy/core/rules');
        const validators = await import('@mldeploy/core/validators');
        const endpoints = await import('@mldeploy/core/endpoints');
        const client = await import('@mldeploy/client');
        const cli = await import('@mldeploy/cli');
        const mock = await import('@mldeploy/mock-server');
        const kit = await import('@mldeploy/testkit');
        const cases = (await import('@mldeploy/testkit/cases.json', { with: { type: 'json' } })).default;
        const schema = (await import('@mldeploy/core/schema/update-trained-model-deployment.body.json', { with: { type: 'json' } })).default;
        console.log(JSON.stringify({
          sameError: rules.ApiError === core.ApiError && client.ApiError === core.ApiError,
          validators: typeof validators.validateUpdateResponse,
          path: endpoints.pathFor(endpoints.ENDPOINTS.update, { model_id: 'm' }),
          client: typeof client.createClient,
          cli: typeof cli.run,
          mock: typeof mock.startMockServer,
          cases: cases.updateDeploymentCases.length === kit.updateDeploymentCases.length,
          schemaType: schema.type,
        }));
        `,
      ],
      project,
    );
    expect(JSON.parse(out)).toEqual({
      sameError: true,
      validators: 'function',
      path: '/_ml/trained_models/m/deployment/_update',
      client: 'function',
      cli: 'function',
      mock: 'function',
      cases: true,
      schemaType: 'object',
    });
  });

  it('require()s every entry from CommonJS (Node 20.19+ require(esm))', () => {
    const out = run(
      process.execPath,
      [
        '-e',
        `
        const core = require('@mldeploy/core');
        const validators = require('@mldeploy/core/validators');
        const endpoints = require('@mldeploy/core/endpoints');
        const client = require('@mldeploy/client');
        const cli = require('@mldeploy/cli');
        const mock = require('@mldeploy/mock-server');
        const kit = require('@mldeploy/testkit');
        const cases = require('@mldeploy/testkit/cases.json');
        console.log(JSON.stringify({
          check: typeof core.checkUpdateRequest,
          validators: typeof validators.validateUpdateBody,
          endpoints: Object.keys(endpoints.ENDPOINTS).includes('update'),
          client: typeof client.createClient,
          cli: typeof cli.run,
          mock: typeof mock.startMockServer,
          cases: cases.updateDeploymentCases.length === kit.updateDeploymentCases.length && cases.updateDeploymentCases.length > 0,
        }));
        `,
      ],
      project,
    );
    expect(JSON.parse(out)).toEqual({
      check: 'function',
      validators: 'function',
      endpoints: true,
      client: 'function',
      cli: 'function',
      mock: 'function',
      cases: true,
    });
  });

  it('type-checks a TypeScript consumer under node16 and bundler resolution, without skipLibCheck', async () => {
    writeFileSync(
      join(project, 'consumer.ts'),
      `import { run } from '@mldeploy/cli';
import { ApiError, createClient, type UpdateDeploymentBody } from '@mldeploy/client';
import { checkUpdateRequest } from '@mldeploy/core';
import { ENDPOINTS, pathFor } from '@mldeploy/core/endpoints';
import { validateUpdateResponse } from '@mldeploy/core/validators';
import { type MockServer, startMockServer } from '@mldeploy/mock-server';
import { type ContractCase, updateDeploymentCases } from '@mldeploy/testkit';

export const body: UpdateDeploymentBody = { number_of_allocations: 2 };
const client = createClient({ node: 'http://127.0.0.1:9200' });
export const calls = [
  client.updateDeployment('m', { number_of_allocations: 2 }),
  // @ts-expect-error the types are real: a string is not a number of allocations
  client.updateDeployment('m', { number_of_allocations: 'two' }),
];
export const path: string = pathFor(ENDPOINTS.update, { model_id: 'm' });
export const checked = checkUpdateRequest;
export const valid: boolean = validateUpdateResponse({}).ok;
export const first: ContractCase | undefined = updateDeploymentCases[0];
export const isError = (e: unknown): e is ApiError => e instanceof ApiError;
export const start: () => Promise<MockServer> = () => startMockServer({ port: 0 });
export const runCli: typeof run = run;
`,
    );
    const common = {
      strict: true,
      skipLibCheck: false,
      noEmit: true,
      target: 'ES2022',
      lib: ['ES2023'],
      types: ['node'],
      exactOptionalPropertyTypes: true,
    };
    const configs = {
      'tsconfig.node16.json': { ...common, module: 'node16', moduleResolution: 'node16' },
      'tsconfig.bundler.json': { ...common, module: 'esnext', moduleResolution: 'bundler' },
    };
    for (const [file, compilerOptions] of Object.entries(configs)) {
      writeFileSync(
        join(project, file),
        JSON.stringify({ compilerOptions, files: ['consumer.ts'] }, null, 2),
      );
    }
    const results = await Promise.all(
      Object.keys(configs).map((file) => runAsync(process.execPath, [tsc, '-p', file], project)),
    );
    for (const [i, r] of results.entries()) {
      expect(`${r.code}\n${r.stdout}${r.stderr}`, Object.keys(configs)[i]).toBe('0\n');
    }
  });

  it('runs the bins: mldeploy --version, mldeploy-mock --help', () => {
    const bin = join(project, 'node_modules', '.bin');
    const version = (packedManifest(tarballs['@mldeploy/cli']) as { version: string }).version;
    expect(run(join(bin, 'mldeploy'), ['--version'], project).trim()).toBe(version);
    expect(run(join(bin, 'mldeploy-mock'), ['--help'], project)).toMatch(/^mldeploy-mock: /);
  });

  it('runs mldeploy status against mldeploy-mock, both from the tarballs', async () => {
    const bin = join(project, 'node_modules', '.bin');
    const mock = spawn(join(bin, 'mldeploy-mock'), ['--port', '0', '--host', '127.0.0.1', '--quiet'], {
      cwd: project,
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        mock.stdout.setEncoding('utf8').on('data', (d: string) => {
          out += d;
          const m = /listening on (http:\/\/\S+)/.exec(out);
          if (m?.[1]) {
            resolve(m[1]);
          }
        });
        mock.once('exit', (code) => reject(new Error(`mldeploy-mock exited ${code}: ${out}`)));
      });
      // `-o wide` prints the ids in full: a table on a pipe fits 80 columns and shortens a long id
      // in the middle (packages/cli/README.md, "Output").
      const status = await runAsync(join(bin, 'mldeploy'), ['status', '--url', url, '-o', 'wide'], project);
      expect(status.stderr).toBe('');
      expect(status.code).toBe(0);
      expect(status.stdout).toContain('elastic__distilbert-base-uncased-finetuned-conll03-english');
    } finally {
      mock.kill('SIGTERM');
    }
  });

  it('bundles the browser entries for the browser, with no Node built-in', async () => {
    for (const entry of ['@mldeploy/core/validators', '@mldeploy/core/endpoints', '@mldeploy/client']) {
      const result = await build({
        stdin: { contents: `export * from '${entry}';`, resolveDir: project, loader: 'js' },
        absWorkingDir: project,
        bundle: true,
        write: false,
        platform: 'browser',
        format: 'esm',
        metafile: true,
        logLevel: 'silent',
      });
      const inputs = Object.keys(result.metafile.inputs);
      expect(result.errors, entry).toEqual([]);
      // Only the installed tarballs, never the workspace's sources.
      expect(
        inputs.filter((f) => f !== '<stdin>' && !f.startsWith('node_modules/')),
        entry,
      ).toEqual([]);
      expect(
        inputs.filter((f) => /^node:|(^|\/)(fs|net|http|tls|undici)(\/|$)/.test(f)),
        entry,
      ).toEqual([]);
    }
  });
});
