import { EXAMPLE_DEPLOYMENT_ID, type UpdateDeploymentCase } from './contract-case.js';
import { casePath } from './endpoints.js';

// Exact texts, written out once here as the truth the implementations are checked against.
const P = 'cluster:admin/xpack/ml/trained_models/deployment/update';
/** The `_update` path of a deployment id (encoded), as the cases' requests are sent. */
export const updateDeploymentPath = (id: string): string => casePath('update', { model_id: id });
const PATH = updateDeploymentPath(EXAMPLE_DEPLOYMENT_ID);
const V = (...m: string[]) => `Validation Failed: ${m.map((x, i) => `${i + 1}: ${x};`).join('')}`;
const POSITIVE = '[number_of_allocations] must be a positive integer';
const ENABLED = '[number_of_allocations] cannot be set if adaptive allocations is enabled';
const MIN_NEG = '[min_number_of_allocations] must be a non-negative integer or null';
const MAX_POS = '[max_number_of_allocations] must be a positive integer or null';
const MIN_GT_MAX = '[min_number_of_allocations] must not be larger than [max_number_of_allocations]';
const ENABLED_2_8 = { enabled: true, min_number_of_allocations: 2, max_number_of_allocations: 8 };

const ok = (
  name: string,
  body: string | undefined,
  after: NonNullable<UpdateDeploymentCase['want']['after']>,
  extra: Partial<UpdateDeploymentCase> = {},
): UpdateDeploymentCase => ({
  name,
  given: body === undefined ? {} : { body },
  want: { status: 200, after },
  stateless: false,
  ...extra,
});

const invalid = (name: string, body: string, ...messages: string[]): UpdateDeploymentCase => ({
  name,
  given: { body },
  want: {
    status: 400,
    code: 'VALIDATION_FAILED',
    type: 'action_request_validation_exception',
    reason: V(...messages),
  },
  stateless: true,
});

const parseError = (name: string, body: string, reason: string, causedBy?: string): UpdateDeploymentCase => ({
  name,
  given: { body },
  want: {
    status: 400,
    code: 'BODY_PARSE_FAILED',
    type: 'x_content_parse_exception',
    reason,
    ...(causedBy ? { causedBy } : {}),
  },
  stateless: true,
});

/** Raw `_update` requests and what Elasticsearch answers (docs/rules.md, "_update"). */
export const updateDeploymentCases: UpdateDeploymentCase[] = [
  // --- accepted ---------------------------------------------------------------------------
  ok("sets four allocations with the seed document's example body", '{"number_of_allocations": 4}', {
    number_of_allocations: 4,
    adaptive_allocations: null,
  }),
  ok('sets allocations written with whitespace and newlines', '{\n  "number_of_allocations": 4\n}', {
    number_of_allocations: 4,
  }),
  {
    name: 'sets allocations from the query parameter without a body',
    given: { query: 'number_of_allocations=3' },
    want: { status: 200, after: { number_of_allocations: 3 } },
    stateless: false,
  },
  ok('coerces a numeric string to an int', '{"number_of_allocations": "3"}', { number_of_allocations: 3 }),
  ok('truncates a float to an int', '{"number_of_allocations": 2.9}', { number_of_allocations: 2 }),
  ok(
    'decreases allocations',
    '{"number_of_allocations": 1}',
    { number_of_allocations: 1 },
    {
      before: { number_of_allocations: 3, adaptive_allocations: null, assignment_state: 'started' },
    },
  ),
  ok(
    'accepts the body model_id when it equals the path id',
    `{"model_id":"${EXAMPLE_DEPLOYMENT_ID}","number_of_allocations":2}`,
    {
      number_of_allocations: 2,
    },
  ),
  {
    ...ok('accepts the deprecated model_threads with a warning', '{"model_threads": 2}', {
      number_of_allocations: 2,
    }),
    want: {
      status: 200,
      after: { number_of_allocations: 2 },
      warning: `[${P}][1:2] Deprecated field [model_threads] used, expected [number_of_allocations] instead`,
    },
  },
  ok('accepts a body timeout (which has no effect)', '{"timeout":"10s","number_of_allocations":2}', {
    number_of_allocations: 2,
  }),
  {
    name: 'accepts timeout and master_timeout query parameters',
    given: { query: 'timeout=10s&master_timeout=1m', body: '{"number_of_allocations":2}' },
    want: { status: 200, after: { number_of_allocations: 2 } },
    stateless: false,
  },
  {
    name: 'accepts the always-supported response parameters',
    given: {
      query: 'pretty&human=true&error_trace=false&filter_path=assignment',
      body: '{"number_of_allocations":2}',
    },
    want: { status: 200 },
    stateless: false,
  },
  ok('enables adaptive allocations with a range', `{"adaptive_allocations":${JSON.stringify(ENABLED_2_8)}}`, {
    number_of_allocations: 1,
    adaptive_allocations: ENABLED_2_8,
  }),
  ok(
    'allows scaling to zero with min 0',
    '{"adaptive_allocations":{"enabled":true,"min_number_of_allocations":0,"max_number_of_allocations":4}}',
    {
      adaptive_allocations: { enabled: true, min_number_of_allocations: 0, max_number_of_allocations: 4 },
    },
  ),
  ok(
    'allows min equal to max',
    '{"adaptive_allocations":{"enabled":true,"min_number_of_allocations":3,"max_number_of_allocations":3}}',
    {
      adaptive_allocations: { enabled: true, min_number_of_allocations: 3, max_number_of_allocations: 3 },
    },
  ),
  ok(
    'stores settings without enabled and writes enabled as false',
    '{"adaptive_allocations":{"min_number_of_allocations":2}}',
    {
      adaptive_allocations: { enabled: false, min_number_of_allocations: 2 },
    },
  ),
  ok('stores empty adaptive settings as enabled false', '{"adaptive_allocations":{}}', {
    adaptive_allocations: { enabled: false },
  }),
  ok(
    'merges a new max into stored settings',
    '{"adaptive_allocations":{"max_number_of_allocations":6}}',
    {
      adaptive_allocations: { enabled: true, min_number_of_allocations: 2, max_number_of_allocations: 6 },
    },
    { before: { number_of_allocations: 2, adaptive_allocations: ENABLED_2_8, assignment_state: 'started' } },
  ),
  ok(
    'clears a stored min with null',
    '{"adaptive_allocations":{"min_number_of_allocations":null}}',
    {
      adaptive_allocations: { enabled: true, max_number_of_allocations: 8 },
    },
    { before: { number_of_allocations: 2, adaptive_allocations: ENABLED_2_8, assignment_state: 'started' } },
  ),
  ok(
    'clears a stored max with -1',
    '{"adaptive_allocations":{"max_number_of_allocations":-1}}',
    {
      adaptive_allocations: { enabled: true, min_number_of_allocations: 2 },
    },
    { before: { number_of_allocations: 2, adaptive_allocations: ENABLED_2_8, assignment_state: 'started' } },
  ),
  ok(
    'removes adaptive settings with null',
    '{"adaptive_allocations":null}',
    { adaptive_allocations: null },
    {
      before: { number_of_allocations: 2, adaptive_allocations: ENABLED_2_8, assignment_state: 'started' },
    },
  ),
  ok(
    'turns adaptive off and fixes the number in one request, as Kibana does',
    '{"number_of_allocations":3,"adaptive_allocations":{"enabled":false}}',
    {
      number_of_allocations: 3,
      adaptive_allocations: { enabled: false, min_number_of_allocations: 2, max_number_of_allocations: 8 },
    },
    { before: { number_of_allocations: 2, adaptive_allocations: ENABLED_2_8, assignment_state: 'started' } },
  ),
  ok(
    'removes adaptive settings and fixes the number in one request',
    '{"number_of_allocations":3,"adaptive_allocations":null}',
    {
      number_of_allocations: 3,
      adaptive_allocations: null,
    },
    { before: { number_of_allocations: 2, adaptive_allocations: ENABLED_2_8, assignment_state: 'started' } },
  ),
  ok(
    'accepts a number while stored adaptive settings are disabled',
    '{"number_of_allocations":2}',
    {
      number_of_allocations: 2,
    },
    {
      before: {
        number_of_allocations: 1,
        adaptive_allocations: { enabled: false, max_number_of_allocations: 4 },
        assignment_state: 'started',
      },
    },
  ),
  ok('answers an empty body with the unchanged assignment', '{}', {
    number_of_allocations: 1,
    adaptive_allocations: null,
  }),
  ok(
    'answers an unchanged number on a starting deployment without a state check',
    '{"number_of_allocations":1}',
    {
      number_of_allocations: 1,
    },
    { before: { number_of_allocations: 1, adaptive_allocations: null, assignment_state: 'starting' } },
  ),
  ok(
    'answers an empty body on a stopping deployment without a state check',
    '{}',
    {},
    {
      before: { number_of_allocations: 2, adaptive_allocations: null, assignment_state: 'stopping' },
    },
  ),
  ok(
    'answers identical adaptive settings as a no-op on a starting deployment',
    `{"adaptive_allocations":${JSON.stringify(ENABLED_2_8)}}`,
    {
      adaptive_allocations: ENABLED_2_8,
    },
    { before: { number_of_allocations: 2, adaptive_allocations: ENABLED_2_8, assignment_state: 'starting' } },
  ),

  // --- REST layer: query versus body -------------------------------------------------------
  {
    name: 'rejects a body sent with the query parameter, even when the values agree',
    given: { query: 'number_of_allocations=2', body: '{"number_of_allocations":2}' },
    want: {
      status: 400,
      code: 'BODY_NOT_SUPPORTED',
      type: 'illegal_argument_exception',
      reason: `request [POST ${PATH}] does not support having a body`,
    },
    stateless: true,
  },
  {
    name: 'rejects a request with neither a query parameter nor a body',
    given: {},
    want: { status: 400, code: 'BODY_REQUIRED', type: 'parse_exception', reason: 'request body is required' },
    stateless: true,
  },
  {
    name: 'rejects an empty body as no body',
    given: { body: '' },
    want: { status: 400, code: 'BODY_REQUIRED', type: 'parse_exception', reason: 'request body is required' },
    stateless: true,
  },
  {
    name: 'rejects a non-numeric query parameter',
    given: { query: 'number_of_allocations=abc' },
    want: {
      status: 400,
      code: 'BAD_PARAMETER',
      type: 'illegal_argument_exception',
      reason: 'Failed to parse int parameter [number_of_allocations] with value [abc]',
      causedBy: 'number_format_exception',
    },
    stateless: true,
  },
  {
    name: 'rejects an empty query parameter value',
    given: { query: 'number_of_allocations=' },
    want: {
      status: 400,
      code: 'BAD_PARAMETER',
      reason: 'Failed to parse int parameter [number_of_allocations] with value []',
    },
    stateless: true,
  },
  {
    name: 'rejects a decimal query parameter',
    given: { query: 'number_of_allocations=2.5' },
    want: {
      status: 400,
      code: 'BAD_PARAMETER',
      reason: 'Failed to parse int parameter [number_of_allocations] with value [2.5]',
    },
    stateless: true,
  },
  {
    name: 'rejects an out-of-range query parameter',
    given: { query: 'number_of_allocations=2147483648' },
    want: {
      status: 400,
      code: 'BAD_PARAMETER',
      reason: 'Failed to parse int parameter [number_of_allocations] with value [2147483648]',
    },
    stateless: true,
  },
  {
    name: 'passes a negative query parameter on to validation',
    given: { query: 'number_of_allocations=-5' },
    want: { status: 400, code: 'VALIDATION_FAILED', reason: V(POSITIVE) },
    stateless: true,
  },
  {
    name: 'rejects zero as a query parameter',
    given: { query: 'number_of_allocations=0' },
    want: { status: 400, code: 'VALIDATION_FAILED', reason: V(POSITIVE) },
    stateless: true,
  },
  {
    name: 'rejects an unknown query parameter and suggests the closest',
    given: { query: 'timout=10s', body: '{"number_of_allocations":2}' },
    want: {
      status: 400,
      code: 'UNRECOGNIZED_PARAMETER',
      type: 'illegal_argument_exception',
      reason: `request [${PATH}] contains unrecognized parameter: [timout] -> did you mean [timeout]?`,
    },
    stateless: true,
  },
  {
    name: 'rejects an unknown query parameter without a close match',
    given: { query: 'foo=1', body: '{"number_of_allocations":2}' },
    want: {
      status: 400,
      code: 'UNRECOGNIZED_PARAMETER',
      reason: `request [${PATH}] contains unrecognized parameter: [foo]`,
    },
    stateless: true,
  },
  {
    name: 'lists several unknown query parameters in order',
    given: { query: 'zzz=1&aaa=2', body: '{}' },
    want: {
      status: 400,
      code: 'UNRECOGNIZED_PARAMETER',
      reason: `request [${PATH}] contains unrecognized parameters: [aaa], [zzz]`,
    },
    stateless: true,
  },
  {
    name: 'suggests among several close parameters',
    given: { query: 'master_timeou=1s', body: '{}' },
    want: {
      status: 400,
      code: 'UNRECOGNIZED_PARAMETER',
      reason: `request [${PATH}] contains unrecognized parameter: [master_timeou] -> did you mean [master_timeout]?`,
    },
    stateless: true,
  },
  {
    name: 'reports a body error before an unknown query parameter',
    given: { query: 'foo=1', body: '{"bar":1}' },
    want: { status: 400, code: 'BODY_PARSE_FAILED', reason: `[1:2] [${P}] unknown field [bar]` },
    stateless: true,
  },
  {
    name: 'rejects a bad timeout query parameter',
    given: { query: 'timeout=abc', body: '{"number_of_allocations":2}' },
    want: {
      status: 400,
      code: 'TIME_VALUE_INVALID',
      type: 'illegal_argument_exception',
      reason:
        'failed to parse setting [timeout] with value [abc] as a time value: unit is missing or unrecognized',
    },
    stateless: true,
  },
  {
    name: 'rejects a negative master_timeout',
    given: { query: 'master_timeout=-5s', body: '{"number_of_allocations":2}' },
    want: {
      status: 400,
      code: 'TIME_VALUE_INVALID',
      type: 'illegal_argument_exception',
      reason:
        'failed to parse setting [master_timeout] with value [-5s] as a time value: negative durations are not supported',
    },
    stateless: true,
  },

  {
    name: 'rejects an upper-case M, which is not minutes',
    given: { query: 'timeout=5M', body: '{"number_of_allocations":2}' },
    want: {
      status: 400,
      code: 'TIME_VALUE_INVALID',
      type: 'illegal_argument_exception',
      reason:
        'failed to parse setting [timeout] with value [5M] as a time value: unit is missing or unrecognized',
    },
    stateless: true,
  },
  {
    name: 'rejects a fractional time value',
    given: { query: 'master_timeout=1.5s', body: '{"number_of_allocations":2}' },
    want: {
      status: 400,
      code: 'TIME_VALUE_INVALID',
      type: 'illegal_argument_exception',
      reason: 'failed to parse [1.5s], fractional time values are not supported',
      causedBy: 'number_format_exception',
      causedByReason: 'For input string: "1.5"',
    },
    stateless: true,
  },
  {
    name: 'rejects a time value whose number is not one',
    given: { query: 'timeout=xs', body: '{"number_of_allocations":2}' },
    want: {
      status: 400,
      code: 'TIME_VALUE_INVALID',
      type: 'illegal_argument_exception',
      reason: 'failed to parse [xs]',
      causedBy: 'number_format_exception',
    },
    stateless: true,
  },
  {
    name: 'accepts upper-case units other than minutes',
    given: { query: 'timeout=10S&master_timeout=1H', body: '{"number_of_allocations":2}' },
    want: { status: 200, after: { number_of_allocations: 2 } },
    stateless: false,
  },
  {
    name: 'accepts -01 and 00 without a unit, as -1 and zero',
    given: { query: 'timeout=-01&master_timeout=00', body: '{"number_of_allocations":2}' },
    want: { status: 200, after: { number_of_allocations: 2 } },
    stateless: false,
  },

  // --- body parser ----------------------------------------------------------------------------
  parseError('rejects an unknown body field', '{"foo":1}', `[1:2] [${P}] unknown field [foo]`),
  parseError(
    'suggests the closest body field',
    '{"number_of_alocations":1}',
    `[1:2] [${P}] unknown field [number_of_alocations] did you mean [number_of_allocations]?`,
  ),
  parseError(
    'rejects num_threads, which update never had',
    '{"num_threads":1,"number_of_allocations":4}',
    `[1:2] [${P}] unknown field [num_threads] did you mean [model_threads]?`,
  ),
  parseError(
    'rejects a prototype-pollution key',
    '{"__proto__":{"number_of_allocations":9}}',
    `[1:2] [${P}] unknown field [__proto__]`,
  ),
  parseError(
    'rejects a constructor key',
    '{"constructor":{"prototype":{}}}',
    `[1:2] [${P}] unknown field [constructor]`,
  ),
  parseError(
    'rejects null allocations',
    '{"number_of_allocations":null}',
    `[1:26] [${P}] number_of_allocations doesn't support values of type: VALUE_NULL`,
  ),
  parseError(
    'rejects boolean allocations',
    '{"number_of_allocations":true}',
    `[1:26] [${P}] number_of_allocations doesn't support values of type: VALUE_BOOLEAN`,
  ),
  parseError(
    'rejects array allocations',
    '{"number_of_allocations":[4]}',
    `[1:26] [${P}] number_of_allocations doesn't support values of type: START_ARRAY`,
  ),
  parseError(
    'rejects object allocations',
    '{"number_of_allocations":{}}',
    `[1:26] [${P}] number_of_allocations doesn't support values of type: START_OBJECT`,
  ),
  parseError(
    'rejects a non-numeric string for allocations',
    '{"number_of_allocations":"abc"}',
    `[1:26] [${P}] failed to parse field [number_of_allocations]`,
    'number_format_exception',
  ),
  parseError(
    'rejects an out-of-range number for allocations',
    '{"number_of_allocations":3000000000}',
    `[1:26] [${P}] failed to parse field [number_of_allocations]`,
  ),
  parseError(
    'rejects a string for adaptive_allocations',
    '{"adaptive_allocations":"on"}',
    `[1:25] [${P}] adaptive_allocations doesn't support values of type: VALUE_STRING`,
  ),
  parseError(
    'rejects an unknown adaptive field, wrapped by the outer parser',
    '{"adaptive_allocations":{"minimum":1}}',
    `[1:26] [${P}] failed to parse field [adaptive_allocations]`,
    'x_content_parse_exception',
  ),
  parseError(
    'rejects a non-boolean enabled',
    '{"adaptive_allocations":{"enabled":"yes"}}',
    `[1:36] [${P}] failed to parse field [adaptive_allocations]`,
    'x_content_parse_exception',
  ),
  parseError(
    'rejects a null enabled',
    '{"adaptive_allocations":{"enabled":null}}',
    `[1:36] [${P}] failed to parse field [adaptive_allocations]`,
    'x_content_parse_exception',
  ),
  parseError(
    'rejects a boolean min',
    '{"adaptive_allocations":{"min_number_of_allocations":true}}',
    `[1:54] [${P}] failed to parse field [adaptive_allocations]`,
    'x_content_parse_exception',
  ),
  parseError(
    'rejects a body that is an array',
    '[{"number_of_allocations":4}]',
    `[1:1] [${P}] Expected START_OBJECT but was: START_ARRAY`,
  ),
  parseError(
    'rejects a body that is a string',
    '"{\\"number_of_allocations\\": 4}"',
    `[1:1] [${P}] Expected START_OBJECT but was: VALUE_STRING`,
  ),
  parseError(
    'rejects a numeric model_id',
    '{"model_id":5}',
    `[1:13] [${P}] model_id doesn't support values of type: VALUE_NUMBER`,
  ),
  {
    ...parseError(
      'rejects a bad body timeout, caused by the time value error',
      '{"timeout":"soon"}',
      `[1:12] [${P}] failed to parse field [timeout]`,
      'illegal_argument_exception',
    ),
    want: {
      status: 400,
      code: 'BODY_PARSE_FAILED',
      type: 'x_content_parse_exception',
      reason: `[1:12] [${P}] failed to parse field [timeout]`,
      causedBy: 'illegal_argument_exception',
      causedByReason:
        'failed to parse setting [timeout] with value [soon] as a time value: unit is missing or unrecognized',
      rootCause: `[1:12] [${P}] failed to parse field [timeout]`,
    },
  },
  {
    name: 'reports the innermost parse error as the root cause of a nested one',
    given: { body: '{"adaptive_allocations":{"enable":true}}' },
    want: {
      status: 400,
      code: 'BODY_PARSE_FAILED',
      type: 'x_content_parse_exception',
      reason: `[1:26] [${P}] failed to parse field [adaptive_allocations]`,
      causedBy: 'x_content_parse_exception',
      rootCause: '[1:26] [autoscaling_settings] unknown field [enable] did you mean [enabled]?',
    },
    stateless: true,
  },
  {
    name: 'rejects malformed JSON',
    given: { body: '{"number_of_allocations": 4' },
    want: {
      status: 400,
      code: 'BODY_PARSE_FAILED',
      type: 'x_content_parse_exception',
      causedBy: 'json_parse_exception',
    },
    stateless: true,
  },
  {
    name: 'rejects a trailing comma after a known field',
    given: { body: '{"number_of_allocations": 4,}' },
    want: {
      status: 400,
      code: 'BODY_PARSE_FAILED',
      type: 'x_content_parse_exception',
      causedBy: 'json_parse_exception',
    },
    stateless: true,
  },
  {
    name: 'rejects a duplicate field',
    given: { body: '{"number_of_allocations":1,"number_of_allocations":2}' },
    want: {
      status: 400,
      code: 'BODY_PARSE_FAILED',
      type: 'x_content_parse_exception',
      causedBy: 'json_parse_exception',
    },
    stateless: true,
  },
  {
    name: 'rejects a body model_id that differs from the path',
    given: { body: '{"model_id":"other","number_of_allocations":2}' },
    want: {
      status: 400,
      code: 'INCONSISTENT_ID',
      type: 'status_exception',
      reason: `Inconsistent model_id; 'other' specified in the body differs from '${EXAMPLE_DEPLOYMENT_ID}' specified as a URL argument`,
    },
    stateless: true,
  },

  // --- validate() -----------------------------------------------------------------------------
  invalid('rejects zero allocations', '{"number_of_allocations":0}', POSITIVE),
  invalid('rejects negative allocations', '{"number_of_allocations":-3}', POSITIVE),
  invalid('rejects a float that truncates to zero', '{"number_of_allocations":0.5}', POSITIVE),
  invalid(
    'rejects a number together with adaptive allocations enabled',
    '{"number_of_allocations":2,"adaptive_allocations":{"enabled":true}}',
    ENABLED,
  ),
  invalid(
    'rejects a negative min',
    '{"adaptive_allocations":{"enabled":true,"min_number_of_allocations":-2}}',
    MIN_NEG,
  ),
  invalid(
    'rejects a zero max',
    '{"adaptive_allocations":{"enabled":true,"max_number_of_allocations":0}}',
    MAX_POS,
  ),
  invalid(
    'rejects min larger than max',
    '{"adaptive_allocations":{"enabled":true,"min_number_of_allocations":5,"max_number_of_allocations":2}}',
    MIN_GT_MAX,
  ),
  invalid(
    'lists every failure in order',
    '{"number_of_allocations":0,"adaptive_allocations":{"enabled":true,"min_number_of_allocations":5,"max_number_of_allocations":2}}',
    POSITIVE,
    ENABLED,
    MIN_GT_MAX,
  ),
  invalid(
    'lists min and max failures together',
    '{"adaptive_allocations":{"min_number_of_allocations":-5,"max_number_of_allocations":-3}}',
    MIN_NEG,
    MAX_POS,
  ),
  ok(
    'lets -1 through as the clear sentinel',
    '{"adaptive_allocations":{"enabled":true,"min_number_of_allocations":-1,"max_number_of_allocations":4}}',
    {
      adaptive_allocations: { enabled: true, min_number_of_allocations: -1, max_number_of_allocations: 4 },
    },
  ),

  // --- state-dependent --------------------------------------------------------------------------
  {
    name: 'answers 404 for an unknown deployment',
    given: { modelId: 'missing', body: '{"number_of_allocations":2}' },
    before: 'missing',
    want: {
      status: 404,
      code: 'DEPLOYMENT_NOT_FOUND',
      type: 'resource_not_found_exception',
      reason: 'No known model deployment with id [missing]',
    },
    stateless: false,
  },
  {
    name: 'answers 404 for an unknown deployment even with an empty body',
    given: { modelId: 'missing', body: '{}' },
    before: 'missing',
    want: {
      status: 404,
      code: 'DEPLOYMENT_NOT_FOUND',
      reason: 'No known model deployment with id [missing]',
    },
    stateless: false,
  },
  {
    name: 'validates before looking the deployment up',
    given: { modelId: 'missing', body: '{"number_of_allocations":0}' },
    before: 'missing',
    want: { status: 400, code: 'VALIDATION_FAILED', reason: V(POSITIVE) },
    stateless: true,
  },
  {
    name: 'rejects a change to a starting deployment',
    given: { body: '{"number_of_allocations":2}' },
    before: { number_of_allocations: 1, adaptive_allocations: null, assignment_state: 'starting' },
    want: {
      status: 409,
      code: 'DEPLOYMENT_NOT_STARTED',
      type: 'status_exception',
      reason: 'cannot update deployment that is not in [started] state',
    },
    stateless: false,
  },
  {
    name: 'rejects a change to a stopping deployment',
    given: { body: '{"adaptive_allocations":{"enabled":true}}' },
    before: { number_of_allocations: 1, adaptive_allocations: null, assignment_state: 'stopping' },
    want: {
      status: 409,
      code: 'DEPLOYMENT_NOT_STARTED',
      reason: 'cannot update deployment that is not in [started] state',
    },
    stateless: false,
  },
  {
    name: 'rejects a number while adaptive allocations are already enabled',
    given: { body: '{"number_of_allocations":3}' },
    before: { number_of_allocations: 2, adaptive_allocations: ENABLED_2_8, assignment_state: 'started' },
    want: {
      status: 400,
      code: 'ADAPTIVE_ALLOCATIONS_ENABLED',
      type: 'validation_exception',
      reason: V(ENABLED),
    },
    stateless: false,
  },
  {
    name: 'rejects the current number while adaptive allocations are enabled',
    given: { query: 'number_of_allocations=2' },
    before: { number_of_allocations: 2, adaptive_allocations: ENABLED_2_8, assignment_state: 'started' },
    want: {
      status: 400,
      code: 'ADAPTIVE_ALLOCATIONS_ENABLED',
      type: 'validation_exception',
      reason: V(ENABLED),
    },
    stateless: false,
  },
  {
    name: 'rejects a merged max below the stored min',
    given: { body: '{"adaptive_allocations":{"max_number_of_allocations":1}}' },
    before: { number_of_allocations: 2, adaptive_allocations: ENABLED_2_8, assignment_state: 'started' },
    want: {
      status: 400,
      code: 'VALIDATION_FAILED',
      type: 'action_request_validation_exception',
      reason: V(MIN_GT_MAX),
    },
    stateless: false,
  },
  {
    name: 'rejects a deployment created by an inference endpoint',
    given: { body: '{"number_of_allocations":2}' },
    before: {
      number_of_allocations: 1,
      adaptive_allocations: null,
      assignment_state: 'started',
      owned_by_inference_endpoint: true,
    },
    want: {
      status: 409,
      code: 'DEPLOYMENT_OWNED_BY_INFERENCE',
      type: 'status_exception',
      reason: `Cannot update deployment [${EXAMPLE_DEPLOYMENT_ID}] as it was created by inference endpoint [${EXAMPLE_DEPLOYMENT_ID}]. This model deployment must be updated through the inference API.`,
    },
    stateless: false,
  },
  {
    name: 'answers 429 when an increase cannot be placed and scaling is impossible',
    given: { body: '{"number_of_allocations":257}' },
    want: {
      status: 429,
      code: 'INSUFFICIENT_RESOURCES',
      type: 'status_exception',
      reason:
        'Could not update deployment because there are not enough resources to provide all requested allocations',
    },
    stateless: false,
  },

  {
    name: 'rejects growing a low-priority deployment',
    given: { body: '{"number_of_allocations":2}' },
    before: {
      number_of_allocations: 1,
      adaptive_allocations: null,
      assignment_state: 'started',
      priority: 'low',
    },
    want: {
      status: 400,
      code: 'VALIDATION_FAILED',
      type: 'action_request_validation_exception',
      reason: V('[number_of_allocations] must be 1 when [priority] is low'),
    },
    stateless: false,
  },
  {
    name: 'rejects adaptive allocations above one on a low-priority deployment',
    given: { body: '{"adaptive_allocations":{"enabled":true,"max_number_of_allocations":4}}' },
    before: {
      number_of_allocations: 1,
      adaptive_allocations: null,
      assignment_state: 'started',
      priority: 'low',
    },
    want: {
      status: 400,
      code: 'VALIDATION_FAILED',
      type: 'action_request_validation_exception',
      reason: V('[max_number_of_allocations] must be 1 when [priority] is low'),
    },
    stateless: false,
  },
  {
    name: 'accepts adaptive allocations up to one on a low-priority deployment',
    given: {
      body: '{"adaptive_allocations":{"enabled":true,"min_number_of_allocations":0,"max_number_of_allocations":1}}',
    },
    before: {
      number_of_allocations: 1,
      adaptive_allocations: null,
      assignment_state: 'started',
      priority: 'low',
    },
    want: {
      status: 200,
      after: {
        number_of_allocations: 1,
        adaptive_allocations: { enabled: true, min_number_of_allocations: 0, max_number_of_allocations: 1 },
      },
    },
    stateless: false,
  },

  // --- errors ignore filter_path (AbstractRestChannel.newErrorBuilder) -------------------------
  {
    name: 'keeps a validation error whole whatever filter_path asks',
    given: { query: 'filter_path=error.type', body: '{"number_of_allocations":0}' },
    want: {
      status: 400,
      code: 'VALIDATION_FAILED',
      type: 'action_request_validation_exception',
      reason: V('[number_of_allocations] must be a positive integer'),
    },
    stateless: true,
  },
  {
    name: 'keeps a 405 whole whatever filter_path asks',
    given: { method: 'GET', query: 'filter_path=status' },
    want: {
      status: 405,
      code: 'METHOD_NOT_ALLOWED',
      reason: `Incorrect HTTP method for uri [${PATH}?filter_path=status] and method [GET], allowed: [POST]`,
    },
    stateless: false,
  },
  {
    name: 'keeps a 409 for an inference-owned deployment whole whatever filter_path asks',
    given: { query: 'filter_path=status', body: '{"number_of_allocations":2}' },
    before: {
      number_of_allocations: 1,
      adaptive_allocations: null,
      assignment_state: 'started',
      owned_by_inference_endpoint: true,
    },
    want: {
      status: 409,
      code: 'DEPLOYMENT_OWNED_BY_INFERENCE',
      type: 'status_exception',
      reason: `Cannot update deployment [${EXAMPLE_DEPLOYMENT_ID}] as it was created by inference endpoint [${EXAMPLE_DEPLOYMENT_ID}]. This model deployment must be updated through the inference API.`,
    },
    stateless: false,
  },

  // --- routing ------------------------------------------------------------------------------
  {
    name: 'answers 405 with a string error for GET',
    given: { method: 'GET' },
    want: {
      status: 405,
      code: 'METHOD_NOT_ALLOWED',
      reason: `Incorrect HTTP method for uri [${PATH}] and method [GET], allowed: [POST]`,
    },
    stateless: false,
  },
  {
    name: 'answers 405 with a string error for PUT, including the query string',
    given: { method: 'PUT', query: 'number_of_allocations=2' },
    want: {
      status: 405,
      code: 'METHOD_NOT_ALLOWED',
      reason: `Incorrect HTTP method for uri [${PATH}?number_of_allocations=2] and method [PUT], allowed: [POST]`,
    },
    stateless: false,
  },
];
