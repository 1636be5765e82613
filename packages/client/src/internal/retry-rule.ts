// The one place the client decides whether a failed request may be sent again. Core's endpoint
// table does not say which endpoints are idempotent, so the rule lives here (README, "Retries").

/**
 * Writes whose repetition leaves the cluster as one request would and answers the same, by the
 * name core gives them: `_update` sets the allocations to a number (or adaptive settings) rather
 * than adding to them, and Elasticsearch answers a repeated one as a no-op; the inference API's
 * `_update` sets settings too; clearing a cache twice clears it; inference only reads. Not here,
 * because a repeat would answer differently: `_start` (409), `_stop` (404), putting a model or an
 * inference endpoint (400, it exists), deleting one, a model's alias (404), the other PUTs of a
 * model's life.
 */
const IDEMPOTENT_WRITES: ReadonlySet<string> = new Set([
  'ml.update_trained_model_deployment',
  'inference.update',
  'ml.clear_trained_model_deployment_cache',
  // Inference reads a model: a POST for its body, changing nothing but the usage counters.
  'ml.infer_trained_model',
  'ml.infer_trained_model_deployment',
  'inference.inference',
]);

/** Methods that only read (RFC 9110, section 9.2.1). */
const READS: ReadonlySet<string> = new Set(['GET', 'HEAD']);

/**
 * Whether a request that may have reached the server can be sent again: reads, and the writes
 * above. A request that never left (the connection was refused) may always be sent to another
 * node; the transport checks that case before asking here.
 */
export function isRetrySafe(method: string, name: string | undefined): boolean {
  return READS.has(method) || (name !== undefined && IDEMPOTENT_WRITES.has(name));
}
/** Error codes of a connection that was never made: the request was not sent. */
const NOT_SENT: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** Whether a transport error says the connection was never made (so nothing was sent). */
export function neverSent(error: unknown): boolean {
  let e: unknown = error;
  for (let depth = 0; depth < 4 && e instanceof Error; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NOT_SENT.has(code)) {
      return true;
    }
    const errors = (e as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.some((inner) => neverSent(inner))) {
      return true;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
