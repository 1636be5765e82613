import type { ClientOptions } from '../client-options.js';
import type { Diagnostic } from '../diagnostic.js';
import type { NodeFilter, NodeInfo, NodeRoles, NodeSelector } from '../node-options.js';
import type { Send } from './wire.js';

/** A node as the pool is told of it: its URL (no credentials), id and roles. */
export interface Host {
  url: string;
  id: string;
  roles?: NodeRoles | undefined;
}

/** One node of the pool, with the path requests to it go out on. */
export interface PoolNode extends NodeInfo {
  status: 'alive' | 'dead';
  deadCount: number;
  resurrectAt: number;
  /** `url`'s path, without a trailing slash (`/es` in `http://host/es`), empty for none. */
  readonly prefix: string;
  readonly send: Send & { close?(): Promise<void> };
}

/** Makes the send path of one node, from its URL. */
export type SendFactory = (url: string) => Send & { close?(): Promise<void> };

/** What the pool needs besides its nodes. */
export interface PoolSettings {
  selector: NodeSelector;
  filter: NodeFilter;
  resurrectStrategy: NonNullable<ClientOptions['resurrectStrategy']>;
  now: () => number;
  diagnostic: Diagnostic;
  /** Pings a dead node (`HEAD /` within `pingTimeout`): resolves with the status, rejects on failure. */
  ping: (node: PoolNode, requestId: number) => Promise<number>;
}

/** The official client's resurrection timeout: 60 s, doubled per failure in a row, five times at most. */
export const RESURRECT_TIMEOUT_MS = 60_000;
const RESURRECT_CUTOFF = 5;

/** The official client's default filter: every node but master-only ones. */
export const defaultNodeFilter: NodeFilter = (node) => {
  const roles = node.roles;
  return !(roles?.master && !roles.data && !roles.ingest && !roles.ml);
};

/**
 * The connection pool (the official client's `ClusterConnectionPool`): one entry per node,
 * alive or dead. A request gets a living node that passes the filter, chosen by the selector; when
 * none is alive, any node that passes the filter. A failed node is dead until its resurrection
 * time, `60 s · 2^min(failures − 1, 5)`, after which the next selection pings it (or, with
 * `optimistic`, uses it again at once).
 */
export class NodePool {
  #nodes: PoolNode[] = [];
  /** The nodes a selection chooses among; recomputed after a change. */
  #candidates: PoolNode[] | undefined;
  #next = 0;
  /** How many nodes are dead. */
  #dead = 0;
  #pinging = new Set<PoolNode>();

  constructor(
    hosts: readonly Host[],
    private readonly makeSend: SendFactory,
    private readonly settings: PoolSettings,
  ) {
    this.update(hosts);
  }

  /** The nodes, in order (copies of what the pool knows). */
  get nodes(): readonly NodeInfo[] {
    return this.#nodes;
  }

  get size(): number {
    return this.#nodes.length;
  }

  /** The node for the next attempt, or undefined when the filter leaves none. */
  select(requestId: number): PoolNode | undefined {
    const nodes = this.#nodes;
    if (nodes.length === 1) {
      const only = nodes[0] as PoolNode;
      return this.settings.filter(only) ? only : undefined;
    }
    this.#resurrect(requestId);
    let candidates = this.#candidates;
    if (candidates === undefined) {
      candidates = this.#computeCandidates();
      this.#candidates = candidates;
    }
    if (candidates.length === 0) {
      return undefined;
    }
    const selector = this.settings.selector;
    if (selector === 'round-robin') {
      const node = candidates[this.#next % candidates.length] as PoolNode;
      this.#next = (this.#next + 1) % candidates.length;
      return node;
    }
    if (selector === 'random') {
      return candidates[Math.floor(Math.random() * candidates.length)] as PoolNode;
    }
    const chosen = selector(candidates);
    return candidates.find((n) => n === chosen || n.id === chosen.id) ?? (candidates[0] as PoolNode);
  }

  /** A node answered: alive again, its failures forgotten. */
  markAlive(node: PoolNode): void {
    if (node.status === 'alive' && node.deadCount === 0) {
      return;
    }
    if (node.status === 'dead') {
      this.#dead -= 1;
    }
    node.status = 'alive';
    node.deadCount = 0;
    node.resurrectAt = 0;
    this.#candidates = undefined;
  }

  /** A node failed: dead until its resurrection time, which doubles with each failure in a row. */
  markDead(node: PoolNode): void {
    if (node.status === 'alive') {
      this.#dead += 1;
    }
    node.status = 'dead';
    node.deadCount += 1;
    node.resurrectAt =
      this.settings.now() + RESURRECT_TIMEOUT_MS * 2 ** Math.min(node.deadCount - 1, RESURRECT_CUTOFF);
    this.#candidates = undefined;
  }

  /**
   * Replaces the nodes (sniffing): a node already known (same id or URL) keeps its connections and
   * is alive again, as in the official client; nodes no longer listed are closed.
   */
  update(hosts: readonly Host[]): void {
    const old = this.#nodes;
    const next: PoolNode[] = [];
    for (const host of hosts) {
      const known = old.find((n) => n.id === host.id || n.url === host.url);
      if (known) {
        this.markAlive(known);
        // As the official client: a node known by its URL takes the id the cluster gives it.
        const mutable = known as { id: string; roles: NodeRoles | undefined };
        mutable.id = host.id;
        mutable.roles = host.roles ?? known.roles;
        next.push(known);
      } else {
        const url = new URL(host.url);
        next.push({
          id: host.id,
          url: host.url,
          roles: host.roles,
          status: 'alive',
          deadCount: 0,
          resurrectAt: 0,
          prefix: url.pathname.replace(/\/+$/, ''),
          send: this.makeSend(host.url),
        });
      }
    }
    for (const node of old) {
      if (!next.includes(node)) {
        void node.send.close?.();
      }
    }
    this.#nodes = next;
    this.#dead = next.filter((n) => n.status === 'dead').length;
    this.#candidates = undefined;
    this.#next = 0;
  }

  /** Closes every node's connections. */
  async close(): Promise<void> {
    await Promise.all(this.#nodes.map((n) => n.send.close?.()));
  }

  #computeCandidates(): PoolNode[] {
    const { filter } = this.settings;
    const anyAlive = this.#nodes.some((n) => n.status === 'alive');
    return this.#nodes.filter((n) => (!anyAlive || n.status === 'alive') && filter(n));
  }

  /** Tries the dead node whose time came first, if its time came (the official client's order). */
  #resurrect(requestId: number): void {
    const { resurrectStrategy, now, diagnostic, ping } = this.settings;
    // Nothing to resurrect while every node is alive (the usual case): no loop per request.
    if (resurrectStrategy === 'none' || this.#dead === 0) {
      return;
    }
    let first: PoolNode | undefined;
    for (const node of this.#nodes) {
      if (
        node.status === 'dead' &&
        !this.#pinging.has(node) &&
        node.resurrectAt < (first?.resurrectAt ?? Infinity)
      ) {
        first = node;
      }
    }
    if (first === undefined || now() < first.resurrectAt) {
      return;
    }
    const node = first;
    if (resurrectStrategy === 'optimistic') {
      node.status = 'alive';
      this.#dead -= 1;
      this.#candidates = undefined;
      if (diagnostic.has('resurrect')) {
        diagnostic.emit('resurrect', { requestId, node: node.url, strategy: 'optimistic', isAlive: true });
      }
      return;
    }
    this.#pinging.add(node);
    ping(node, requestId).then(
      (status) => {
        this.#pinging.delete(node);
        const isAlive = status !== 502 && status !== 503 && status !== 504;
        if (isAlive) {
          this.markAlive(node);
        } else {
          this.markDead(node);
        }
        diagnostic.emit('resurrect', { requestId, node: node.url, strategy: 'ping', isAlive });
      },
      (error: unknown) => {
        this.#pinging.delete(node);
        this.markDead(node);
        diagnostic.emit('resurrect', {
          requestId,
          node: node.url,
          strategy: 'ping',
          isAlive: false,
          error: error instanceof Error ? error : new Error(String(error)),
        });
      },
    );
  }
}
