// The deployment a user gives up for the run (`--deployment`): read first, brought to each stateful
// case's `before` state with `_update`, `_stop` and `_start`, and restored at the end with its
// original start settings, allocations and adaptive settings.

import type { Observation } from './case-result.js';
import { endpointOf, READS } from './classify-case.js';
import { type ContractCase, DEFAULT_FIXTURE, type DeploymentFixture } from './contract-case.js';
import { DeploymentUnavailableError } from './deployment-unavailable-error.js';
import type { Context, Outcome } from './run-context.js';
import type { DeploymentStartSettings, RestoreReport } from './run-options.js';
import { sameJson } from './same-json.js';
import { type Answer, describeAnswer } from './send-request.js';

/** The given deployment's assignment, as an `_update` or `_start` answer shows it. */
export interface AssignmentState {
  number_of_allocations: number;
  adaptive_allocations: DeploymentFixture['adaptive_allocations'];
  assignment_state: string;
  priority: string;
  start: DeploymentStartSettings;
}

// biome-ignore lint/suspicious/noExplicitAny: the `_update` answer, read defensively
function assignmentOf(json: any, deploymentId: string): AssignmentState {
  const a = json?.assignment ?? {};
  const p = a.task_parameters ?? {};
  const start: DeploymentStartSettings = {
    model_id: typeof p.model_id === 'string' ? p.model_id : deploymentId,
    priority: p.priority ?? 'normal',
  };
  if (typeof p.threads_per_allocation === 'number') {
    start.threads_per_allocation = p.threads_per_allocation;
  }
  if (typeof p.queue_capacity === 'number') {
    start.queue_capacity = p.queue_capacity;
  }
  if (typeof p.cache_size === 'string') {
    start.cache_size = p.cache_size;
  }
  return {
    number_of_allocations: p.number_of_allocations,
    adaptive_allocations: a.adaptive_allocations ?? null,
    assignment_state: a.assignment_state,
    priority: start.priority,
    start,
  };
}

function describeStart(s: DeploymentStartSettings): string {
  return JSON.stringify(s);
}

/** The same start settings (those both sides name). */
function sameStart(a: DeploymentStartSettings, b: DeploymentStartSettings): boolean {
  return (['model_id', 'threads_per_allocation', 'priority', 'queue_capacity', 'cache_size'] as const).every(
    (key) => a[key] === undefined || b[key] === undefined || a[key] === b[key],
  );
}

/** The deployment given up for the run: brought to each case's state, and restored at the end. */
export class GivenDeployment {
  readonly #ctx: Context;
  readonly #update: string;
  readonly #stop: string;

  constructor(
    readonly id: string,
    ctx: Context,
  ) {
    this.#ctx = ctx;
    this.#update = ctx.pathOf('update', { model_id: id });
    this.#stop = ctx.pathOf('stop', { model_id: id });
  }

  /** Reads its assignment with an empty `_update` (which changes nothing); throws when it cannot. */
  async read(): Promise<AssignmentState> {
    return this.#fromAnswer(await this.#ctx.send('POST', this.#update, '{}'));
  }

  /** Its assignment, or `stopped` when the server does not know it (404). */
  async #probe(): Promise<AssignmentState | 'stopped'> {
    const answer = await this.#ctx.send('POST', this.#update, '{}');
    return answer.status === 404 ? 'stopped' : this.#fromAnswer(answer);
  }

  #fromAnswer(answer: Answer): AssignmentState {
    if (answer.status !== 200) {
      const error = answer.json?.error;
      throw new DeploymentUnavailableError(
        `cannot read deployment [${this.id}]: ${describeAnswer(answer)}`,
        answer.status,
        typeof error?.type === 'string' ? error.type : undefined,
        typeof error === 'string' ? error : typeof error?.reason === 'string' ? error.reason : undefined,
      );
    }
    return assignmentOf(answer.json, this.id);
  }

  async #stopIt(): Promise<{ fail: string } | undefined> {
    const answer = await this.#ctx.send('POST', this.#stop, undefined);
    return answer.status === 200
      ? undefined
      : { fail: `stopping [${this.id}] failed: ${describeAnswer(answer)}` };
  }

  /** Starts it with its original settings and number of allocations, waiting until it is started. */
  async #startIt(original: AssignmentState): Promise<{ fail: string } | AssignmentState> {
    const s = original.start;
    const query = new URLSearchParams({ deployment_id: this.id });
    if (s.threads_per_allocation !== undefined) {
      query.set('threads_per_allocation', String(s.threads_per_allocation));
    }
    query.set('priority', s.priority);
    if (s.queue_capacity !== undefined) {
      query.set('queue_capacity', String(s.queue_capacity));
    }
    if (s.cache_size !== undefined) {
      query.set('cache_size', s.cache_size);
    }
    query.set('number_of_allocations', String(Math.max(1, original.number_of_allocations)));
    query.set('wait_for', 'started');
    query.set('timeout', '5m');
    const path = `${this.#ctx.pathOf('start', { model_id: s.model_id })}?${query}`;
    const answer = await this.#ctx.send('POST', path, undefined);
    if (answer.status !== 200) {
      return {
        fail: `starting [${this.id}] again with ${describeStart(s)} failed: ${describeAnswer(answer)}`,
      };
    }
    return assignmentOf(answer.json, this.id);
  }

  /**
   * Makes sure it runs with its original start settings: started again if a case stopped it, or
   * stopped and started again if a case started it with other settings. `restarted` says whether.
   */
  async #ensureRunning(
    original: AssignmentState,
  ): Promise<{ fail: string } | { state: AssignmentState; restarted: boolean }> {
    const current = await this.#probe();
    if (current !== 'stopped' && sameStart(current.start, original.start)) {
      return { state: current, restarted: false };
    }
    if (current !== 'stopped') {
      const stopped = await this.#stopIt();
      if (stopped !== undefined) {
        return stopped;
      }
    }
    const started = await this.#startIt(original);
    return 'fail' in started ? started : { state: started, restarted: true };
  }

  /**
   * Brings it to the case's `before`. Returns nothing when reached, `{ skip }` when the state
   * cannot be reached on a real cluster, `{ fail }` when a call that should have worked did not.
   */
  async reach(c: ContractCase, original: AssignmentState): Promise<Outcome> {
    if (c.before === 'stopped') {
      return (await this.#probe()) === 'stopped' ? undefined : await this.#stopIt();
    }
    const fixture = c.before === undefined || c.before === 'missing' ? undefined : c.before;
    if (fixture !== undefined && fixture.assignment_state !== 'started') {
      return {
        skip: `needs a deployment in [${fixture.assignment_state}] state, which _update cannot bring about`,
      };
    }
    if (fixture?.owned_by_inference_endpoint) {
      return { skip: 'needs a deployment created by an inference endpoint' };
    }
    const running = await this.#ensureRunning(original);
    if ('fail' in running) {
      return running;
    }
    // A read of a named deployment or model needs it to exist; a state only where the case gives one.
    if (fixture === undefined && READS.has(endpointOf(c))) {
      return undefined;
    }
    return this.#reachFixture(fixture ?? DEFAULT_FIXTURE, running.state);
  }

  async #reachFixture(fixture: DeploymentFixture, current: AssignmentState): Promise<Outcome> {
    if (current.assignment_state !== 'started') {
      return { skip: `deployment [${this.id}] is [${current.assignment_state}], not [started]` };
    }
    const priority = fixture.priority ?? 'normal';
    if (current.priority !== priority) {
      return {
        skip: `needs a [${priority}] priority deployment; [${this.id}] is [${current.priority}] (fixed at start)`,
      };
    }
    const wanted = {
      number_of_allocations: fixture.number_of_allocations,
      adaptive_allocations: fixture.adaptive_allocations,
    };
    const reached = await this.#setAllocations(wanted, current);
    if ('fail' in reached) {
      return reached;
    }
    if (!sameJson(reached.state, wanted)) {
      return {
        fail: `could not bring the deployment to the case's before state ${JSON.stringify(wanted)}: it is ${JSON.stringify(reached.state)}`,
      };
    }
    return undefined;
  }

  /** Sets allocations and adaptive settings: the number with adaptive removed, then the settings. */
  async #setAllocations(
    wanted: RestoreReport['original'],
    current: AssignmentState,
  ): Promise<{ state: RestoreReport['original'] } | { fail: string; actual?: Observation }> {
    let state = {
      number_of_allocations: current.number_of_allocations,
      adaptive_allocations: current.adaptive_allocations,
    };
    if (sameJson(state, wanted)) {
      return { state };
    }
    const steps = [
      JSON.stringify({ number_of_allocations: wanted.number_of_allocations, adaptive_allocations: null }),
      ...(wanted.adaptive_allocations !== null
        ? [JSON.stringify({ adaptive_allocations: wanted.adaptive_allocations })]
        : []),
    ];
    for (const body of steps) {
      const answer = await this.#ctx.send('POST', this.#update, body);
      if (answer.status !== 200) {
        return { fail: `setting up the before state with ${body} failed: ${describeAnswer(answer)}` };
      }
      const next = assignmentOf(answer.json, this.id);
      state = {
        number_of_allocations: next.number_of_allocations,
        adaptive_allocations: next.adaptive_allocations,
      };
    }
    return { state };
  }

  /**
   * Puts it back as it was: started again with its original settings if a case stopped it (or
   * started it with others), then its original allocations and adaptive settings.
   */
  async restore(original: AssignmentState): Promise<RestoreReport> {
    const wanted = {
      number_of_allocations: original.number_of_allocations,
      adaptive_allocations: original.adaptive_allocations,
    };
    const report: RestoreReport = { deploymentId: this.id, original: wanted, ok: false };
    try {
      const running = await this.#ensureRunning(original);
      if ('fail' in running) {
        report.error = running.fail;
        return report;
      }
      if (running.restarted) {
        report.startedAgain = original.start;
      }
      const reached = await this.#setAllocations(wanted, running.state);
      if ('fail' in reached) {
        report.error = reached.fail;
        return report;
      }
      report.restored = reached.state;
      const now = await this.read();
      if (!sameJson(reached.state, wanted)) {
        report.error = `restored state ${JSON.stringify(reached.state)} differs from ${JSON.stringify(wanted)}`;
      } else if (!sameStart(now.start, original.start)) {
        report.error = `restored start settings ${describeStart(now.start)} differ from ${describeStart(original.start)}`;
      } else {
        report.ok = true;
      }
    } catch (e) {
      report.error = e instanceof Error ? e.message : String(e);
    }
    return report;
  }
}
