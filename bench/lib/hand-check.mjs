// The practical limit for validation: the same rules as core's `checkUpdateRequest` and
// `validateUpdateBody`, written by hand on top of the native `JSON.parse`, with no schema, no
// parser tables and no generic machinery. It answers the same `{ ok, value } | { ok, error }`
// results with the same Elasticsearch envelopes, except two things `JSON.parse` cannot do: the
// `[line:col]` prefix of parse errors, and rejecting duplicate keys (it keeps the last one).

import { pathFor, UPDATE_ENDPOINT } from '@mldeploy/core/endpoints';

const ACTION = UPDATE_ENDPOINT.action;
const ADAPTIVE = 'autoscaling_settings';
const INT_MIN = -2_147_483_648;
const INT_MAX = 2_147_483_647;
const BODY_FIELDS = new Set([
  'model_id',
  'number_of_allocations',
  'model_threads',
  'adaptive_allocations',
  'timeout',
]);
const ADAPTIVE_FIELDS = new Set(['enabled', 'min_number_of_allocations', 'max_number_of_allocations']);
const QUERY_ALLOWED = new Set([
  'number_of_allocations',
  'timeout',
  'master_timeout',
  'error_trace',
  'filter_path',
  'format',
  'human',
  'pretty',
]);
const TIME_UNITS = /^([+-]?[0-9]+)\s*(nanos|micros|ms|s|m|h|d)$/;

const rowA = new Int32Array(256);
const rowB = new Int32Array(256);

/** Lucene's Levenshtein similarity, 1 - distance / longest, on two reused rows. */
function similarity(a, b) {
  const longest = Math.max(a.length, b.length);
  // A length gap of half the longest already rules out a similarity above 0.5.
  if (longest > 255 || Math.abs(a.length - b.length) * 2 >= longest) {
    return 0;
  }
  let prev = rowA;
  let cur = rowB;
  for (let i = 0; i <= a.length; i++) {
    prev[i] = i;
  }
  for (let j = 1; j <= b.length; j++) {
    cur[0] = j;
    const cj = b.charCodeAt(j - 1);
    for (let i = 1; i <= a.length; i++) {
      const sub = prev[i - 1] + (a.charCodeAt(i - 1) === cj ? 0 : 1);
      const del = prev[i] + 1;
      const ins = cur[i - 1] + 1;
      cur[i] = Math.min(sub, del, ins);
    }
    const t = prev;
    prev = cur;
    cur = t;
  }
  return 1 - prev[a.length] / longest;
}

/** Elasticsearch's "did you mean": names closer than 0.5, best first. */
function didYouMean(word, names) {
  const scored = [];
  for (const name of names) {
    const score = similarity(word, name);
    if (score > 0.5) {
      scored.push([score, name]);
    }
  }
  if (scored.length === 0) {
    return '';
  }
  scored.sort((x, y) => y[0] - x[0] || (x[1] < y[1] ? -1 : 1));
  return scored.length === 1
    ? ` did you mean [${scored[0][1]}]?`
    : ` did you mean any of [${scored.map((s) => s[1]).join(', ')}]?`;
}

function fail(status, type, reason, causedBy) {
  const error = { root_cause: [{ type, reason }], type, reason };
  if (causedBy) {
    error.caused_by = causedBy;
  }
  return { ok: false, error: { status, body: { error, status } } };
}

// Thrown as a plain object: a hand-written hot path would not pay for an Error's stack trace.
class ParseError {
  constructor(reason, causedBy) {
    this.message = reason;
    this.causedBy = causedBy;
  }
}

function tokenName(v) {
  if (v === null) {
    return 'VALUE_NULL';
  }
  if (Array.isArray(v)) {
    return 'START_ARRAY';
  }
  switch (typeof v) {
    case 'boolean':
      return 'VALUE_BOOLEAN';
    case 'string':
      return 'VALUE_STRING';
    case 'number':
      return 'VALUE_NUMBER';
    default:
      return 'START_OBJECT';
  }
}

function intValue(parser, field, v, nullValue) {
  if (typeof v === 'number') {
    const n = Math.trunc(v);
    if (n < INT_MIN || n > INT_MAX) {
      throw new ParseError(`[${parser}] failed to parse field [${field}]`, {
        type: 'input_coercion_exception',
        reason: `Numeric value (${v}) out of range of int (${INT_MIN} - ${INT_MAX})`,
      });
    }
    return n;
  }
  if (typeof v === 'string') {
    if (/^[+-]?[0-9]+$/.test(v.trim())) {
      const n = Number(v);
      if (n >= INT_MIN && n <= INT_MAX) {
        return n;
      }
    }
    throw new ParseError(`[${parser}] failed to parse field [${field}]`, {
      type: 'number_format_exception',
      reason: `For input string: "${v}"`,
    });
  }
  if (v === null && nullValue !== undefined) {
    return nullValue;
  }
  throw new ParseError(`[${parser}] ${field} doesn't support values of type: ${tokenName(v)}`);
}

function parseAdaptive(v) {
  const out = {};
  for (const key in v) {
    const value = v[key];
    if (!ADAPTIVE_FIELDS.has(key)) {
      throw new ParseError(`[${ADAPTIVE}] unknown field [${key}]${didYouMean(key, ADAPTIVE_FIELDS)}`);
    }
    if (key === 'enabled') {
      if (value === true || value === 'true') {
        out.enabled = true;
      } else if (value === false || value === 'false') {
        out.enabled = false;
      } else if (typeof value === 'string') {
        throw new ParseError(`[${ADAPTIVE}] failed to parse field [enabled]`, {
          type: 'illegal_argument_exception',
          reason: `Failed to parse value [${value}] as only [true] or [false] are allowed.`,
        });
      } else {
        throw new ParseError(`[${ADAPTIVE}] enabled doesn't support values of type: ${tokenName(value)}`);
      }
    } else {
      out[key] = intValue(ADAPTIVE, key, value, -1);
    }
  }
  return out;
}

function parseTimeout(v) {
  const t = v.toLowerCase().trim();
  if (t === '-1' || t === '0') {
    return true;
  }
  const m = TIME_UNITS.exec(t);
  return m !== null && Number(m[1]) >= -1;
}

/** The body rules: a strict object parser for the `_update` body, on a value from `JSON.parse`. */
function parseUpdateBody(doc, request) {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new ParseError(`[${ACTION}] Expected START_OBJECT but was: ${tokenName(doc)}`);
  }
  for (const key in doc) {
    const value = doc[key];
    if (!BODY_FIELDS.has(key)) {
      throw new ParseError(`[${ACTION}] unknown field [${key}]${didYouMean(key, BODY_FIELDS)}`);
    }
    switch (key) {
      case 'model_id':
        if (typeof value !== 'string') {
          throw new ParseError(`[${ACTION}] model_id doesn't support values of type: ${tokenName(value)}`);
        }
        request.model_id = value;
        break;
      case 'model_threads':
        request.warnings.push(
          'Deprecated field [model_threads] used, expected [number_of_allocations] instead',
        );
        request.number_of_allocations = intValue(ACTION, 'number_of_allocations', value);
        break;
      case 'number_of_allocations':
        request.number_of_allocations = intValue(ACTION, 'number_of_allocations', value);
        break;
      case 'adaptive_allocations':
        if (value === null) {
          request.adaptive_allocations = null;
        } else if (typeof value === 'object' && !Array.isArray(value)) {
          try {
            request.adaptive_allocations = parseAdaptive(value);
          } catch (e) {
            throw new ParseError(`[${ACTION}] failed to parse field [adaptive_allocations]`, {
              type: 'x_content_parse_exception',
              reason: e.message,
              ...(e.causedBy ? { caused_by: e.causedBy } : {}),
            });
          }
        } else {
          throw new ParseError(
            `[${ACTION}] adaptive_allocations doesn't support values of type: ${tokenName(value)}`,
          );
        }
        break;
      default:
        if (typeof value !== 'string' || !parseTimeout(value)) {
          throw new ParseError(`[${ACTION}] failed to parse field [timeout]`);
        }
    }
  }
}

/** `Request.validate()`: the messages in Elasticsearch's order. */
function validate(request) {
  const messages = [];
  const n = request.number_of_allocations;
  const a = request.adaptive_allocations;
  if (n !== undefined) {
    if (n < 1) {
      messages.push('[number_of_allocations] must be a positive integer');
    }
    if (a && a.enabled === true) {
      messages.push('[number_of_allocations] cannot be set if adaptive allocations is enabled');
    }
  }
  if (a) {
    const min = a.min_number_of_allocations;
    const max = a.max_number_of_allocations;
    const hasMin = min !== undefined && min !== -1;
    const hasMax = max !== undefined && max !== -1;
    if (hasMin && min < 0) {
      messages.push('[min_number_of_allocations] must be a non-negative integer or null');
    }
    if (hasMax && max < 1) {
      messages.push('[max_number_of_allocations] must be a positive integer or null');
    }
    if (hasMin && hasMax && min > max) {
      messages.push('[min_number_of_allocations] must not be larger than [max_number_of_allocations]');
    }
  }
  return messages;
}

/** `checkUpdateRequest`'s rules by hand: query or body, strict body, ids, timeouts, validate(). */
export function handCheckUpdateRequest(raw) {
  // Messages name the decoded path.
  const path = pathFor(UPDATE_ENDPOINT, { model_id: raw.modelId }, false);
  const hasContent = raw.body !== undefined && raw.body.length > 0;
  const request = {
    deployment_id: raw.modelId,
    source: 'body',
    timeout: '30s',
    master_timeout: '30s',
    warnings: [],
  };
  const query = raw.query ? new URLSearchParams(raw.query) : undefined;
  const fromQuery = query?.get('number_of_allocations');
  if (fromQuery !== undefined && fromQuery !== null) {
    if (!/^[+-]?[0-9]+$/.test(fromQuery) || Number(fromQuery) < INT_MIN || Number(fromQuery) > INT_MAX) {
      return fail(
        400,
        'illegal_argument_exception',
        `Failed to parse int parameter [number_of_allocations] with value [${fromQuery}]`,
        { type: 'number_format_exception', reason: `For input string: "${fromQuery}"` },
      );
    }
    request.number_of_allocations = Number(fromQuery);
    request.source = 'query';
  } else {
    if (!hasContent) {
      return fail(400, 'parse_exception', 'request body is required');
    }
    let doc;
    try {
      doc = JSON.parse(raw.body);
    } catch (e) {
      return fail(400, 'x_content_parse_exception', e.message, {
        type: 'json_parse_exception',
        reason: e.message,
      });
    }
    try {
      parseUpdateBody(doc, request);
    } catch (e) {
      return fail(400, 'x_content_parse_exception', e.message, e.causedBy);
    }
    if (request.model_id !== undefined && request.model_id !== raw.modelId) {
      return fail(
        400,
        'status_exception',
        `Inconsistent model_id; '${request.model_id}' specified in the body differs from '${raw.modelId}' specified as a URL argument`,
      );
    }
    delete request.model_id;
  }
  if (query) {
    for (const name of ['timeout', 'master_timeout']) {
      const v = query.get(name);
      if (v !== null) {
        if (!parseTimeout(v)) {
          return fail(
            400,
            'parse_exception',
            `failed to parse setting [${name}] with value [${v}] as a time value: unit is missing or unrecognized`,
          );
        }
        request[name] = v;
      }
    }
    const unknown = [...query.keys()].filter((k) => !QUERY_ALLOWED.has(k)).sort();
    if (unknown.length > 0) {
      return fail(
        400,
        'illegal_argument_exception',
        `request [${path}] contains unrecognized parameter${unknown.length > 1 ? 's' : ''}: ${unknown.map((k) => `[${k}]`).join(', ')}`,
      );
    }
  }
  if (hasContent && request.source === 'query') {
    return fail(400, 'illegal_argument_exception', `request [POST ${path}] does not support having a body`);
  }
  const messages = validate(request);
  if (messages.length > 0) {
    return fail(
      400,
      'action_request_validation_exception',
      `Validation Failed: ${messages.map((m, i) => `${i + 1}: ${m};`).join('')}`,
    );
  }
  return { ok: true, value: request };
}

function isBound(v) {
  return v === null || (Number.isInteger(v) && v >= -1 && v <= INT_MAX);
}

function isPositiveInt(v) {
  return Number.isInteger(v) && v >= 1 && v <= INT_MAX;
}

/** `validateUpdateBody`'s shape rules by hand (types, ranges, unknown keys), on a parsed object. */
export function handValidateUpdateBody(body) {
  const issues = [];
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { ok: false, issues: [{ instancePath: '', keyword: 'type', params: { type: 'object' } }] };
  }
  for (const key in body) {
    const v = body[key];
    switch (key) {
      case 'number_of_allocations':
      case 'model_threads':
        if (!isPositiveInt(v)) {
          issues.push({ instancePath: `/${key}`, keyword: 'integer', params: {} });
        }
        break;
      case 'model_id':
      case 'timeout':
        if (typeof v !== 'string') {
          issues.push({ instancePath: `/${key}`, keyword: 'type', params: { type: 'string' } });
        }
        break;
      case 'adaptive_allocations':
        if (v === null) {
          break;
        }
        if (typeof v !== 'object' || Array.isArray(v)) {
          issues.push({ instancePath: '/adaptive_allocations', keyword: 'type', params: { type: 'object' } });
          break;
        }
        for (const k in v) {
          const value = v[k];
          if (k === 'enabled') {
            if (typeof value !== 'boolean') {
              issues.push({ instancePath: '/adaptive_allocations/enabled', keyword: 'type', params: {} });
            }
          } else if (k === 'min_number_of_allocations' || k === 'max_number_of_allocations') {
            if (!isBound(value)) {
              issues.push({ instancePath: `/adaptive_allocations/${k}`, keyword: 'integer', params: {} });
            }
          } else {
            issues.push({
              instancePath: '/adaptive_allocations',
              keyword: 'additionalProperties',
              params: { additionalProperty: k },
            });
          }
        }
        break;
      default:
        issues.push({
          instancePath: '',
          keyword: 'additionalProperties',
          params: { additionalProperty: key },
        });
    }
  }
  return issues.length === 0 ? { ok: true, value: body } : { ok: false, issues };
}
