import type { Redaction } from '../node-options.js';
import { redactHeaders } from './auth-header.js';

/**
 * The headers as events and `meta` show them, under the client's `redaction` (the official
 * client's option): credentials replaced (default), removed, or left (`off`); `additionalKeys`
 * names more headers to hide.
 */
export function redactWith(headers: Record<string, string>, redaction: Redaction): Record<string, string> {
  const type = redaction.type ?? 'replace';
  if (type === 'off') {
    return { ...headers };
  }
  const extra = new Set((redaction.additionalKeys ?? []).map((k) => k.toLowerCase()));
  const replaced = redactHeaders(headers);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const masked = replaced[name] as string;
    if (masked === value && !extra.has(name.toLowerCase())) {
      out[name] = value;
    } else if (type === 'replace') {
      out[name] = masked === value ? '[redacted]' : masked;
    }
  }
  return out;
}
