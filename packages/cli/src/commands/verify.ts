import { readFileSync, writeFileSync } from 'node:fs';
import { ENDPOINTS, pathFor } from '@mldeploy/core/endpoints';
import { codeOf } from '@mldeploy/core/rules';
import { formatIssues, RESPONSE_VALIDATORS } from '@mldeploy/core/validators';
import {
  type CaseEndpoint,
  type CaseResult,
  type ContractCase,
  classifyCase,
  DeploymentUnavailableError,
  generateMissingId,
  parseCaseFile,
  type RestoreReport,
  runCases,
  verifyCases,
} from '@mldeploy/testkit';
import { CliFailure } from '../cli-failure.js';
import type { CommandContext } from '../command-context.js';
import type { VERIFY_FLAGS } from '../command-specs.js';
import { type Auth, type Connection, resolveConnection } from '../connection.js';
import { EXIT } from '../exit-codes.js';
import { hintFor } from '../hints.js';
import { positionals } from '../parse-args.js';
import { UsageError } from '../usage-error.js';
import { junitReport } from './verify-junit.js';

/**
 * `mldeploy verify`: replays the contract cases against a server and reports where its answers
 * differ. Only cases rejected before any state change run, against a deployment id that cannot
 * exist, unless `--deployment` names one the user gives up (docs/verify.md).
 */
export default async function verify(ctx: CommandContext<typeof VERIFY_FLAGS>): Promise<number> {
  positionals(ctx.spec, ctx.args, 0, 0);
  const deploymentId = ctx.flags.deployment;
  if (deploymentId !== undefined && deploymentId.trim() === '') {
    throw new UsageError('--deployment needs a deployment id');
  }
  const { cases: casesPath, junit: junitPath } = ctx.flags;
  const cases = casesPath === undefined ? verifyCases : readCases(casesPath);
  if (deploymentId === undefined && !cases.some((c) => classifyCase(c) === 'safe')) {
    throw new UsageError(
      `no case to run: all ${cases.length} cases are stateful and need a deployment to change`,
      'add --deployment <id> naming a deployment you can give up (docs/verify.md)',
    );
  }
  const connection = resolveConnection(ctx.flags, ctx.env, ctx.redactor);
  ctx.hintContext.url = connection.url;
  if (deploymentId !== undefined) {
    ctx.hintContext.deploymentId = deploymentId;
  }

  const missingId = generateMissingId();
  const out = ctx.out;
  let restore: RestoreReport | undefined;
  let results: CaseResult[];
  try {
    results = await runCases(cases, {
      baseUrl: connection.url,
      headers: headersFor(connection.auth),
      missingId,
      fetch: await fetchFor(connection, ctx.io.fetch),
      pathFor: (endpoint, params) => pathFor(ENDPOINTS[endpoint], params),
      validateResponse,
      ...(deploymentId !== undefined ? { deploymentId } : {}),
      ...(ctx.io.signal ? { signal: ctx.io.signal } : {}),
      onOriginal: (original) => {
        // Printed first, so an interrupted or killed run still says what to restore by hand.
        out.note(`[${deploymentId}] has ${describeState(original)}; verify puts that back at the end\n`);
      },
      onRestore: (report) => {
        restore = report;
      },
    });
  } catch (e) {
    if (e instanceof DeploymentUnavailableError) {
      const code = codeOf(e.status, e.type, e.reason);
      throw new CliFailure(
        {
          code,
          status: e.status,
          type: e.type ?? 'string_error',
          reason: `${e.message}; nothing was changed`,
          hint:
            hintFor(code, ctx.hintContext) ??
            'name a started deployment you can give up (list them with: mldeploy status)',
        },
        EXIT.REJECTED,
      );
    }
    throw unreachable(e, connection.url);
  }

  refusedEverywhere(results, ctx);
  const passed = results.filter((r) => r.passed).length;
  const skipped = results.filter((r) => r.skipped !== undefined).length;
  const failed = results.length - passed - skipped;
  const notRun = deploymentId === undefined ? cases.length - results.length : 0;
  const restoreFailed = restore !== undefined && !restore.ok;
  const interrupted = ctx.io.signal?.aborted === true;
  if (junitPath !== undefined) {
    writeJunit(junitPath, junitReport(results, connection.url));
  }
  const summary = `${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`;

  if (out.json) {
    const data = {
      url: connection.url,
      missing_deployment_id: missingId,
      deployment_id: deploymentId ?? null,
      passed,
      failed,
      skipped,
      not_run: notRun,
      interrupted,
      results,
      restore: restore ?? null,
    };
    out.line(JSON.stringify({ ok: failed === 0 && !restoreFailed && !interrupted, data }, null, 2));
  } else {
    const c = out.colors;
    out.note(
      `ran ${results.length} cases against ${connection.url} (safe ones on [${missingId}], which cannot exist${deploymentId !== undefined ? `; stateful ones on [${deploymentId}]` : ''})\n`,
    );
    if (notRun > 0) {
      out.note(
        `${notRun} stateful cases need a deployment to change: add --deployment <id> (see docs/verify.md)\n`,
      );
    }
    for (const r of results) {
      if (r.skipped !== undefined) {
        out.line(`${c.yellow('SKIP')} ${r.name}: ${r.skipped}`);
      } else if (!r.passed) {
        out.line(`${c.red('FAIL')} ${r.name}: ${r.mismatches.join('; ')}`);
      }
    }
    if (restore !== undefined) {
      const again =
        restore.startedAgain === undefined
          ? ''
          : ` (started it again first, with its own settings: ${describeStart(restore.startedAgain)})`;
      out.note(
        restore.ok
          ? `restored [${restore.deploymentId}] to ${describeState(restore.original)}${again}\n`
          : `could not restore [${restore.deploymentId}] to ${describeState(restore.original)}: ${restore.error ?? ''}\n`,
      );
    }
    const refused = results.find((r) => r.actual?.status === 401 || r.actual?.status === 403);
    const refusedHint =
      refused?.actual && hintFor(codeOf(refused.actual.status, refused.actual.type, refused.actual.reason));
    if (refused?.actual && refusedHint) {
      out.note(`some requests were refused (HTTP ${refused.actual.status}): ${refusedHint}\n`);
    }
    if (interrupted) {
      out.note(`interrupted after ${results.length} of the cases\n`);
    }
    out.line(summary);
  }
  // An interrupted run proves nothing about the cases it did not reach.
  return failed > 0 || restoreFailed || interrupted ? EXIT.REJECTED : EXIT.OK;
}

/**
 * When the server refused every request that security sees (401 or 403), the cases tell nothing about the
 * contract: one error with the cluster's answer and a hint beats a failure line per case.
 */
function refusedEverywhere(results: CaseResult[], ctx: CommandContext): void {
  // 405s come from routing, which answers before security does.
  const answered = results.filter((r) => r.actual !== undefined && r.expected.status !== 405);
  const first = answered[0]?.actual;
  if (first === undefined || !answered.every((r) => r.actual?.status === 401 || r.actual?.status === 403)) {
    return;
  }
  const code = codeOf(first.status, first.type, first.reason);
  throw new CliFailure(
    {
      code,
      status: first.status,
      type: first.type ?? 'string_error',
      reason: `the server refused the requests, so no case could be checked: ${first.reason ?? ''}`,
      hint: hintFor(code, ctx.hintContext),
    },
    EXIT.REJECTED,
  );
}

function describeState(state: RestoreReport['original']): string {
  const a = state.adaptive_allocations;
  return `${state.number_of_allocations} allocation${state.number_of_allocations === 1 ? '' : 's'}, adaptive allocations ${a === null ? 'not set' : JSON.stringify(a)}`;
}

function describeStart(start: NonNullable<RestoreReport['startedAgain']>): string {
  const parts = [`model ${start.model_id}`];
  if (start.threads_per_allocation !== undefined) {
    parts.push(
      `${start.threads_per_allocation} thread${start.threads_per_allocation === 1 ? '' : 's'} per allocation`,
    );
  }
  parts.push(`${start.priority} priority`);
  if (start.queue_capacity !== undefined) {
    parts.push(`queue capacity ${start.queue_capacity}`);
  }
  if (start.cache_size !== undefined) {
    parts.push(`cache size ${start.cache_size}`);
  }
  return parts.join(', ');
}

/** Undefined when the body is valid for the endpoint, else the first rule it broke. */
function validateResponse(endpoint: CaseEndpoint, body: unknown): string | undefined {
  const result = RESPONSE_VALIDATORS[endpoint](body);
  return result.ok ? undefined : formatIssues(result.issues.slice(0, 1));
}

function readCases(path: string): ContractCase[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(
      `cannot read --cases ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
  try {
    return parseCaseFile(text);
  } catch (e) {
    throw new UsageError(
      `--cases ${path}: ${(e as Error).message}`,
      'expected a JSON array of cases or JSON Lines of cases (docs/verify.md)',
    );
  }
}

function writeJunit(path: string, xml: string): void {
  try {
    writeFileSync(path, xml);
  } catch (e) {
    throw new UsageError(
      `cannot write --junit ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
}

/** Base64 of UTF-8 text. */
function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/** The authorization header, written as the client writes it. */
function headersFor(auth: Auth | undefined): Record<string, string> {
  if (auth === undefined) {
    return {};
  }
  if ('apiKey' in auth) {
    const key = auth.apiKey;
    return { authorization: `ApiKey ${typeof key === 'string' ? key : base64(`${key.id}:${key.api_key}`)}` };
  }
  return { authorization: `Basic ${base64(`${auth.username}:${auth.password}`)}` };
}

/** The global fetch, or one trusting `--ca-cert` / skipping checks for `--insecure` (undici). */
async function fetchFor(connection: Connection, injected: typeof fetch | undefined): Promise<typeof fetch> {
  if (injected) {
    return injected;
  }
  if (connection.ca === undefined && !connection.insecure) {
    return globalThis.fetch.bind(globalThis);
  }
  const undici = await import('undici');
  const connect: Record<string, unknown> = {};
  if (connection.ca !== undefined) {
    connect.ca = connection.ca;
  }
  if (connection.insecure) {
    connect.rejectUnauthorized = false;
  }
  const dispatcher = new undici.Agent({ connect });
  return ((input: Parameters<typeof fetch>[0], init?: RequestInit) =>
    undici.fetch(input as never, { ...(init as object), dispatcher } as never)) as unknown as typeof fetch;
}

/** No answer (refused, reset, TLS): exit 3, as for every command. */
function unreachable(e: unknown, url: string): CliFailure {
  const error = e as Error & { cause?: { code?: string; message?: string } };
  const cause = error.cause?.code ?? error.cause?.message ?? error.message;
  return new CliFailure(
    {
      code: 'NETWORK_ERROR',
      status: 0,
      type: 'connection_error',
      reason: `no answer from ${url}: ${cause}`,
      hint: hintFor('NETWORK_ERROR', { url }),
    },
    EXIT.UNREACHABLE,
  );
}
