import { describe, expect, it } from 'vitest';
import {
  type CurrentDeployment,
  checkForm,
  type FormValues,
  fieldOf,
  initialValues,
  toInput,
} from './update-form.js';

const fixed: CurrentDeployment = {
  deploymentId: 'd1',
  numberOfAllocations: 1,
  adaptive: null,
  state: 'started',
};
const adaptiveOn: CurrentDeployment = {
  ...fixed,
  adaptive: { enabled: true, min_number_of_allocations: 1, max_number_of_allocations: 4 },
};
const values = (v: Partial<FormValues>): FormValues => ({
  adaptive: false,
  allocations: '',
  min: '',
  max: '',
  ...v,
});

describe('initialValues', () => {
  it('starts from the deployment as it is', () => {
    expect(initialValues(fixed)).toEqual({ adaptive: false, allocations: '1', min: '1', max: '1' });
    expect(initialValues(adaptiveOn)).toEqual({ adaptive: true, allocations: '1', min: '1', max: '4' });
  });
});

describe('toInput', () => {
  it('sends a fixed number alone when adaptive allocations are off', () => {
    expect(toInput(values({ allocations: '4' }), fixed)).toEqual({ input: { number_of_allocations: 4 } });
  });

  it('switches adaptive allocations off together with the number, as Kibana does', () => {
    expect(toInput(values({ allocations: '3' }), adaptiveOn)).toEqual({
      input: { number_of_allocations: 3, adaptive_allocations: { enabled: false } },
    });
  });

  it('sends only the bounds that are filled in', () => {
    expect(toInput(values({ adaptive: true, min: '0', max: '' }), fixed)).toEqual({
      input: { adaptive_allocations: { enabled: true, min_number_of_allocations: 0 } },
    });
  });

  it('asks for a number when the field is empty or unreadable', () => {
    expect(toInput(values({ allocations: '' }), fixed)).toMatchObject({ missing: 'allocations' });
    expect(toInput(values({ adaptive: true, max: 'NaN' }), fixed)).toMatchObject({ missing: 'max' });
  });
});

describe('checkForm', () => {
  it('gives core’s exact message for min above max', () => {
    expect(checkForm(values({ adaptive: true, min: '5', max: '2' }), fixed)).toEqual({
      kind: 'invalid',
      field: 'min',
      type: 'action_request_validation_exception',
      reason:
        'Validation Failed: 1: [min_number_of_allocations] must not be larger than [max_number_of_allocations];',
      causedBy: undefined,
    });
  });

  it('gives core’s exact message for zero allocations', () => {
    expect(checkForm(values({ allocations: '0' }), fixed)).toMatchObject({
      kind: 'invalid',
      field: 'allocations',
      reason: 'Validation Failed: 1: [number_of_allocations] must be a positive integer;',
    });
  });

  it('keeps the cause of a parse error', () => {
    expect(checkForm(values({ allocations: '99999999999' }), fixed)).toMatchObject({
      kind: 'invalid',
      field: 'allocations',
      type: 'x_content_parse_exception',
      causedBy:
        'input_coercion_exception: Numeric value (99999999999) out of range of int (-2147483648 - 2147483647)',
    });
  });

  it('applies the state rules: a deployment that is not started cannot be updated', () => {
    expect(checkForm(values({ allocations: '2' }), { ...fixed, state: 'starting' })).toMatchObject({
      kind: 'invalid',
      type: 'status_exception',
      reason: 'cannot update deployment that is not in [started] state',
    });
  });

  it('says when nothing would change', () => {
    expect(checkForm(values({ allocations: '1' }), fixed)).toMatchObject({ kind: 'noop' });
  });

  it('is ready with the exact body, and says when the server reads a different number', () => {
    expect(checkForm(values({ allocations: '4' }), fixed)).toEqual({
      kind: 'ready',
      input: { number_of_allocations: 4 },
      request: {
        method: 'POST',
        path: '/_ml/trained_models/d1/deployment/_update',
        query: '',
        body: '{"number_of_allocations":4}',
        route: 'POST /_ml/trained_models/{model_id}/deployment/_update',
      },
      effective: undefined,
    });
    expect(checkForm(values({ allocations: '2.5' }), fixed)).toMatchObject({ kind: 'ready', effective: 2 });
  });
});

describe('fieldOf', () => {
  it('finds the field a message names', () => {
    expect(fieldOf('[max_number_of_allocations] must be a positive integer or null')).toBe('max');
    expect(fieldOf('request body is required')).toBeUndefined();
  });
});
