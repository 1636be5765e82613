// What every part of the case runner is handed while it runs: how to send, how to build a path,
// how to check a body, and the ids a case is sent to. Types only.
import type { Observation } from './case-result.js';
import type { CaseEndpoint } from './endpoints.js';
import type { RunCasesOptions } from './run-options.js';
import type { Send } from './send-request.js';

/** The path of an endpoint for its (decoded) path parameters. */
export type PathOf = (endpoint: CaseEndpoint, params: Record<string, string>) => string;

/** The ids a case is sent to: a deployment and its model (both the missing id for safe cases). */
export interface Target {
  deploymentId: string;
  modelId: string;
}

/** What the runner needs while it runs one case. */
export interface Context {
  send: Send;
  pathOf: PathOf;
  validate: RunCasesOptions['validateResponse'];
}

/** Why a case was not run (`skip`), or could not be (`fail`); undefined when it can run. */
export type Outcome = { skip: string } | { fail: string; actual?: Observation } | undefined;
