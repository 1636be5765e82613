import { adaptiveRange } from '@mldeploy/client';
import { chart, type Sample } from './chart.js';
import { type DeploymentView, isConverging } from './deployment-view.js';
import { breakable, h, replace, uid } from './dom.js';
import { arrange, COLUMNS, nodeNames, type SortKey, STATES, type TableQuery } from './table-model.js';

/** One row, kept across refreshes so that focus survives and only changed text is written. */
interface Row {
  tr: HTMLTableRowElement;
  button: HTMLButtonElement;
  cells: Record<Exclude<SortKey, 'id'>, HTMLElement>;
  spark: HTMLElement;
}

/**
 * The deployments as a table: sortable headers (buttons, `aria-sort`), a text and a state filter,
 * the count shown, a sparkline of each deployment's allocations. Rows are updated in place and
 * re-ordered only when the order changes; the fixed layout keeps columns from jumping.
 */
export class DeploymentTable {
  readonly element: HTMLElement;
  readonly #rows = new Map<string, Row>();
  readonly #views = new Map<string, DeploymentView>();
  readonly #query: TableQuery = { key: 'id', dir: 1, text: '', state: '' };
  readonly #body = h('tbody');
  readonly #count = h('p', { class: 'count muted', role: 'status', 'data-count': '' });
  readonly #headers = new Map<SortKey, HTMLElement>();
  #selected: string | undefined;

  constructor(private readonly onSelect: (id: string) => void) {
    const id = uid('table');
    const filter = h('input', {
      id: `${id}-filter`,
      type: 'search',
      autocomplete: 'off',
    });
    filter.addEventListener('input', () => {
      this.#query.text = filter.value;
      this.arrange();
    });
    const state = h(
      'select',
      { id: `${id}-state` },
      h('option', { value: '' }, 'All states'),
      ...STATES.map((s) => h('option', { value: s }, s)),
    );
    state.addEventListener('change', () => {
      this.#query.state = state.value;
      this.arrange();
    });
    const head = h('tr');
    for (const [key, text] of COLUMNS) {
      const button = h('button', { type: 'button' }, text, h('span', { 'aria-hidden': 'true' }));
      button.addEventListener('click', () => {
        this.#query.dir = this.#query.key === key ? (-this.#query.dir as 1 | -1) : 1;
        this.#query.key = key;
        this.arrange();
      });
      const th = h('th', { scope: 'col' }, button);
      this.#headers.set(key, th);
      head.append(th);
    }
    head.append(h('th', { scope: 'col' }, 'History'));
    this.element = h(
      'div',
      {},
      h(
        'div',
        { class: 'filters' },
        h('div', { class: 'field' }, h('label', { for: filter.id }, 'Filter by id'), filter),
        h('div', { class: 'field' }, h('label', { for: state.id }, 'State'), state),
      ),
      this.#count,
      h(
        'div',
        { class: 'table-box' },
        h('table', { class: 'deployments' }, h('thead', {}, head), this.#body),
      ),
    );
    this.arrange();
  }

  /** Shows the latest views (in any order) and each deployment's samples. */
  update(views: DeploymentView[], history: Map<string, Sample[]>): void {
    const seen = new Set<string>();
    for (const v of views) {
      seen.add(v.deploymentId);
      this.#views.set(v.deploymentId, v);
      const row = this.#rows.get(v.deploymentId) ?? this.createRow(v.deploymentId);
      const text = (cell: HTMLElement, value: string) => {
        if (cell.textContent !== value) {
          cell.textContent = value;
        }
      };
      text(row.cells.state, v.state);
      text(row.cells.allocations, `${v.current} / ${v.target}`);
      text(row.cells.adaptive, adaptiveRange(v.adaptive));
      text(row.cells.nodes, nodeNames(v) || '–');
      if (row.cells.nodes.title !== row.cells.nodes.textContent) {
        row.cells.nodes.title = row.cells.nodes.textContent ?? '';
      }
      row.tr.classList.toggle('converging', isConverging(v));
      replace(row.spark, chart(history.get(v.deploymentId) ?? [], 96, 24));
    }
    for (const id of this.#rows.keys()) {
      if (!seen.has(id)) {
        this.#rows.delete(id);
        this.#views.delete(id);
      }
    }
    this.arrange();
  }

  /** Marks the row whose detail is open. */
  select(id: string | undefined): void {
    this.#selected = id;
    for (const [rowId, row] of this.#rows) {
      row.tr.classList.toggle('selected', rowId === id);
      row.button.setAttribute('aria-pressed', String(rowId === id));
    }
  }

  private createRow(id: string): Row {
    // The whole id, wrapped between its words when the column is narrower; also on hover.
    const button = h(
      'button',
      { type: 'button', class: 'row-open', 'aria-pressed': 'false', title: id },
      ...breakable(id),
    );
    const cell = (key: string) => h('td', { 'data-cell': key });
    const cells = {
      state: cell('state'),
      allocations: cell('allocations'),
      adaptive: cell('adaptive'),
      nodes: cell('nodes'),
    };
    const spark = h('td', { 'aria-hidden': 'true' });
    const tr = h(
      'tr',
      { 'data-row': id },
      h('th', { scope: 'row' }, button),
      cells.state,
      cells.allocations,
      cells.adaptive,
      cells.nodes,
      spark,
    );
    // The whole row opens the detail on a click; the button is its keyboard and screen reader entry.
    tr.addEventListener('click', () => this.onSelect(id));
    const row = { tr, button, cells, spark };
    this.#rows.set(id, row);
    if (id === this.#selected) {
      this.select(id);
    }
    return row;
  }

  /** Sorts and filters the rows and updates the headers and the count. */
  private arrange(): void {
    const q = this.#query;
    for (const [key, th] of this.#headers) {
      const on = key === q.key;
      th.setAttribute('aria-sort', on ? (q.dir === 1 ? 'ascending' : 'descending') : 'none');
      replace(th.querySelector('span') as Element, on ? (q.dir === 1 ? ' ▲' : ' ▼') : '');
    }
    const shown = arrange(this.#views.values(), q).flatMap((v) => {
      const row = this.#rows.get(v.deploymentId);
      return row ? [row.tr] : [];
    });
    const children = this.#body.children;
    if (shown.length !== children.length || shown.some((tr, i) => children[i] !== tr)) {
      this.#body.replaceChildren(...shown);
    }
    const total = this.#views.size;
    replace(
      this.#count,
      shown.length === total
        ? `${total} deployment${total === 1 ? '' : 's'}`
        : `Showing ${shown.length} of ${total} deployments`,
    );
  }
}
