// The public types of the connection pool, the diagnostic events and `meta` answers. The pool
// itself is internal (internal/node-pool.ts); see the README ("Many nodes").

/** The roles of a node, as the official client keeps them (sniffing reads them from `_nodes`). */
export interface NodeRoles {
  master: boolean;
  data: boolean;
  ingest: boolean;
  ml: boolean;
}

/** A node given with more than its URL. */
export interface PoolNodeOptions {
  url: string;
  /** An id of the node; default its URL. Sniffing uses Elasticsearch's node ids. */
  id?: string;
  /** Its roles; a node without roles passes the default filter. */
  roles?: NodeRoles;
}

/** What the pool knows of one node, as selectors, filters and events see it. */
export interface NodeInfo {
  readonly id: string;
  /** The node's URL, without credentials. */
  readonly url: string;
  readonly roles: NodeRoles | undefined;
  /** `alive` or `dead`. */
  readonly status: 'alive' | 'dead';
  /** Failures in a row (0 when alive). */
  readonly deadCount: number;
  /** When a dead node may be tried again, on the client's clock (`now`). */
  readonly resurrectAt: number;
}

/** Chooses the node for a request among the living ones that pass the filter. */
export type NodeSelector = 'round-robin' | 'random' | ((nodes: readonly NodeInfo[]) => NodeInfo);

/** Whether a node may serve requests. */
export type NodeFilter = (node: NodeInfo) => boolean;

/** How credentials are hidden in errors, events and `meta`, as the official client's `redaction`. */
export interface Redaction {
  /** `replace` (default: the value reads `[redacted]`), `remove` (the header is left out), `off`. */
  type?: 'replace' | 'remove' | 'off';
  /** More header names to hide, besides `authorization`, cookies and API-key headers. */
  additionalKeys?: string[];
}

/** What a call answered besides its body: what `onMeta` receives. */
export interface ResponseMeta {
  /** The client's id of the request (a counter per client). */
  requestId: number;
  status: number;
  headers: Record<string, string>;
  /** The URL of the node that answered. */
  node: string;
  /** Attempts made, the first one included. */
  attempts: number;
}

/** The events of `client.diagnostic`, with what each carries. */
export interface DiagnosticEvents {
  /** An attempt goes out. */
  request: {
    requestId: number;
    /** The API name (`ml.update_trained_model_deployment`), or `METHOD path` for raw requests. */
    name: string;
    method: string;
    path: string;
    node: string;
    /** 0 for the first attempt. */
    attempt: number;
    headers: Record<string, string>;
  };
  /** An attempt ended: an answer (any status) or an error. */
  response: {
    requestId: number;
    name: string;
    node: string;
    attempt: number;
    /** 0 when no answer came. */
    status: number;
    /** Milliseconds the attempt took (`performance.now`). */
    durationMs: number;
    error?: Error;
  };
  /** A failed attempt is tried again. */
  retry: {
    requestId: number;
    name: string;
    /** The node that failed. */
    node: string;
    /** The attempt about to be made. */
    attempt: number;
    /** The status, or the error code, that made it retry. */
    reason: string;
    /** Milliseconds waited before it. */
    delayMs: number;
  };
  /** A dead node was tried again (`resurrectStrategy`). */
  resurrect: {
    requestId: number;
    node: string;
    strategy: 'ping' | 'optimistic';
    isAlive: boolean;
    error?: Error;
  };
  /** The nodes were read from the cluster. */
  sniff: {
    reason: 'sniff-on-start' | 'sniff-interval' | 'sniff-on-connection-fault';
    /** The URLs of the nodes now in the pool (empty when sniffing failed). */
    nodes: string[];
    error?: Error;
  };
}

/** The name of a diagnostic event. */
export type DiagnosticEvent = keyof DiagnosticEvents;
