import {
  type EndpointKey,
  formatIssues,
  matchEndpoint,
  RESPONSE_VALIDATORS,
  validateErrorEnvelope,
  validateStringError,
} from '@mldeploy/core';
import { parse as parseYaml } from 'yaml';
import type { RawRequest, RawResponse } from './http.js';

type Check = (value: unknown) => { ok: true } | { ok: false; issues: Parameters<typeof formatIssues>[0] };

/** The success schema of each Elasticsearch endpoint, by core's endpoint key (core's one map). */
const SUCCESS_SCHEMAS: Record<EndpointKey, Check> = RESPONSE_VALIDATORS;

/** The success schema of the endpoint a path names (core's `matchEndpoint`), for GET and POST. */
function successSchema(method: string, path: string): Check | undefined {
  if (method !== 'GET' && method !== 'POST') {
    return undefined;
  }
  // Repeated slashes name the same route (as the server reads them); an empty path is `/`.
  const p = (path.split('?')[0] ?? '').replace(/\/{2,}/g, '/') || '/';
  const match = matchEndpoint(p);
  return match === undefined ? undefined : SUCCESS_SCHEMAS[match.key];
}

/**
 * Problems with an answer, as Elasticsearch would never give them: a 5xx, a missing
 * `x-elastic-product`, an error body that is neither ES's envelope nor its string error, an
 * envelope whose `status` differs from the HTTP status, or a 2xx body that breaks the route's
 * schema. Empty when the answer is Elasticsearch-shaped.
 */
export function esShapeProblems(req: RawRequest, res: RawResponse): string[] {
  const problems: string[] = [];
  const where = `${req.method} ${req.path} -> ${res.status}`;
  if (res.status >= 500) {
    problems.push(`${where}: server error ${res.text.slice(0, 300)}`);
  }
  if (res.headers['x-elastic-product'] !== 'Elasticsearch') {
    problems.push(`${where}: no x-elastic-product: Elasticsearch header`);
  }
  if (req.method === 'HEAD') {
    return problems;
  }
  // A YAML request (or `format=yaml`) gets a YAML answer, as Elasticsearch writes it.
  const yaml = String(res.headers['content-type'] ?? '').startsWith('application/yaml');
  let body: unknown;
  try {
    body = yaml ? parseYaml(res.text) : JSON.parse(res.text);
  } catch {
    problems.push(
      `${where}: body is not ${yaml ? 'YAML' : 'JSON'}: ${JSON.stringify(res.text.slice(0, 200))}`,
    );
    return problems;
  }
  // `filter_path` filters every JSON answer, errors included (Elasticsearch answers `{}` when
  // nothing matches), so only the status and the JSON form can be checked then.
  const query = new URLSearchParams(req.path.includes('?') ? req.path.slice(req.path.indexOf('?')) : '');
  if (query.has('filter_path') && query.get('filter_path') !== '') {
    return problems;
  }
  if (res.status >= 400) {
    const envelope = validateErrorEnvelope(body);
    const stringError = validateStringError(body);
    if (!envelope.ok && !stringError.ok) {
      problems.push(
        `${where}: not an Elasticsearch error: ${formatIssues(envelope.issues)}; ${res.text.slice(0, 300)}`,
      );
    } else if ((body as { status?: unknown }).status !== res.status) {
      problems.push(
        `${where}: body status ${(body as { status?: unknown }).status} differs from HTTP status`,
      );
    }
  } else if (res.status >= 200 && res.status < 300) {
    const check = successSchema(req.method, req.path);
    const result = check?.(body);
    if (result && !result.ok) {
      problems.push(`${where}: 2xx body breaks the contract: ${formatIssues(result.issues)}`);
    }
  } else {
    problems.push(`${where}: unexpected status`);
  }
  return problems;
}
