import { type ClientOptions, createClient, type MlDeployClient, type ResponseIssue } from '@mldeploy/client';

/**
 * Where the console sends its requests: the base URLs of one cluster's nodes (the client fails over
 * between them, docs/multi-node.md). No URL means the server that serves the page.
 */
export interface Connection {
  urls: string[];
  apiKey: string;
}

/** The sessionStorage key; the API key lives only there (never in the URL or localStorage). */
export const CONNECTION_KEY = 'mldeploy.console.connection';

/** The default: the page's own server, no credentials. */
export const SAME_ORIGIN: Readonly<Connection> = Object.freeze({ urls: [], apiKey: '' });

/** Reads the saved connection, falling back to the page's own server. */
export function loadConnection(storage: Storage): Connection {
  try {
    const saved = JSON.parse(storage.getItem(CONNECTION_KEY) ?? 'null') as
      | (Partial<Connection> & { url?: unknown })
      | null;
    if (saved && typeof saved.apiKey === 'string') {
      if (Array.isArray(saved.urls) && saved.urls.every((u) => typeof u === 'string')) {
        return { urls: [...saved.urls], apiKey: saved.apiKey };
      }
      // An entry saved before several URLs were accepted holds one `url`.
      if (typeof saved.url === 'string') {
        return { urls: saved.url === '' ? [] : [saved.url], apiKey: saved.apiKey };
      }
    }
  } catch {
    // A damaged entry is the same as none.
  }
  return { urls: [], apiKey: '' };
}

/** Saves the connection for this tab's session; the default one removes the entry. */
export function saveConnection(storage: Storage, connection: Connection): void {
  if (connection.urls.length === 0 && connection.apiKey === '') {
    storage.removeItem(CONNECTION_KEY);
  } else {
    storage.setItem(CONNECTION_KEY, JSON.stringify(connection));
  }
}

/** The base URLs requests go to: the connection's URLs, or the page's origin. */
export function nodeUrls(connection: Connection, origin: string): string[] {
  return connection.urls.length === 0 ? [origin] : [...connection.urls];
}

/** The first base URL requests go to (the one previews and status lines name). */
export function nodeUrl(connection: Connection, origin: string): string {
  return nodeUrls(connection, origin)[0] as string;
}

/** What status lines call the target: the one base URL, or how many nodes (the client picks one per request). */
export function targetName(connection: Connection, origin: string): string {
  return connection.urls.length > 1 ? `${connection.urls.length} nodes` : nodeUrl(connection, origin);
}

/**
 * The browser's fetch with `credentials: 'omit'`: the API key travels in its own header, cookies are
 * never needed, and (per the Fetch standard) a 401 carrying `WWW-Authenticate: Basic` then comes back
 * to the page as an error instead of opening the browser's login prompt.
 */
export const omitCredentialsFetch: typeof fetch = (input, init) =>
  globalThis.fetch(input, { ...init, credentials: 'omit' });

/** A client for the connection; polling should not pile up retries, so it retries once at most. */
export function clientFor(
  connection: Connection,
  origin: string,
  onResponseIssue: (issue: ResponseIssue) => void,
): MlDeployClient {
  const options: ClientOptions = {
    nodes: nodeUrls(connection, origin),
    requestTimeout: 15_000,
    maxRetries: 1,
    maxRetryTime: 5_000,
    responseValidation: 'report',
    onResponseIssue,
    fetch: omitCredentialsFetch,
  };
  if (connection.apiKey !== '') {
    options.auth = { apiKey: connection.apiKey };
  }
  return createClient(options);
}
