import type { DeploymentView } from './deployment-view.js';
import { h } from './dom.js';

const pct = (n: number, scale: number) => `${Math.min(100, (n / scale) * 100).toFixed(2)}%`;

/** A bar whose track is the target and whose fill is what is allocated now; hidden from screen readers, as the text says it. */
function bar(className: string, current: number, target: number | undefined, scale: number): HTMLElement {
  const track = h('div', { class: 'bar-track' });
  track.style.width = pct(target ?? current, scale);
  const fill = h('div', { class: 'bar-fill' });
  fill.style.width = pct(current, scale);
  return h(
    'div',
    {
      class: `bar ${className}`,
      'aria-hidden': 'true',
      'data-current': current,
      'data-target': target ?? '',
    },
    track,
    fill,
  );
}

/** The allocations of one deployment: the total against the target, then one bar per node on the same scale. */
export function allocationBars(view: DeploymentView): HTMLElement {
  const scale = Math.max(view.target, view.current, ...view.nodes.map((n) => n.target ?? n.current), 1);
  const moving = view.current !== view.target;
  const rows = view.nodes.map((n) =>
    h(
      'li',
      { class: 'node', 'data-node': n.nodeId },
      h(
        'p',
        { class: 'node-label' },
        h('span', { class: 'node-name' }, n.name),
        ' ',
        h(
          'span',
          { class: 'node-count', 'data-node-count': '' },
          n.target === undefined ? `${n.current} now` : `${n.current} / ${n.target}`,
        ),
        ' ',
        h('span', { class: `routing routing-${n.routingState}` }, n.routingState),
      ),
      bar('bar-node', n.current, n.target, scale),
      n.reason !== undefined && n.reason !== '' && h('p', { class: 'node-reason' }, n.reason),
    ),
  );
  return h(
    'div',
    { class: 'allocations' },
    h(
      'p',
      { class: 'total-label' },
      h('span', { class: 'total-count', 'data-total': '' }, `${view.current} / ${view.target}`),
      ' allocations',
      moving ? ' (converging)' : '',
    ),
    bar('bar-total', view.current, view.target, scale),
    rows.length > 0
      ? h('ul', { class: 'nodes', 'aria-label': 'Allocations per node (current / target)' }, ...rows)
      : h('p', { class: 'muted' }, 'No node has an allocation yet.'),
  );
}
