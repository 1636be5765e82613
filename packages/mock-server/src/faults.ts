// Injected faults: what `POST /_mock/faults` queues and the pipeline takes, first match first; and
// `fail_node`, which fails a node's inference processes at once (docs/rules.md, "Failure states").
import { type Static, Type } from '@sinclair/typebox';

/** The statuses a fault may answer: Elasticsearch's own (429, 500, 503) and a proxy's (502, 504). */
export const FAULT_STATUSES = [429, 500, 502, 503, 504] as const;

/** The body of `POST /_mock/faults`; every field is optional. */
export const FaultBody = Type.Object(
  {
    status: Type.Optional(Type.Union(FAULT_STATUSES.map((s) => Type.Literal(s)))),
    latency_ms: Type.Optional(Type.Integer({ minimum: 0, maximum: 60_000 })),
    drop_connection: Type.Optional(Type.Boolean()),
    count: Type.Optional(Type.Integer({ minimum: 1 })),
    path: Type.Optional(Type.String()),
    node: Type.Optional(Type.String({ minLength: 1 })),
    reset: Type.Optional(Type.Boolean()),
    refuse_connections: Type.Optional(Type.Boolean()),
    /** Fails the inference process of every deployment on this node, at once (not queued). */
    fail_node: Type.Optional(Type.String({ minLength: 1 })),
    /** Why the process failed (the route reads `inference process crashed due to reason [..]`). */
    reason: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type FaultBody = Static<typeof FaultBody>;

/** What a bad value of each field gets. */
export const FAULT_MESSAGES: Record<keyof FaultBody, string> = {
  status: `fault status must be one of [${FAULT_STATUSES.join(', ')}]`,
  latency_ms: 'latency_ms must be an integer from 0 to 60000',
  drop_connection: 'drop_connection must be a boolean',
  count: 'count must be a positive integer',
  path: 'path must be a string',
  node: 'node must be the name of an HTTP node',
  reset: 'reset must be a boolean',
  refuse_connections: 'refuse_connections must be a boolean',
  fail_node: 'fail_node must be a node id',
  reason: 'reason must be a string',
};

/** A queued fault. */
export interface Fault {
  status?: number;
  latency_ms?: number;
  drop_connection?: boolean;
  remaining: number;
  path?: string;
  /** Only requests this HTTP node receives (docs/multi-node.md). */
  node?: string;
  /** Answer, then cut the connection part-way through the body: the work is done, the answer lost. */
  reset?: boolean;
}

/** The queue of faults still to inject. */
export class FaultQueue {
  #faults: Fault[] = [];
  /** HTTP nodes that refuse connections (docs/multi-node.md), until the faults are cleared. */
  readonly refused = new Set<string>();
  #onRefused: Array<() => void> = [];

  /** Calls `listener` whenever the set of refusing nodes changes. */
  onRefusedChange(listener: () => void): void {
    this.#onRefused.push(listener);
  }

  /** Queues a checked fault body (`refuse_connections` marks its node instead). */
  add(body: FaultBody): void {
    if (body.refuse_connections && body.node !== undefined) {
      this.refused.add(body.node);
      for (const listener of this.#onRefused) {
        listener();
      }
      return;
    }
    const fault: Fault = { remaining: body.count ?? 1 };
    if (body.status !== undefined) {
      fault.status = body.status;
    }
    if (body.latency_ms !== undefined) {
      fault.latency_ms = body.latency_ms;
    }
    if (body.drop_connection) {
      fault.drop_connection = true;
    }
    if (body.path !== undefined) {
      fault.path = body.path;
    }
    if (body.node !== undefined) {
      fault.node = body.node;
    }
    if (body.reset) {
      fault.reset = true;
    }
    this.#faults.push(fault);
  }

  clear(): void {
    this.#faults.length = 0;
    if (this.refused.size > 0) {
      this.refused.clear();
      for (const listener of this.#onRefused) {
        listener();
      }
    }
  }

  /** The faults still queued (copies). */
  list(): Fault[] {
    return this.#faults.map((f) => ({ ...f }));
  }

  /** The first fault for this path (and HTTP node), counted down (removed when used up); undefined if none. */
  take(path: string, node?: string): Fault | undefined {
    if (this.#faults.length === 0) {
      return undefined;
    }
    const index = this.#faults.findIndex(
      (f) => (f.path === undefined || path.includes(f.path)) && (f.node === undefined || f.node === node),
    );
    if (index < 0) {
      return undefined;
    }
    const fault = this.#faults[index] as Fault;
    fault.remaining -= 1;
    if (fault.remaining <= 0) {
      this.#faults.splice(index, 1);
    }
    return fault;
  }
}
