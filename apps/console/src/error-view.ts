import { ApiError } from '@mldeploy/client';
import { h } from './dom.js';

/** An error as the console shows it: Elasticsearch's `type` and `reason`, with status, cause and hint. */
export interface ErrorInfo {
  type: string;
  reason: string;
  status: number;
  causedBy: string | undefined;
  hint: string | undefined;
}

/** Reads any thrown value; an {@link ApiError} keeps Elasticsearch's own type and reason verbatim. */
export function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof ApiError) {
    const cause = error.causedBy;
    return {
      type: error.type,
      reason: error.reason,
      status: error.status,
      causedBy: cause ? `${cause.type}: ${cause.reason ?? ''}` : undefined,
      hint: error.info.hint,
    };
  }
  return {
    type: 'error',
    reason: error instanceof Error ? error.message : String(error),
    status: 0,
    causedBy: undefined,
    hint: undefined,
  };
}

/** A definition list with the error's type, reason and what else is known. */
export function errorView(title: string, info: ErrorInfo): HTMLElement {
  return h(
    'div',
    { class: 'error' },
    h('p', { class: 'error-title' }, title),
    h(
      'dl',
      {},
      h('dt', {}, 'type'),
      h('dd', { 'data-error': 'type' }, h('code', {}, info.type)),
      h('dt', {}, 'reason'),
      h('dd', { 'data-error': 'reason' }, info.reason),
      info.status > 0 && h('dt', {}, 'status'),
      info.status > 0 && h('dd', { 'data-error': 'status' }, String(info.status)),
      info.causedBy !== undefined && h('dt', {}, 'caused by'),
      info.causedBy !== undefined && h('dd', { 'data-error': 'caused-by' }, info.causedBy),
      info.hint !== undefined && h('dt', {}, 'what to do'),
      info.hint !== undefined && h('dd', { 'data-error': 'hint' }, info.hint),
    ),
  );
}
