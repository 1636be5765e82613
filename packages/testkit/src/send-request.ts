// How the case runner talks to the server: one request, its answer read defensively (a body that
// is not JSON is kept as text), and a one-line description of an answer for messages.

/** A server's answer: status, `Warning` header, body as JSON (when it parses) and as text. */
export interface Answer {
  status: number;
  warning: string | null;
  // biome-ignore lint/suspicious/noExplicitAny: arbitrary JSON from the server, read defensively
  json: any;
  text: string;
}

/** Sends one request (a JSON body when given) and reads its answer. */
export type Send = (method: string, path: string, body: string | undefined) => Promise<Answer>;

/** A {@link Send} to `baseUrl` (trailing slashes ignored) with `headers` on every request. */
export function sendRequest(
  doFetch: typeof fetch,
  baseUrl: string,
  extraHeaders: Record<string, string> | undefined,
): Send {
  const base = baseUrl.replace(/\/+$/, '');
  return async (method, path, body) => {
    const headers: Record<string, string> = { ...extraHeaders };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
    }
    const response = await doFetch(`${base}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, warning: response.headers.get('warning'), json, text };
  };
}

/** `HTTP <status>: <reason>`, the reason being the error's reason or type, or the body's start. */
export function describeAnswer(answer: Answer): string {
  const error = answer.json?.error;
  const reason =
    typeof error === 'string' ? error : (error?.reason ?? error?.type ?? answer.text.slice(0, 200));
  return `HTTP ${answer.status}${reason ? `: ${reason}` : ''}`;
}
