import {
  checkListRequest,
  checkStartRequest,
  checkStopRequest,
  parseTimeValue,
  supports,
} from '@mldeploy/core';
import { describe, expect, it } from 'vitest';

const reason = (r: { ok: boolean; error?: { body: { error: unknown } } }) => {
  const e = r.error?.body.error;
  return typeof e === 'string' ? e : (e as { reason?: string } | undefined)?.reason;
};

describe('time values', () => {
  it.each([
    ['30s', 30_000],
    ['1m', 60_000],
    ['500ms', 500],
    ['-1', -1],
    ['0', 0],
    ['2h', 7_200_000],
  ])('parses %s', (text, millis) => {
    expect(parseTimeValue(text, 'timeout')).toEqual({ ok: true, millis });
  });

  it('rejects fractional values with the server message', () => {
    expect(reason(parseTimeValue('1.5s', 'timeout') as never)).toBe(
      'failed to parse [1.5s], fractional time values are not supported',
    );
  });
});

describe('checkStartRequest', () => {
  it('fills in the server defaults', () => {
    const r = checkStartRequest({ modelId: 'm' });
    expect(r.ok && r.value).toMatchObject({
      deployment_id: 'm',
      number_of_allocations: 1,
      threads_per_allocation: 1,
      queue_capacity: 10_000,
      priority: 'normal',
      wait_for: 'started',
    });
  });

  it('starts with min allocations when adaptive allocations are enabled', () => {
    const r = checkStartRequest({
      modelId: 'm',
      body: '{"adaptive_allocations":{"enabled":true,"min_number_of_allocations":3,"max_number_of_allocations":5}}',
    });
    expect(r.ok && r.value.number_of_allocations).toBe(3);
  });

  it('rejects threads that are not a power of two', () => {
    expect(reason(checkStartRequest({ modelId: 'm', query: 'threads_per_allocation=3' }))).toBe(
      'Validation Failed: 1: [threads_per_allocation] must be a power of 2 less than or equal to 32;',
    );
  });

  it('rejects more than one allocation at low priority', () => {
    expect(reason(checkStartRequest({ modelId: 'm', query: 'priority=low&number_of_allocations=2' }))).toBe(
      'Validation Failed: 1: [number_of_allocations] must be 1 when [priority] is low;',
    );
  });

  it('rejects a body value that differs from the query value', () => {
    expect(
      reason(
        checkStartRequest({
          modelId: 'm',
          query: 'threads_per_allocation=2',
          body: '{"threads_per_allocation":4}',
        }),
      ),
    ).toBe('The parameter 4 in the body is different from the parameter 2 in the query');
  });

  it('treats a negative query number as unset', () => {
    const r = checkStartRequest({ modelId: 'm', query: 'number_of_allocations=-1' });
    expect(r.ok && r.value.number_of_allocations).toBe(1);
  });
});

describe('checkStopRequest and checkListRequest', () => {
  it('reads force from the query without a body', () => {
    const r = checkStopRequest({ modelId: 'd', query: 'force=true' });
    expect(r.ok && r.value).toEqual({ deployment_id: 'd', allow_no_match: true, force: true });
  });

  it('rejects a query parameter that a body made unread', () => {
    expect(reason(checkStopRequest({ modelId: 'd', query: 'force', body: '{"force":true}' }))).toBe(
      'request [/_ml/trained_models/d/deployment/_stop] contains unrecognized parameter: [force]',
    );
  });

  it('rejects a bad boolean', () => {
    expect(reason(checkStopRequest({ modelId: 'd', query: 'force=yes' }))).toBe(
      'Failed to parse value [yes] as only [true] or [false] are allowed.',
    );
  });

  it('parses ids and paging for stats', () => {
    const r = checkListRequest({ kind: 'stats', modelId: 'a,b*', query: 'size=5' });
    expect(r.ok && r.value).toEqual({
      ids: ['a', 'b*'],
      allow_no_match: true,
      from: 0,
      size: 5,
      include: [],
      tags: [],
      exclude_generated: false,
      warnings: [],
    });
  });
});

describe('feature versions', () => {
  it('knows adaptive allocations arrived in 8.15', () => {
    expect(supports('8.14.3', 'adaptiveAllocations')).toBe(false);
    expect(supports('8.15.0', 'adaptiveAllocations')).toBe(true);
    expect(supports('9.1.0-SNAPSHOT', 'adaptiveAllocations')).toBe(true);
  });
});
