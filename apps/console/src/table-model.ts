import type { DeploymentView } from './deployment-view.js';

/** The sortable columns of the deployments table, with their header text. */
export const COLUMNS = [
  ['id', 'Deployment'],
  ['state', 'State'],
  ['allocations', 'Allocations'],
  ['adaptive', 'Adaptive range'],
  ['nodes', 'Nodes'],
] as const;

export type SortKey = (typeof COLUMNS)[number][0];

/** The states the state filter offers (the assignment states of Elasticsearch). */
export const STATES = ['started', 'starting', 'stopping', 'failed'] as const;

/** What the table shows: sorted by `key` in `dir`, rows whose ids contain `text` and, when given, in `state`. */
export interface TableQuery {
  key: SortKey;
  dir: 1 | -1;
  text: string;
  state: string;
}

/** The node names of a deployment, as the Nodes column shows them. */
export const nodeNames = (v: DeploymentView): string => v.nodes.map((n) => n.name).join(', ');

const by = (...values: Array<string | number>) => values;

/** What a column sorts on; ties fall back to the deployment id. */
const KEYS: Record<SortKey, (v: DeploymentView) => Array<string | number>> = {
  id: () => [],
  state: (v) => by(v.state),
  allocations: (v) => by(v.current, v.target),
  // Fixed (adaptive off) first, then by minimum and maximum.
  adaptive: (v) =>
    v.adaptive?.enabled
      ? by(1, v.adaptive.min_number_of_allocations ?? 0, v.adaptive.max_number_of_allocations ?? 0)
      : by(0),
  nodes: (v) => by(v.nodes.length, nodeNames(v)),
};

function compareValues(a: Array<string | number>, b: Array<string | number>): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? '';
    const y = b[i] ?? '';
    if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return 0;
}

/** The rows to show, in order. */
export function arrange(views: Iterable<DeploymentView>, q: TableQuery): DeploymentView[] {
  const text = q.text.trim().toLowerCase();
  const key = KEYS[q.key];
  return [...views]
    .filter(
      (v) =>
        (q.state === '' || v.state === q.state) &&
        (text === '' ||
          v.deploymentId.toLowerCase().includes(text) ||
          v.modelId.toLowerCase().includes(text)),
    )
    .sort(
      (a, b) => q.dir * (compareValues(key(a), key(b)) || compareValues([a.deploymentId], [b.deploymentId])),
    );
}
