import {
  adaptiveRange,
  describeError,
  type MlDeployClient,
  type UpdateDeploymentResponse,
} from '@mldeploy/client';
import { h, replace, toggleAttr, uid } from './dom.js';
import { errorView } from './error-view.js';
import {
  type CurrentDeployment,
  checkForm,
  type FormCheck,
  type FormValues,
  initialValues,
} from './update-form.js';

/** What an update panel needs from the page. */
export interface UpdatePanelHost {
  client(): MlDeployClient;
  /** The node requests go to, for the preview. */
  nodeUrl(): string;
  /** Called with the server's answer after a successful update. */
  onUpdated(deploymentId: string, response: UpdateDeploymentResponse): void;
}

/**
 * The form that changes one deployment's allocations: a fixed number, or adaptive bounds behind an
 * "Adaptive resources" switch. Every keystroke is checked with core (the server's own messages); the
 * exact request is shown before it is sent, and Send stays disabled while the request is invalid.
 */
export class UpdatePanel {
  readonly element: HTMLFormElement;
  #current: CurrentDeployment;
  #dirty = false;
  #sending = false;
  #check: FormCheck;
  readonly #adaptive: HTMLInputElement;
  readonly #allocations: HTMLInputElement;
  readonly #min: HTMLInputElement;
  readonly #max: HTMLInputElement;
  readonly #fixedGroup: HTMLElement;
  readonly #adaptiveGroup: HTMLElement;
  readonly #message: HTMLElement;
  readonly #preview: HTMLElement;
  readonly #previewLabel: HTMLElement;
  readonly #send: HTMLButtonElement;
  readonly #result: HTMLElement;

  constructor(
    current: CurrentDeployment,
    private readonly host: UpdatePanelHost,
  ) {
    this.#current = current;
    const id = uid('update');
    const ids = {
      adaptive: `${id}-adaptive`,
      adaptiveHint: `${id}-adaptive-hint`,
      allocations: `${id}-allocations`,
      min: `${id}-min`,
      max: `${id}-max`,
      message: `${id}-message`,
      preview: `${id}-preview`,
    };
    const described = ids.message;
    const numberInput = (inputId: string, name: string) =>
      h('input', {
        id: inputId,
        name,
        type: 'number',
        inputmode: 'numeric',
        step: 1,
        autocomplete: 'off',
        'aria-describedby': described,
      });
    this.#adaptive = h('input', {
      id: ids.adaptive,
      name: 'adaptive',
      type: 'checkbox',
      role: 'switch',
      class: 'switch',
      'aria-describedby': ids.adaptiveHint,
    });
    this.#allocations = numberInput(ids.allocations, 'number_of_allocations');
    this.#min = numberInput(ids.min, 'min_number_of_allocations');
    this.#max = numberInput(ids.max, 'max_number_of_allocations');
    this.#fixedGroup = h(
      'div',
      { class: 'field' },
      h('label', { for: ids.allocations }, 'Number of allocations'),
      this.#allocations,
    );
    this.#adaptiveGroup = h(
      'div',
      { class: 'field-row' },
      h('div', { class: 'field' }, h('label', { for: ids.min }, 'Minimum allocations'), this.#min),
      h('div', { class: 'field' }, h('label', { for: ids.max }, 'Maximum allocations'), this.#max),
    );
    this.#message = h('p', { id: ids.message, class: 'check', 'aria-live': 'polite', 'data-check': '' });
    this.#preview = h('pre', { id: ids.preview, class: 'request', 'data-request': '' });
    this.#previewLabel = h('p', { class: 'request-label' }, 'Request');
    this.#send = h('button', { type: 'submit', class: 'primary' }, 'Send');
    this.#result = h('div', { class: 'result', role: 'status', 'aria-live': 'polite', 'data-result': '' });

    this.element = h(
      'form',
      { class: 'update', novalidate: true, 'aria-label': `Change allocations of ${current.deploymentId}` },
      h(
        'fieldset',
        {},
        h('legend', {}, 'Change allocations'),
        h(
          'div',
          { class: 'switch-row' },
          this.#adaptive,
          h('label', { for: ids.adaptive }, 'Adaptive resources'),
        ),
        h(
          'p',
          { id: ids.adaptiveHint, class: 'hint' },
          'On: Elasticsearch scales allocations between the bounds with the load. Off: a fixed number.',
        ),
        this.#fixedGroup,
        this.#adaptiveGroup,
        this.#message,
        this.#previewLabel,
        this.#preview,
        h('div', { class: 'actions' }, this.#send),
        this.#result,
      ),
    );
    this.#check = { kind: 'incomplete', field: 'allocations', message: '' };
    this.setValues(initialValues(current));

    this.element.addEventListener('input', () => {
      this.#dirty = true;
      if (!this.#sending) {
        replace(this.#result); // The last answer was about another request.
      }
      this.refresh();
    });
    this.element.addEventListener('change', () => this.refresh());
    this.element.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.send();
    });
  }

  /** Takes the deployment's latest state; an untouched form follows it, a touched one is re-checked. */
  setCurrent(current: CurrentDeployment): void {
    this.#current = current;
    if (!this.#dirty && !this.#sending) {
      this.setValues(initialValues(current));
    } else {
      this.refresh();
    }
  }

  private values(): FormValues {
    return {
      adaptive: this.#adaptive.checked,
      // A number field answers '' for text it cannot read; keep that visible as "not a number".
      allocations: this.#allocations.validity.badInput ? 'NaN' : this.#allocations.value,
      min: this.#min.validity.badInput ? 'NaN' : this.#min.value,
      max: this.#max.validity.badInput ? 'NaN' : this.#max.value,
    };
  }

  private setValues(values: FormValues): void {
    this.#adaptive.checked = values.adaptive;
    this.#allocations.value = values.allocations;
    this.#min.value = values.min;
    this.#max.value = values.max;
    this.refresh();
  }

  /** Re-checks the form and updates the message, the field states, the preview and the Send button. */
  private refresh(): void {
    const adaptive = this.#adaptive.checked;
    this.#fixedGroup.hidden = adaptive;
    this.#adaptiveGroup.hidden = !adaptive;
    const check = checkForm(this.values(), this.#current);
    this.#check = check;
    const bad = check.kind === 'incomplete' || check.kind === 'invalid' ? check.field : undefined;
    toggleAttr(this.#allocations, 'aria-invalid', bad === 'allocations');
    toggleAttr(this.#min, 'aria-invalid', bad === 'min');
    toggleAttr(this.#max, 'aria-invalid', bad === 'max');
    this.#message.className = `check check-${check.kind}`;
    switch (check.kind) {
      case 'incomplete':
        replace(this.#message, check.message);
        break;
      case 'invalid':
        replace(
          this.#message,
          h('span', { class: 'check-type' }, check.type),
          ': ',
          h('span', { 'data-reason': '' }, check.reason),
          check.causedBy !== undefined && ` (caused by: ${check.causedBy})`,
        );
        break;
      case 'noop':
        replace(
          this.#message,
          'No change: Elasticsearch would answer 200 and leave the deployment as it is.',
        );
        break;
      case 'ready':
        replace(
          this.#message,
          check.effective === undefined
            ? 'Valid.'
            : `Valid; Elasticsearch reads the number as ${check.effective}.`,
        );
        break;
    }
    replace(this.#previewLabel, `Request to ${this.host.nodeUrl()}`);
    replace(this.#preview, this.previewText(check));
    this.#send.disabled = this.#sending || check.kind !== 'ready';
  }

  private previewText(check: FormCheck): string {
    if (check.kind !== 'ready' && check.kind !== 'noop') {
      return 'No request: fix the form first.';
    }
    // The request the form's check prepared: the one the client sends.
    const { request } = check;
    const query = request.query === '' ? '' : `?${request.query}`;
    return `${request.method} ${request.path}${query}\n${request.body ?? ''}`;
  }

  private async send(): Promise<void> {
    const check = this.#check;
    if (check.kind !== 'ready' || this.#sending) {
      return; // Nothing invalid ever leaves the page.
    }
    this.#sending = true;
    this.#send.disabled = true;
    this.element.setAttribute('aria-busy', 'true');
    replace(this.#result, 'Sending…');
    const id = this.#current.deploymentId;
    try {
      const response = await this.host.client().updateDeployment(id, check.input);
      const target = response.assignment.task_parameters.number_of_allocations;
      const adaptive = response.assignment.adaptive_allocations;
      replace(
        this.#result,
        h(
          'p',
          { class: 'ok' },
          adaptive?.enabled === true
            ? `Updated: adaptive allocations ${adaptiveRange(adaptive)}.`
            : `Updated: ${target} allocation${target === 1 ? '' : 's'} requested.`,
        ),
      );
      this.#dirty = false;
      this.host.onUpdated(id, response);
    } catch (e) {
      replace(this.#result, errorView('Elasticsearch refused the update.', describeError(e)));
    } finally {
      this.#sending = false;
      this.element.removeAttribute('aria-busy');
      this.refresh();
    }
  }
}
