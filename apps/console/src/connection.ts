import { type ClientOptions, createClient, type MlDeployClient, type ResponseIssue } from '@mldeploy/client';

/** Where the console sends its requests. An empty `url` means the server that serves the page. */
export interface Connection {
  url: string;
  apiKey: string;
}

/** The sessionStorage key; the API key lives only there (never in the URL or localStorage). */
export const CONNECTION_KEY = 'mldeploy.console.connection';

/** The default: the page's own server, no credentials. */
export const SAME_ORIGIN: Connection = Object.freeze({ url: '', apiKey: '' });

/** Reads the saved connection, falling back to the page's own server. */
export function loadConnection(storage: Storage): Connection {
  try {
    const saved = JSON.parse(storage.getItem(CONNECTION_KEY) ?? 'null') as Partial<Connection> | null;
    if (saved && typeof saved.url === 'string' && typeof saved.apiKey === 'string') {
      return { url: saved.url, apiKey: saved.apiKey };
    }
  } catch {
    // A damaged entry is the same as none.
  }
  return { ...SAME_ORIGIN };
}

/** Saves the connection for this tab's session; the default one removes the entry. */
export function saveConnection(storage: Storage, connection: Connection): void {
  if (connection.url === '' && connection.apiKey === '') {
    storage.removeItem(CONNECTION_KEY);
  } else {
    storage.setItem(CONNECTION_KEY, JSON.stringify(connection));
  }
}

/** The base URL requests go to: the connection's URL, or the page's origin. */
export function nodeUrl(connection: Connection, origin: string): string {
  return connection.url === '' ? origin : connection.url;
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
    node: nodeUrl(connection, origin),
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
