// Which cases are safe to send anywhere and which need the deployment given up for the run, decided
// from the case's data alone; and the id the safe cases are sent to, which no cluster holds.
import type { CaseKind } from './case-result.js';
import type { ContractCase } from './contract-case.js';
import {
  CASE_ENDPOINT_EFFECTS,
  CASE_ENDPOINT_NAMES,
  CASE_ENDPOINTS,
  type CaseEndpoint,
} from './endpoints.js';

/** The endpoints that only read (the table's `effect`). */
export const READS: ReadonlySet<CaseEndpoint> = new Set(
  CASE_ENDPOINT_NAMES.filter((name) => CASE_ENDPOINT_EFFECTS[name].effect === 'read'),
);

/** The endpoint a case names; absent means `update`. */
export function endpointOf(c: ContractCase): CaseEndpoint {
  return c.endpoint ?? 'update';
}

/** The endpoints addressed by an inference endpoint id (`{inference_id}`) rather than a model id. */
export const BY_INFERENCE_ID: ReadonlySet<CaseEndpoint> = new Set(
  CASE_ENDPOINT_NAMES.filter((name) =>
    CASE_ENDPOINTS[name].paths.some((template: string) => template.includes('{inference_id}')),
  ),
);

/** An id expression rather than one id: `_all`, a wildcard or a comma list. */
export function isPattern(id: string): boolean {
  return id === '_all' || /[*,]/.test(id);
}

/** A read that names no particular deployment: cluster info, stats or models of all or of a pattern. */
function isOpenRead(c: ContractCase): boolean {
  const id = c.given.modelId;
  return READS.has(endpointOf(c)) && (id === undefined || isPattern(id));
}

/**
 * Classifies a case from its data: stateless cases (decided by the request alone), cases about a
 * missing deployment (`before: 'missing'`), 405s (rejected by routing, before any handler) and
 * reads that name no particular deployment are safe; everything else needs a deployment.
 */
export function classifyCase(c: ContractCase): CaseKind {
  return c.stateless || c.before === 'missing' || c.want.status === 405 || isOpenRead(c)
    ? 'safe'
    : 'stateful';
}

/** A fresh deployment id no cluster has: `mldeploy-verify-` and 12 random hex digits. */
export function generateMissingId(): string {
  const bytes = new Uint8Array(6);
  globalThis.crypto.getRandomValues(bytes);
  return `mldeploy-verify-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}
