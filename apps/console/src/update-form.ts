import {
  describeError,
  fixedAllocations,
  type PreparedRequest,
  prepareUpdate,
  type UpdateDeploymentInput,
} from '@mldeploy/client';
import {
  type AdaptiveSettings,
  ASSIGNMENT_STATES,
  type DeploymentSnapshot,
  type EsError,
  isAdaptiveEnabled,
} from '@mldeploy/core/rules';

/** The update panel's fields as typed. */
export interface FormValues {
  /** The "Adaptive resources" switch. */
  adaptive: boolean;
  allocations: string;
  min: string;
  max: string;
}

/** Which field a message is about, so it can be marked invalid. */
export type FormField = 'allocations' | 'min' | 'max';

/** What the deployment looks like now, for the rules that depend on it. */
export interface CurrentDeployment {
  deploymentId: string;
  numberOfAllocations: number;
  adaptive: AdaptiveSettings | null;
  state: string;
}

/** The outcome of checking the form. */
export type FormCheck =
  /** A field is empty or not a number, so there is no request to check yet (a local prompt). */
  | { kind: 'incomplete'; field: FormField; message: string }
  /** Elasticsearch would reject this request: its own type and reason, from core. */
  | {
      kind: 'invalid';
      field: FormField | undefined;
      type: string;
      reason: string;
      /** `type: reason` of the cause, as the client's `describeError` words it. */
      causedBy: string | undefined;
    }
  /** Elasticsearch would accept it and change nothing; `request` is what the client would send. */
  | { kind: 'noop'; input: UpdateDeploymentInput; request: PreparedRequest }
  /** Ready to send; `effective` is the number Elasticsearch will read when it differs from the text. */
  | {
      kind: 'ready';
      input: UpdateDeploymentInput;
      request: PreparedRequest;
      effective: number | undefined;
    };

/** The form's starting values for a deployment: its current mode, number and bounds. */
export function initialValues(current: CurrentDeployment): FormValues {
  const adaptive = current.adaptive;
  return {
    adaptive: isAdaptiveEnabled(adaptive),
    allocations: String(Math.max(current.numberOfAllocations, 1)),
    min: String(adaptive?.min_number_of_allocations ?? 1),
    max: String(adaptive?.max_number_of_allocations ?? Math.max(current.numberOfAllocations, 1)),
  };
}

/**
 * The `_update` input the form stands for. Fixed mode sends the number the client's way
 * (`fixedAllocations`: with `adaptive_allocations: { enabled: false }` while adaptive allocations are
 * on). Adaptive mode sends `enabled: true` and the bounds that are filled in.
 */
export function toInput(
  values: FormValues,
  current: CurrentDeployment,
): { input: UpdateDeploymentInput } | { missing: FormField; message: string } {
  if (!values.adaptive) {
    const n = readNumber(values.allocations);
    if (n === undefined) {
      return { missing: 'allocations', message: 'Enter the number of allocations.' };
    }
    return { input: fixedAllocations(n, current.adaptive) };
  }
  const settings: { enabled: true; min_number_of_allocations?: number; max_number_of_allocations?: number } =
    {
      enabled: true,
    };
  for (const [field, key] of [
    ['min', 'min_number_of_allocations'],
    ['max', 'max_number_of_allocations'],
  ] as const) {
    const text = values[field].trim();
    if (text === '') {
      continue; // Not sent: the server keeps what it has.
    }
    const n = readNumber(text);
    if (n === undefined) {
      return {
        missing: field,
        message: 'Enter a number, or leave the field empty to keep the current bound.',
      };
    }
    settings[key] = n;
  }
  return { input: { adaptive_allocations: settings } };
}

/**
 * Checks the form as Elasticsearch would check the request, with the client's `prepareUpdate`: the
 * REST layer and `validate()` (the same messages as the server), then the rules that depend on the
 * deployment's state. Messages are core's, never rewritten.
 */
export function checkForm(values: FormValues, current: CurrentDeployment): FormCheck {
  const built = toInput(values, current);
  if ('missing' in built) {
    return { kind: 'incomplete', field: built.missing, message: built.message };
  }
  const snapshot: DeploymentSnapshot | undefined = isAssignmentState(current.state)
    ? {
        number_of_allocations: current.numberOfAllocations,
        adaptive_allocations: current.adaptive,
        assignment_state: current.state,
      }
    : undefined;
  const { request, check } = prepareUpdate(current.deploymentId, built.input, {}, snapshot);
  if (!check.ok) {
    return invalid(check.error);
  }
  if (check.noop) {
    return { kind: 'noop', input: built.input, request };
  }
  const typed = 'number_of_allocations' in built.input ? built.input.number_of_allocations : undefined;
  const read = check.request.number_of_allocations;
  return {
    kind: 'ready',
    input: built.input,
    request,
    effective: typed !== undefined && read !== undefined && read !== typed ? read : undefined,
  };
}

/** The field a server message names (`[min_number_of_allocations] ...`), if any. */
export function fieldOf(reason: string): FormField | undefined {
  if (reason.includes('[min_number_of_allocations]')) {
    return 'min';
  }
  if (reason.includes('[max_number_of_allocations]')) {
    return 'max';
  }
  if (reason.includes('[number_of_allocations]')) {
    return 'allocations';
  }
  return undefined;
}

function invalid(error: EsError): FormCheck {
  const { type, reason, causedBy } = describeError(error);
  return { kind: 'invalid', field: fieldOf(`${reason} ${causedBy ?? ''}`), type, reason, causedBy };
}

/** A finite number from the field text; undefined for empty or non-numeric text. */
function readNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') {
    return undefined;
  }
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : undefined;
}

function isAssignmentState(state: string): state is DeploymentSnapshot['assignment_state'] {
  return (ASSIGNMENT_STATES as readonly string[]).includes(state);
}
