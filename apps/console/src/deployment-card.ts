import { adaptiveRange } from '@mldeploy/client';
import { allocationBars } from './allocation-bars.js';
import { chart, type Sample } from './chart.js';
import { type DeploymentView, isConverging } from './deployment-view.js';
import { breakable, h, replace, uid } from './dom.js';
import { UpdatePanel, type UpdatePanelHost } from './update-panel.js';

/**
 * The detail of one deployment: its state, allocations and their history, refreshed in place, and
 * its update form.
 */
export class DeploymentCard {
  readonly element: HTMLElement;
  #view: DeploymentView;
  readonly #summary: HTMLElement;
  readonly #bars: HTMLElement;
  readonly #chart: HTMLElement;
  #samples: Sample[];
  readonly #panel: UpdatePanel;

  constructor(view: DeploymentView, samples: Sample[], host: UpdatePanelHost) {
    this.#view = view;
    this.#samples = samples;
    this.#chart = h('div', { 'data-chart': '' });
    const headingId = uid('deployment');
    this.#summary = h('dl', { class: 'facts' });
    this.#bars = h('div', { class: 'bars' });
    this.#panel = new UpdatePanel(currentOf(view), host);
    this.element = h(
      'article',
      { class: 'card', 'aria-labelledby': headingId, 'data-deployment': view.deploymentId },
      h(
        'header',
        { class: 'card-head' },
        h('h3', { id: headingId, tabindex: '-1' }, ...breakable(view.deploymentId)),
        view.modelId !== view.deploymentId && h('p', { class: 'muted' }, `model ${view.modelId}`),
      ),
      h('div', { class: 'status' }, this.#summary, this.#bars, this.#chart),
      this.#panel.element,
    );
    this.render();
  }

  /** The view last shown. */
  get view(): DeploymentView {
    return this.#view;
  }

  /** Shows new stats without touching what the user is typing in the form. */
  update(view: DeploymentView, samples: Sample[]): void {
    this.#view = view;
    this.#samples = samples;
    this.render();
    this.#panel.setCurrent(currentOf(view));
  }

  private render(): void {
    const v = this.#view;
    this.element.classList.toggle('converging', isConverging(v));
    // A <div> per term and value, so each pair can wrap as a unit on narrow screens.
    const fact = (term: string, value: string, key: string) =>
      h('div', { class: 'fact' }, h('dt', {}, term), h('dd', { 'data-fact': key }, value));
    replace(
      this.#summary,
      fact('State', v.state, 'state'),
      v.allocationState !== undefined && fact('Allocation status', v.allocationState, 'allocation'),
      fact('Adaptive', adaptiveRange(v.adaptive), 'adaptive'),
      fact('Threads per allocation', v.threads === undefined ? '–' : String(v.threads), 'threads'),
      fact('Priority', v.priority, 'priority'),
      v.queueCapacity !== undefined && fact('Queue capacity', String(v.queueCapacity), 'queue'),
      v.reason !== undefined && v.reason !== '' && fact('Reason', v.reason, 'reason'),
    );
    replace(this.#bars, allocationBars(v));
    const graph = chart(this.#samples, 320, 120, true);
    graph.setAttribute('role', 'img');
    graph.setAttribute('aria-label', `Allocations now ${v.current} of ${v.target}, ${v.load} inferences/min`);
    replace(
      this.#chart,
      graph,
      h(
        'p',
        { class: 'legend' },
        h('span', { class: 'key-current' }, 'current'),
        h('span', { class: 'key-target' }, 'target'),
        graph.querySelector('.line-load') && h('span', { class: 'key-load' }, 'inferences/min'),
      ),
    );
  }
}

function currentOf(view: DeploymentView) {
  return {
    deploymentId: view.deploymentId,
    numberOfAllocations: view.numberOfAllocations,
    adaptive: view.adaptive,
    state: view.state,
  };
}
