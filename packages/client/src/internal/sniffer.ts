import type { Diagnostic } from '../diagnostic.js';
import type { DiagnosticEvents, NodeRoles } from '../node-options.js';
import type { Host, NodePool } from './node-pool.js';

type Reason = DiagnosticEvents['sniff']['reason'];

/** What the sniffer needs: how to ask a node for the cluster's nodes, and when. */
export interface SnifferSettings {
  pool: NodePool;
  diagnostic: Diagnostic;
  now: () => number;
  /** Sends `GET <sniffEndpoint>` through the transport: the body and the URL of the node that answered. */
  fetchNodes: () => Promise<{ body: unknown; node: string }>;
  sniffOnStart: boolean;
  /** Milliseconds between sniffs, or false. */
  sniffInterval: number | false;
  sniffOnConnectionFault: boolean;
}

/** One node of `GET _nodes/_all/http`, as far as sniffing reads it. */
interface NodesEntry {
  roles?: string[];
  http?: { publish_address?: string };
}

/**
 * Sniffing, as the official client does it: read `GET /_nodes/_all/http` (on start, every
 * `sniffInterval` ms as requests come, after a connection failure) and replace the pool's nodes
 * with the ones that publish an HTTP address. One sniff at a time; requests never wait for it.
 */
export class Sniffer {
  #sniffing: Promise<void> | undefined;
  #nextSniff: number;
  #stopped = false;

  constructor(private readonly settings: SnifferSettings) {
    this.#nextSniff =
      settings.sniffInterval === false ? Number.POSITIVE_INFINITY : settings.now() + settings.sniffInterval;
    if (settings.sniffOnStart) {
      void this.sniff('sniff-on-start');
    }
  }

  /** Called before each request: sniffs when the interval passed. */
  beforeRequest(): void {
    const { sniffInterval, now } = this.settings;
    if (sniffInterval === false) {
      return;
    }
    const t = now();
    if (t > this.#nextSniff) {
      this.#nextSniff = t + sniffInterval;
      void this.sniff('sniff-interval');
    }
  }

  /** Called after a connection failure. */
  onConnectionFault(): void {
    if (this.settings.sniffOnConnectionFault) {
      void this.sniff('sniff-on-connection-fault');
    }
  }

  /** No sniffing after the client closed. */
  stop(): void {
    this.#stopped = true;
  }

  /** Reads the nodes and updates the pool; the sniff already running, if one is. */
  sniff(reason: Reason): Promise<void> {
    if (this.#stopped) {
      return Promise.resolve();
    }
    this.#sniffing ??= this.#run(reason).finally(() => {
      this.#sniffing = undefined;
    });
    return this.#sniffing;
  }

  async #run(reason: Reason): Promise<void> {
    const { pool, diagnostic, fetchNodes } = this.settings;
    try {
      const { body, node } = await fetchNodes();
      const hosts = hostsOf(body, new URL(node).protocol);
      if (hosts.length > 0 && !this.#stopped) {
        pool.update(hosts);
      }
      diagnostic.emit('sniff', { reason, nodes: pool.nodes.map((n) => n.url) });
    } catch (error) {
      diagnostic.emit('sniff', {
        reason,
        nodes: [],
        error: error instanceof Error ? error : new Error(String(error)),
      });
    }
  }
}

/**
 * The hosts of a `_nodes/_all/http` answer, as the official client reads them: nodes without
 * `http` are skipped (they have not published an address yet), `hostname/ip:port` becomes
 * `hostname:port`. Roles are kept, so the default filter can leave out master-only nodes.
 */
export function hostsOf(body: unknown, protocol: string): Host[] {
  const nodes = (body as { nodes?: Record<string, NodesEntry> } | undefined)?.nodes;
  if (typeof nodes !== 'object' || nodes === null) {
    throw new Error('the sniff answer has no nodes object');
  }
  const hosts: Host[] = [];
  for (const [id, node] of Object.entries(nodes)) {
    let address = node.http?.publish_address;
    if (address === undefined) {
      continue;
    }
    const slash = address.indexOf('/');
    if (slash >= 0) {
      const port = address.slice(address.lastIndexOf(':') + 1);
      address = `${address.slice(0, slash)}:${port}`;
    }
    const url = address.startsWith('http') ? address : `${protocol}//${address}`;
    hosts.push({ url: new URL(url).href.replace(/\/+$/, ''), id, roles: rolesOf(node.roles) });
  }
  return hosts;
}

function rolesOf(roles: string[] | undefined): NodeRoles | undefined {
  if (!Array.isArray(roles)) {
    return undefined;
  }
  return {
    master: roles.includes('master'),
    data: roles.some((r) => r === 'data' || r.startsWith('data_')),
    ingest: roles.includes('ingest'),
    ml: roles.includes('ml'),
  };
}
