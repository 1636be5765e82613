import { readFile } from 'node:fs/promises';
import type { EndpointKey, EndpointSpec } from '@mldeploy/core/endpoints';
import { ENDPOINTS } from '@mldeploy/core/endpoints';
import { offlineFailure } from '../cli-failure.js';
import { connect } from '../client-factory.js';
import type { CommandContext } from '../command-context.js';
import type { REQUEST_FLAGS } from '../command-specs.js';
import { printDryRun } from '../dry-run.js';
import { readStdin } from '../read-stdin.js';
import { renderTable } from '../table.js';
import { UsageError } from '../usage-error.js';

type Ctx = CommandContext<typeof REQUEST_FLAGS>;

/**
 * `mldeploy request [endpoint] [path-params...]`: any endpoint of core's table, by its key, with
 * path parameters in the template's order, `--query k=v` and `--body`. Core's offline check runs
 * first (a request Elasticsearch would refuse exits 2, nothing sent); the answer's body is printed
 * as it came. Without an endpoint, lists them. A new endpoint in core needs no change here.
 */
export default async function request(ctx: Ctx): Promise<number> {
  const [key, ...values] = ctx.args.positionals;
  if (key === undefined) {
    return listEndpoints(ctx);
  }
  const endpoint = (ENDPOINTS as Record<string, EndpointSpec>)[key];
  if (endpoint === undefined || !Object.hasOwn(ENDPOINTS, key)) {
    throw new UsageError(`unknown endpoint [${key}]`, `endpoints: ${Object.keys(ENDPOINTS).join(', ')}`);
  }
  const params = pathParams(key, endpoint, values);
  const id = params.model_id ?? params.inference_id;
  if (id !== undefined) {
    ctx.hintContext.deploymentId = id;
  }
  const query = queryOf(ctx.flags.query);
  const body = await bodyOf(ctx);
  const { checkEndpointRequest } = await import('@mldeploy/core/rules');
  const checked = checkEndpointRequest(key as EndpointKey, { method: endpoint.method, params, query, body });
  if (!checked.ok) {
    throw await offlineFailure(checked.error, id);
  }
  const { buildRequest } = await import('@mldeploy/core/endpoints');
  const built = buildRequest(endpoint, { params, body });
  const wire = { ...built, query };
  if (ctx.flags['dry-run']) {
    return printDryRun(ctx, wire, []);
  }
  const { client } = await connect(ctx);
  const answer = await client.request({
    method: wire.method,
    path: wire.path,
    query,
    ...(body === undefined ? {} : { body }),
    ...(ctx.io.signal ? { signal: ctx.io.signal } : {}),
  });
  ctx.out.result({ status: answer.status, body: answer.body }, () =>
    typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body, null, 2),
  );
  return 0;
}

const PARAM = /\{([a-z_]+)\}/g;

/** The positionals, named by the template with exactly that many parameters. */
function pathParams(key: string, endpoint: EndpointSpec, values: string[]): Record<string, string> {
  const template = endpoint.paths.find((t) => [...t.matchAll(PARAM)].length === values.length);
  if (template === undefined) {
    const usages = endpoint.paths.map(
      (t) => `mldeploy request ${key}${[...t.matchAll(PARAM)].map((m) => ` <${m[1]}>`).join('')}`,
    );
    throw new UsageError(`${key} takes no ${values.length} path parameters`, `usage: ${usages.join(' | ')}`);
  }
  const names = [...template.matchAll(PARAM)].map((m) => m[1] as string);
  return Object.fromEntries(names.map((name, i) => [name, values[i] as string]));
}

/** `--query a=1 --query b` as a query string, in the order given (`b` alone is `b=`). */
function queryOf(pairs: string[]): string {
  const query = new URLSearchParams();
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    query.append(eq === -1 ? pair : pair.slice(0, eq), eq === -1 ? '' : pair.slice(eq + 1));
  }
  return query.toString();
}

/** `--body` as text: JSON as given, `@file`, or `@-` for stdin; undefined without one. */
async function bodyOf(ctx: Ctx): Promise<string | undefined> {
  const body = ctx.flags.body;
  if (body === undefined || !body.startsWith('@')) {
    return body;
  }
  const path = body.slice(1);
  if (path === '-') {
    return readStdin(ctx, 'no input: pipe a body into `mldeploy request ... --body @-`');
  }
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

function listEndpoints(ctx: Ctx): number {
  const entries = Object.entries(ENDPOINTS as Record<string, EndpointSpec>);
  ctx.out.result(
    {
      endpoints: entries.map(([key, e]) => ({
        key,
        name: e.name,
        method: e.method,
        paths: e.paths,
        query_params: e.queryParams,
        summary: e.summary,
      })),
    },
    () =>
      renderTable(
        ['ENDPOINT', 'METHOD', 'PATH', 'SUMMARY'],
        entries.map(([key, e]) => [key, e.method, e.paths.join(' | '), e.summary]),
        ctx.out.colors.bold,
      ),
  );
  return 0;
}
