// The rules of the second source audit (docs/rules.md names each source).
import {
  byteSizeToString,
  checkLowPriorityUpdate,
  checkStartRequest,
  checkStopRequest,
  checkUpdateRequest,
  codeOf,
  computeNumberOfAllocations,
  type DeploymentSnapshot,
  type EsError,
  errors,
  fromEnvelope,
  guessParseRootCause,
  parseTimeValue,
  planUpdate,
  toCause,
} from '@mldeploy/core';
import { describe, expect, it } from 'vitest';

const P = 'cluster:admin/xpack/ml/trained_models/deployment/update';

function envelope(error: EsError) {
  const body = error.body.error;
  if (typeof body === 'string') {
    throw new Error(`expected an envelope, got ${body}`);
  }
  return body;
}

describe('time values (TimeValue.parseTimeValue)', () => {
  it.each([
    ['5m', 300_000],
    ['5MS', 5],
    ['10S', 10_000],
    ['1H', 3_600_000],
    ['2D', 172_800_000],
    ['3nanos', 3e-6],
    ['4MICROS', 4e-3],
    [' 7s ', 7000],
    ['+5s', 5000],
    ['-1s', -1000],
    ['-1', -1],
    ['-01', -1],
    ['-001', -1],
    ['0', 0],
    ['00', 0],
    ['000', 0],
  ])('reads %j', (text, millis) => {
    expect(parseTimeValue(text, 'timeout')).toEqual({ ok: true, millis });
  });

  it.each([
    [
      '5M',
      'failed to parse setting [timeout] with value [5M] as a time value: unit is missing or unrecognized',
    ],
    [
      '5m ',
      'failed to parse setting [timeout] with value [5m ] as a time value: unit is missing or unrecognized',
    ],
    [
      '1',
      'failed to parse setting [timeout] with value [1] as a time value: unit is missing or unrecognized',
    ],
    [
      '-2',
      'failed to parse setting [timeout] with value [-2] as a time value: unit is missing or unrecognized',
    ],
    [
      'abc',
      'failed to parse setting [timeout] with value [abc] as a time value: unit is missing or unrecognized',
    ],
    [
      '-5s',
      'failed to parse setting [timeout] with value [-5s] as a time value: negative durations are not supported',
    ],
  ])('rejects %j as a 400 illegal_argument_exception without a cause', (text, reason) => {
    const parsed = parseTimeValue(text, 'timeout');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error.status).toBe(400);
      expect(parsed.error.code).toBe('TIME_VALUE_INVALID');
      expect(envelope(parsed.error)).toMatchObject({ type: 'illegal_argument_exception', reason });
      expect(envelope(parsed.error).caused_by).toBeUndefined();
    }
  });

  it.each([
    ['1.5s', 'failed to parse [1.5s], fractional time values are not supported', 'For input string: "1.5"'],
    ['1e3ms', 'failed to parse [1e3ms], fractional time values are not supported', 'For input string: "1e3"'],
    ['xs', 'failed to parse [xs]', 'For input string: "x"'],
    ['s', 'failed to parse [s]', 'For input string: ""'],
  ])('rejects the number of %j with a number_format_exception cause', (text, reason, cause) => {
    const parsed = parseTimeValue(text, 'timeout');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(envelope(parsed.error)).toMatchObject({
        type: 'illegal_argument_exception',
        reason,
        caused_by: { type: 'number_format_exception', reason: cause },
      });
    }
  });

  it('is read back as TIME_VALUE_INVALID by a client', () => {
    const error = parseTimeValue('1.5s', 'timeout');
    const other = parseTimeValue('x', 'master_timeout');
    for (const e of [error, other]) {
      if (!e.ok) {
        expect(fromEnvelope(e.error.status, e.error.body).code).toBe('TIME_VALUE_INVALID');
      }
    }
    expect(
      codeOf(400, 'illegal_argument_exception', 'Failed to parse int parameter [size] with value [x]'),
    ).toBe('BAD_PARAMETER');
  });

  it('applies to _start and _stop query timeouts alike', () => {
    const start = checkStartRequest({ modelId: 'm', query: 'timeout=5M' });
    expect(start.ok || start.error.code).toBe('TIME_VALUE_INVALID');
    const startBody = checkStartRequest({ modelId: 'm', body: '{"timeout":"1.5s"}' });
    expect(startBody.ok).toBe(false);
  });
});

describe('causes and root causes of parse errors (ElasticsearchException)', () => {
  it('reports the innermost parse error as the root cause', () => {
    const r = checkUpdateRequest({ modelId: 'm', body: '{"adaptive_allocations":{"enable":true}}' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      const e = envelope(r.error);
      expect(e.reason).toBe(`[1:26] [${P}] failed to parse field [adaptive_allocations]`);
      expect(e.root_cause).toEqual([
        {
          type: 'x_content_parse_exception',
          reason: '[1:26] [autoscaling_settings] unknown field [enable] did you mean [enabled]?',
        },
      ]);
      expect(e.caused_by).toEqual({
        type: 'x_content_parse_exception',
        reason: '[1:26] [autoscaling_settings] unknown field [enable] did you mean [enabled]?',
      });
    }
  });

  it('keeps the nested parser error as root cause when a value fails below it', () => {
    const r = checkUpdateRequest({ modelId: 'm', body: '{"adaptive_allocations":{"enabled":"yes"}}' });
    if (r.ok) {
      throw new Error('expected a parse error');
    }
    expect(envelope(r.error).root_cause[0]?.reason).toBe(
      '[1:36] [autoscaling_settings] failed to parse field [enabled]',
    );
  });

  it('gives a bad body timeout a plain illegal_argument_exception cause', () => {
    const r = checkUpdateRequest({ modelId: 'm', body: '{"timeout":"1.5s"}' });
    if (r.ok) {
      throw new Error('expected a parse error');
    }
    const e = envelope(r.error);
    expect(e.root_cause).toEqual([
      { type: 'x_content_parse_exception', reason: `[1:12] [${P}] failed to parse field [timeout]` },
    ]);
    expect(e.caused_by).toEqual({
      type: 'illegal_argument_exception',
      reason: 'failed to parse [1.5s], fractional time values are not supported',
      caused_by: { type: 'number_format_exception', reason: 'For input string: "1.5"' },
    });
  });

  it('toCause drops the root_cause; guessParseRootCause stops at a foreign cause', () => {
    const cause = toCause(errors.inconsistentStopId('a', 'b'));
    expect(cause).not.toHaveProperty('root_cause');
    expect(cause.type).toBe('illegal_argument_exception');
    expect(
      guessParseRootCause({
        type: 'x_content_parse_exception',
        reason: 'outer',
        caused_by: { type: 'json_parse_exception', reason: 'jackson' },
      }),
    ).toEqual({ type: 'x_content_parse_exception', reason: 'outer' });
  });
});

describe('_stop body (StopTrainedModelDeploymentAction.Request.PARSER)', () => {
  it('takes model_id, allow_no_match and force', () => {
    const r = checkStopRequest({
      modelId: 'd',
      body: '{"model_id":"d","allow_no_match":false,"force":true}',
    });
    expect(r).toEqual({ ok: true, value: { deployment_id: 'd', allow_no_match: false, force: true } });
  });

  it('names its parser as the action', () => {
    const r = checkStopRequest({ modelId: 'd', body: '{"id":"d"}' });
    if (r.ok) {
      throw new Error('expected a parse error');
    }
    expect(envelope(r.error).reason).toBe(
      '[1:2] [cluster:admin/xpack/ml/trained_models/deployment/stop] unknown field [id]',
    );
  });

  it('rejects a differing model_id with an illegal_argument_exception', () => {
    const r = checkStopRequest({ modelId: 'y', body: '{"model_id":"x"}' });
    if (r.ok) {
      throw new Error('expected an error');
    }
    expect(r.error.status).toBe(400);
    expect(envelope(r.error)).toMatchObject({
      type: 'illegal_argument_exception',
      reason: "Inconsistent model_id; 'x' specified in the body differs from 'y' specified as a URL argument",
    });
    expect(fromEnvelope(r.error.status, r.error.body).code).toBe('BAD_PARAMETER');
  });
});

describe('_start', () => {
  it.each([
    [undefined, 1],
    [{ enabled: true, min_number_of_allocations: 3 }, 3],
    [{ enabled: false, min_number_of_allocations: 3 }, 3],
    [{ min_number_of_allocations: 2, max_number_of_allocations: 4 }, 2],
    [{ enabled: true, min_number_of_allocations: 0 }, 1],
    [{ enabled: true, max_number_of_allocations: 4 }, 1],
  ])('computeNumberOfAllocations(%j) is %i', (adaptive, n) => {
    expect(computeNumberOfAllocations(adaptive)).toBe(n);
  });

  it('starts min allocations from adaptive settings even when they are disabled', () => {
    const r = checkStartRequest({
      modelId: 'm',
      body: '{"adaptive_allocations":{"enabled":false,"min_number_of_allocations":3,"max_number_of_allocations":4}}',
    });
    expect(r.ok && r.value.number_of_allocations).toBe(3);
  });

  it('warns about model_threads with the parser name and location', () => {
    const r = checkStartRequest({ modelId: 'm', body: '{"model_threads":1}' });
    expect(r.ok && r.value.warnings).toEqual([
      '[cluster:admin/xpack/ml/trained_models/deployment/start][1:2] Deprecated field [model_threads] used, expected [number_of_allocations] instead',
    ]);
  });

  it('reads a numeric cache_size as ByteSizeValue does (0 only) and null adaptive settings', () => {
    const r = checkStartRequest({ modelId: 'm', body: '{"cache_size":0,"adaptive_allocations":null}' });
    expect(r.ok && [r.value.cache_size, r.value.adaptive_allocations]).toEqual(['0', undefined]);
    // A number other than 0 or -1 has no unit: refused (docs/rules.md, "Byte sizes").
    const refused = checkStartRequest({ modelId: 'm', body: '{"cache_size":1024}' });
    expect(!refused.ok && refused.error.body).toMatchObject({ error: { type: 'x_content_parse_exception' } });
  });

  it('has a builder for an existing deployment id', () => {
    const e = errors.deploymentIdExists('d');
    expect(e.status).toBe(400);
    expect(envelope(e)).toMatchObject({
      type: 'status_exception',
      reason: 'Could not start model deployment because an existing deployment with the same id [d] exist',
    });
    expect(fromEnvelope(e.status, e.body).code).toBe('DEPLOYMENT_ID_EXISTS');
  });
});

describe('_update of a low-priority deployment', () => {
  const low: DeploymentSnapshot = {
    number_of_allocations: 1,
    adaptive_allocations: null,
    assignment_state: 'started',
    priority: 'low',
  };
  const plan = (body: string, current: DeploymentSnapshot = low) => {
    const checked = checkUpdateRequest({ modelId: 'm', body });
    if (!checked.ok) {
      throw new Error('expected the request to pass');
    }
    return planUpdate(current, checked.value);
  };

  it('rejects more than one allocation', () => {
    const p = plan('{"number_of_allocations":2}');
    expect(p.kind === 'error' && envelope(p.error).reason).toBe(
      'Validation Failed: 1: [number_of_allocations] must be 1 when [priority] is low;',
    );
  });

  it('rejects an adaptive maximum above one, merged with the stored settings', () => {
    const current = { ...low, adaptive_allocations: { enabled: false, max_number_of_allocations: 4 } };
    const p = plan('{"adaptive_allocations":{"enabled":true}}', current);
    expect(p.kind === 'error' && p.error.status).toBe(400);
  });

  it('lets a normal deployment grow and a low one stay at one', () => {
    expect(plan('{"number_of_allocations":2}', { ...low, priority: 'normal' }).kind).toBe('apply');
    expect(plan('{"number_of_allocations":1}').kind).toBe('noop');
    expect(checkLowPriorityUpdate(undefined, 5, undefined, null)).toEqual([]);
    expect(checkLowPriorityUpdate('low', undefined, { enabled: true }, { enabled: true })).toEqual([]);
  });
});

describe('byte sizes (ByteSizeValue.toString)', () => {
  it.each([
    [0, '0b'],
    [1023, '1023b'],
    [1024, '1kb'],
    [1536, '1.5kb'],
    [1630, '1.5kb'],
    [265_632_637, '253.3mb'],
    [1024 ** 3 - 1, '1023.9mb'],
    [1024 ** 3, '1gb'],
    [5 * 1024 ** 4, '5tb'],
  ])('writes %i bytes as %s', (bytes, text) => {
    expect(byteSizeToString(bytes)).toBe(text);
  });
});
