// The third audit of Elasticsearch's source (docs/rules.md): ordering, byte sizes, model memory
// and the query options of GET trained models, as core's rules.
import { describe, expect, it } from 'vitest';
import {
  calculateAssignmentState,
  checkListRequest,
  checkScaleToZeroTime,
  checkStartRequest,
  compareJavaStrings,
  deploymentStatsState,
  ELSER_MEMORY_BYTES,
  estimateDeploymentMemoryBytes,
  estimateModelMemoryBytes,
  INCLUDE_MODEL_DEFINITION_WARNING,
  javaHashSetOrder,
  javaStringHashCode,
  parseByteSizeValue,
  processCrashReason,
  scaleToZeroTimeMs,
  versionRefusal,
} from '../src/rules.js';

const MB = 1024 * 1024;

describe('ordering (String.compareTo)', () => {
  it('sorts by UTF-16 code units: - before 0 before A before _ before a', () => {
    const ids = ['a_b', 'a-b', 'a0', 'aB', 'a.b', 'ab'];
    expect([...ids].sort(compareJavaStrings)).toEqual(['a-b', 'a.b', 'a0', 'aB', 'a_b', 'ab']);
    // localeCompare disagrees, which is why the mock does not use it.
    expect([...ids].sort((x, y) => x.localeCompare(y))).not.toEqual([...ids].sort(compareJavaStrings));
  });

  it("computes Java's String.hashCode and a HashSet's iteration order", () => {
    expect(javaStringHashCode('definition')).toBe(-1014418093);
    expect(javaStringHashCode('')).toBe(0);
    expect(
      javaHashSetOrder([
        'definition',
        'total_feature_importance',
        'feature_importance_baseline',
        'hyperparameters',
      ]),
    ).toEqual(['hyperparameters', 'definition', 'feature_importance_baseline', 'total_feature_importance']);
  });
});

describe('ByteSizeValue.parseBytesSizeValue', () => {
  const bytes = (text: string) => {
    const r = parseByteSizeValue(text, 'cache_size');
    return r.ok ? [r.bytes, r.stringRep] : r.error.body;
  };

  it('reads units in any case, and 0 and -1 without one', () => {
    expect(bytes('1630b')).toEqual([1630, '1630b']);
    expect(bytes('10kb')).toEqual([10240, '10kb']);
    expect(bytes('1GB')).toEqual([1024 ** 3, '1gb']);
    expect(bytes('2m')).toEqual([2 * MB, '2mb']);
    expect(bytes('0')).toEqual([0, '0']);
    expect(bytes('0b')).toEqual([0, '0']);
    expect(bytes('-1')).toEqual([-1, '-1']);
    expect(bytes(' 5 kb ')).toEqual([5120, '5kb']);
  });

  it('reads fractions of a unit with at most two decimals', () => {
    expect(bytes('1.5mb')).toEqual([1.5 * MB, `${1.5 * MB}b`]);
    expect(bytes('0.25kb')).toEqual([256, '256b']);
    expect(bytes('1.125kb')).toMatchObject({
      error: {
        type: 'parse_exception',
        reason: 'more than two decimal places in setting [cache_size] with value [1.125kb]',
      },
    });
  });

  it('refuses a number without a unit, with the parse_exception Elasticsearch answers', () => {
    expect(bytes('100')).toEqual({
      error: {
        root_cause: [
          {
            type: 'parse_exception',
            reason:
              'failed to parse setting [cache_size] with value [100] as a size in bytes: unit is missing or unrecognized',
          },
        ],
        type: 'parse_exception',
        reason:
          'failed to parse setting [cache_size] with value [100] as a size in bytes: unit is missing or unrecognized',
      },
      status: 400,
    });
    expect(bytes('abc')).toMatchObject({
      error: {
        reason:
          'failed to parse setting [cache_size] with value [abc] as a size in bytes: unit is missing or unrecognized',
      },
    });
  });

  it('refuses a unit without a number, and sizes below -1 bytes', () => {
    expect(bytes('xkb')).toMatchObject({
      error: {
        reason: 'failed to parse setting [cache_size] with value [xkb]',
        caused_by: { type: 'number_format_exception', reason: 'For input string: "x"' },
      },
    });
    expect(bytes('-5kb')).toMatchObject({
      error: {
        reason: 'failed to parse setting [cache_size] with value [-5kb] as a size in bytes',
        caused_by: {
          type: 'illegal_argument_exception',
          reason: 'Values less than -1 bytes are not supported: -5kb',
        },
      },
    });
  });
});

describe('StartTrainedModelDeploymentAction.estimateMemoryUsageBytes', () => {
  const model = (model_id: string, size: number, perDeployment = 0, perAllocation = 0) => ({
    model_id,
    model_size_bytes: size,
    per_deployment_memory_bytes: perDeployment,
    per_allocation_memory_bytes: perAllocation,
  });

  it('is 240mb + 2 × size for a model without memory of its own', () => {
    expect(estimateModelMemoryBytes(model('m', 100 * MB), 3)).toBe(440 * MB);
  });

  it('is 2004mb for ELSER v1 and v2, whatever the size and allocations', () => {
    for (const id of ['.elser_model_1', '.elser_model_2', '.elser_model_2_linux-x86_64']) {
      expect(estimateModelMemoryBytes(model(id, 438_123_914), 1)).toBe(ELSER_MEMORY_BYTES);
      expect(estimateModelMemoryBytes(model(id, 438_123_914), 4)).toBe(2004 * MB);
    }
    expect(estimateModelMemoryBytes(model('.elser_model_3', 10 * MB), 1)).toBe(260 * MB);
  });

  it('follows the linear estimate once a model (ELSER too) has memory of its own', () => {
    // StartTrainedModelDeploymentTaskParamsTests.testEstimateMemoryUsageBytesForElserWithObservedMemoryUsesLinearEstimate
    expect(estimateModelMemoryBytes(model('.elser_model_2', 30 * MB, 300 * MB, 400 * MB), 3)).toBe(1530 * MB);
  });

  it('never goes below 240mb + 2 × size (E5 carries its memory in its package)', () => {
    expect(estimateModelMemoryBytes(model('.multilingual-e5-small', 100 * MB, 10 * MB, 5 * MB), 2)).toBe(
      440 * MB,
    );
    expect(estimateModelMemoryBytes(model('.multilingual-e5-small', 100 * MB, 300 * MB, 50 * MB), 2)).toBe(
      500 * MB,
    );
  });

  it('is 0 for 0 allocations, and adds a cache larger than the model', () => {
    expect(estimateModelMemoryBytes(model('.elser_model_2', 1), 0)).toBe(0);
    expect(estimateDeploymentMemoryBytes(model('m', 100 * MB), 1, 150 * MB)).toBe(490 * MB);
    expect(estimateDeploymentMemoryBytes(model('m', 100 * MB), 1, 50 * MB)).toBe(440 * MB);
  });
});

describe('_start cache_size', () => {
  const start = (query: string, body?: unknown) =>
    checkStartRequest({ modelId: 'm', query, body: body === undefined ? undefined : JSON.stringify(body) });

  it('refuses a query value without a unit with the parse_exception itself', () => {
    const r = start('cache_size=100');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.status).toBe(400);
    expect(!r.ok && r.error.body).toMatchObject({
      error: {
        type: 'parse_exception',
        reason: expect.stringContaining('[cache_size] with value [100] as a size'),
      },
    });
  });

  it('wraps a bad body value in failed to parse field [cache_size]', () => {
    const r = start('', { cache_size: 100 });
    expect(!r.ok && r.error.body).toMatchObject({
      error: {
        type: 'x_content_parse_exception',
        reason:
          '[1:15] [cluster:admin/xpack/ml/trained_models/deployment/start] failed to parse field [cache_size]',
        caused_by: {
          type: 'parse_exception',
          reason:
            'failed to parse setting [cache_size] with value [100] as a size in bytes: unit is missing or unrecognized',
        },
      },
    });
  });

  it('takes deployment_id from the query or the model id, never from the body', () => {
    // RestStartTrainedModelDeploymentAction: param(deployment_id, modelId), then parseRequest sets it.
    const body = start('', { deployment_id: 'from-body' });
    expect(body.ok && body.value.deployment_id).toBe('m');
    const query = start('deployment_id=from-query', { deployment_id: 'from-body' });
    expect(query.ok && query.value.deployment_id).toBe('from-query');
  });

  it('keeps the value as ByteSizeValue.getStringRep writes it', () => {
    const r = start('', { cache_size: '1GB' });
    expect(r.ok && r.value.cache_size).toBe('1gb');
    const zero = start('cache_size=0b');
    expect(zero.ok && zero.value.cache_size).toBe('0');
  });
});

describe('GET trained models query options', () => {
  const models = (query: string) => checkListRequest({ kind: 'models', query });

  it('refuses an unknown include before reading from and size', () => {
    const r = models('include=definitions,foo&from=x');
    expect(!r.ok && r.error.body).toEqual({
      error: {
        root_cause: [
          {
            type: 'status_exception',
            reason:
              'unknown [include] parameters [foo, definitions]. Valid options are [hyperparameters, definition, feature_importance_baseline, definition_status, total_feature_importance]',
          },
        ],
        type: 'status_exception',
        reason:
          'unknown [include] parameters [foo, definitions]. Valid options are [hyperparameters, definition, feature_importance_baseline, definition_status, total_feature_importance]',
      },
      status: 400,
    });
  });

  it('reads every known include, tags and exclude_generated', () => {
    const r = models('include=definition_status,hyperparameters&tags=a,b&exclude_generated=true');
    expect(r.ok && r.value).toMatchObject({
      include: ['hyperparameters', 'definition_status'],
      tags: ['a', 'b'],
      exclude_generated: true,
    });
  });

  it('reads include_model_definition with a warning; versionRefusal refuses it from 9.0', () => {
    const read = models('include_model_definition=true');
    expect(read.ok && read.value).toMatchObject({
      include: ['definition'],
      warnings: [INCLUDE_MODEL_DEFINITION_WARNING],
    });
    const request = {
      key: 'models' as const,
      method: 'GET',
      path: '/_ml/trained_models',
      params: {},
      query: 'include_model_definition=true',
      body: undefined,
    };
    expect(versionRefusal('8.19.0', request)).toBeUndefined();
    expect(versionRefusal('9.0.0', request)?.body).toMatchObject({
      error: {
        type: 'illegal_argument_exception',
        reason: expect.stringContaining('unrecognized parameter: [include_model_definition]'),
      },
    });
  });

  it('does not read include or tags on _stats', () => {
    const r = checkListRequest({ kind: 'stats', query: 'include=definition' });
    expect(!r.ok && r.error.body).toMatchObject({
      error: { reason: expect.stringContaining('unrecognized parameter: [include]') },
    });
  });
});

describe('failure states', () => {
  it('derives the assignment state from the routes (Builder.calculateAssignmentState)', () => {
    // TrainedModelAssignmentTests: testCalculateAssignmentState_* cases.
    expect(calculateAssignmentState(false, 5, ['starting', 'starting'])).toBe('starting');
    expect(calculateAssignmentState(false, 5, ['starting', 'started'])).toBe('started');
    expect(calculateAssignmentState(false, 5, ['failed', 'failed'])).toBe('starting');
    expect(calculateAssignmentState(false, 5, [])).toBe('starting');
    expect(calculateAssignmentState(false, 0, [])).toBe('started');
    expect(calculateAssignmentState(true, 5, ['started'])).toBe('stopping');
  });

  it('reads failed in the stats only when every route failed', () => {
    expect(deploymentStatsState('starting', undefined, ['failed', 'failed'])).toEqual({
      state: 'failed',
      reason: 'All node routes are failed; see node route reason for details',
    });
    expect(deploymentStatsState('starting', 'own reason', ['failed'])).toEqual({
      state: 'failed',
      reason: 'own reason',
    });
    expect(deploymentStatsState('started', undefined, ['failed', 'started'])).toEqual({
      state: 'started',
      reason: undefined,
    });
    expect(deploymentStatsState('starting', undefined, [])).toEqual({ state: 'starting', reason: undefined });
    expect(processCrashReason('oom')).toBe('inference process crashed due to reason [oom]');
  });
});

describe('scale-to-zero time (#128914)', () => {
  it('is 24 hours by default from 9.1, a fixed 15 minutes before', () => {
    expect(scaleToZeroTimeMs('9.4.0')).toBe(24 * 60 * 60_000);
    expect(scaleToZeroTimeMs('9.1.0')).toBe(24 * 60 * 60_000);
    expect(scaleToZeroTimeMs('9.0.3')).toBe(15 * 60_000);
    expect(scaleToZeroTimeMs('8.19.0', '1h')).toBe(15 * 60_000);
    expect(scaleToZeroTimeMs('9.4.0', '1h')).toBe(60 * 60_000);
  });

  it('takes a time value of at least 15 minutes', () => {
    expect(checkScaleToZeroTime('15m')).toEqual({ ok: true, ms: 15 * 60_000 });
    expect(checkScaleToZeroTime('10m')).toEqual({
      ok: false,
      message:
        'failed to parse value [10m] for setting [xpack.ml.trained_models.adaptive_allocations.scale_to_zero_time], must be >= [15m]',
    });
    expect(checkScaleToZeroTime('abc').ok).toBe(false);
  });
});
