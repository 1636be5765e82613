import type { ErrorView } from '@mldeploy/client';
import { h } from './dom.js';

/** A definition list with the error's type, reason and what else is known (the client's `describeError`). */
export function errorView(title: string, info: ErrorView): HTMLElement {
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
