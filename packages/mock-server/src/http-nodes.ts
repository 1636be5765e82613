// Several HTTP nodes over one simulated cluster (`--http-nodes N`, `startMockServer({ httpNodes })`):
// each listens on its own port of the same host and answers as one node of the cluster (`GET /`
// names it, the journal records it, faults may target it). A node told to refuse connections
// closes its listener and drops its connections until the faults are cleared. See
// docs/multi-node.md.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FaultQueue } from './faults.js';
import type { WireAnswer } from './http.js';

/** One HTTP node as `httpNodes` may describe it; every field is optional. */
export interface HttpNodeSpec {
  /** What `GET /` answers as `name`; default the seed's node of the same rank, else `node-<n>`. */
  name?: string;
  /** The node id in `_nodes`; default the seed's node of the same rank, else one made from the name. */
  id?: string;
  /** Its roles in `_nodes` (e.g. `['master']` for a master-only node); default every role. */
  roles?: string[];
}

/** A running HTTP node. */
export interface MockHttpNode {
  readonly name: string;
  readonly id: string;
  readonly roles: readonly string[];
  /** `http://<host>:<port>` */
  readonly url: string;
  readonly port: number;
}

/** The roles of a node that sets none (`node.roles` unset), as Elasticsearch lists them. */
export const DEFAULT_NODE_ROLES: readonly string[] = [
  'data',
  'data_cold',
  'data_content',
  'data_frozen',
  'data_hot',
  'data_warm',
  'ingest',
  'master',
  'ml',
  'remote_cluster_client',
  'transform',
];

/** Which node a connection came in on; read by the adapter for every request. */
const socketNodes = new WeakMap<Socket, string>();

/** The name of the HTTP node a socket belongs to; undefined with a single node. */
export function nodeOfSocket(socket: Socket): string | undefined {
  return socketNodes.get(socket);
}

/** The nodes the option asks for: a count, or one spec per node. */
export function nodeSpecs(option: number | readonly HttpNodeSpec[]): HttpNodeSpec[] {
  if (typeof option !== 'number') {
    return [...option];
  }
  if (!Number.isInteger(option) || option < 1 || option > 64) {
    throw new RangeError(`httpNodes must be an integer from 1 to 64, got [${option}]`);
  }
  return Array.from({ length: option }, () => ({}));
}

interface Running {
  node: MockHttpNode;
  server: Server;
  sockets: Set<Socket>;
  listening: boolean;
}

/**
 * Starts the nodes past the first on free ports of `host` (the first is the server already
 * listening), tags every connection with its node, and follows the faults' refusing nodes.
 */
export async function startHttpNodes(settings: {
  specs: readonly HttpNodeSpec[];
  main: Server;
  host: string;
  urlHost: string;
  newServer: () => Server;
  listen: (server: Server, port: number, host: string) => Promise<void>;
  faults: FaultQueue;
  seedNodes: ReadonlyArray<{ id: string; name: string }>;
  /** Tag connections with their node (several nodes); a single node's requests stay untagged. */
  tag: boolean;
}): Promise<MockHttpNode[]> {
  const { specs, host, urlHost, faults, seedNodes, tag } = settings;
  const running: Running[] = [];
  for (let i = 0; i < specs.length; i++) {
    const server = i === 0 ? settings.main : settings.newServer();
    if (i > 0) {
      await settings.listen(server, 0, host);
    }
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const spec = specs[i] as HttpNodeSpec;
    const seed = seedNodes[i];
    const name = spec.name ?? seed?.name ?? `node-${i + 1}`;
    const node: MockHttpNode = {
      name,
      id: spec.id ?? seed?.id ?? `${name}-id`,
      roles: spec.roles ?? DEFAULT_NODE_ROLES,
      url: `http://${urlHost}:${port}`,
      port,
    };
    const entry: Running = { node, server, sockets: new Set(), listening: true };
    server.on('connection', (socket: Socket) => {
      if (tag) {
        socketNodes.set(socket, name);
      }
      entry.sockets.add(socket);
      socket.once('close', () => entry.sockets.delete(socket));
    });
    running.push(entry);
  }
  faults.onRefusedChange(() => {
    for (const entry of running) {
      const refuse = faults.refused.has(entry.node.name);
      if (refuse && entry.listening) {
        // Closing the listener makes new connections fail with ECONNREFUSED at once; open ones
        // are cut once the answer being written (maybe the one that asked for this) is out.
        entry.listening = false;
        entry.server.close();
        const open = [...entry.sockets];
        setImmediate(() => {
          for (const socket of open) {
            socket.destroy();
          }
        });
      } else if (!refuse && !entry.listening) {
        // An IP address binds within the call, so the node takes connections as soon as this returns.
        entry.listening = true;
        entry.server.listen(entry.node.port, host);
      }
    }
  });
  return running.map((r) => r.node);
}

/** A `reset` fault: the answer's head and half its body, then the connection is cut. */
export function writeReset(req: IncomingMessage, res: ServerResponse, answer: WireAnswer): void {
  const body = answer.body ?? '';
  res.writeHead(answer.status, { ...answer.headers, 'content-length': String(Buffer.byteLength(body) + 1) });
  res.write(body.slice(0, Math.floor(body.length / 2)), () => req.socket.destroy());
}
