import type {
  DeploymentStats,
  MlDeployClient,
  TrainedModelAssignment,
  UpdateDeploymentResponse,
} from '@mldeploy/client';
import { describeError } from '@mldeploy/client';
import { record, type Sample } from './chart.js';
import {
  type Connection,
  clientFor,
  loadConnection,
  nodeUrl,
  saveConnection,
  targetName,
} from './connection.js';
import { ConnectionPanel } from './connection-panel.js';
import { DeploymentCard } from './deployment-card.js';
import { DeploymentTable } from './deployment-table.js';
import { type DeploymentView, isConverging, toDeploymentView } from './deployment-view.js';
import { h, replace } from './dom.js';
import { errorView } from './error-view.js';
import { Poller } from './poller.js';
import { undeployedText } from './undeployed-view.js';

/** Refresh every second while allocations move, every 15 s otherwise. */
export const FAST_MS = 1_000;
export const SLOW_MS = 15_000;

/**
 * The console: a connection panel, the table of deployments and the detail (state, history and
 * update form) of the one selected.
 */
export class App {
  #connection: Connection;
  #client: MlDeployClient;
  /** Bumped on every connection change, so answers for an old connection are dropped. */
  #generation = 0;
  readonly #views = new Map<string, DeploymentView>();
  /** Each deployment's samples, one per refresh since the page opened (or the connection changed). */
  readonly #history = new Map<string, Sample[]>();
  readonly #table: DeploymentTable;
  #detail: DeploymentCard | undefined;
  readonly #assignments = new Map<string, TrainedModelAssignment>();
  readonly #poller: Poller;
  readonly #connectionPanel: ConnectionPanel;
  readonly #list: HTMLElement;
  readonly #alert: HTMLElement;
  readonly #refreshed: HTMLElement;
  readonly #announcer: HTMLElement;
  readonly #drift: HTMLElement;
  readonly #undeployed: HTMLElement;

  constructor(
    root: HTMLElement,
    private readonly storage: Storage,
    private readonly origin: string,
  ) {
    this.#connection = loadConnection(storage);
    this.#client = this.makeClient();
    this.#poller = new Poller(() => this.refresh(), { fastMs: FAST_MS, slowMs: SLOW_MS });
    this.#connectionPanel = new ConnectionPanel(this.#connection, { connect: (c) => this.connect(c) });
    this.#table = new DeploymentTable((id) => this.select(id, true));
    this.#list = h('div', { class: 'detail', 'data-detail': '' }, h('p', { class: 'muted' }, 'Loading…'));
    this.#alert = h('div', { class: 'alert', role: 'alert' });
    this.#refreshed = h('p', { class: 'refreshed muted', 'data-refreshed': '' });
    this.#announcer = h('div', { class: 'visually-hidden', 'aria-live': 'polite', 'data-announcer': '' });
    this.#drift = h('p', { class: 'drift', role: 'status' });
    this.#undeployed = h('p', { class: 'muted', 'data-undeployed': '' });
    const refresh = h('button', { type: 'button', 'data-action': 'refresh' }, 'Refresh');
    refresh.addEventListener('click', () => void this.#poller.now());
    replace(
      root,
      h(
        'header',
        { class: 'top' },
        h('h1', {}, 'mldeploy console'),
        h('p', { class: 'muted' }, 'Trained model deployments and their allocations'),
        this.#connectionPanel.element,
      ),
      h(
        'main',
        {},
        h(
          'section',
          { 'aria-labelledby': 'deployments-heading' },
          h(
            'div',
            { class: 'toolbar' },
            h('h2', { id: 'deployments-heading', tabindex: '-1' }, 'Deployments'),
            refresh,
          ),
          this.#refreshed,
          this.#alert,
          this.#drift,
          h('div', { class: 'layout' }, this.#table.element, this.#list),
          this.#undeployed,
        ),
      ),
      this.#announcer,
    );
  }

  /** Connects and starts refreshing. */
  start(): void {
    void this.describeConnection();
    void this.#poller.start();
  }

  private makeClient(): MlDeployClient {
    return clientFor(this.#connection, this.origin, (issue) => {
      replace(
        this.#drift,
        `The answer to ${issue.route} does not match the contract: ${issue.issues
          .slice(0, 3)
          .map((i) => `${i.instancePath || '/'} ${i.message ?? ''}`)
          .join('; ')}`,
      );
    });
  }

  private connect(connection: Connection): void {
    this.#connection = connection;
    saveConnection(this.storage, connection);
    this.#generation += 1;
    this.#client = this.makeClient();
    this.#assignments.clear();
    this.#views.clear();
    this.#history.clear();
    this.#detail = undefined;
    this.#table.update([], this.#history);
    replace(this.#alert);
    replace(this.#drift);
    replace(this.#list, h('p', { class: 'muted' }, 'Loading…'));
    // Show the new target at once: describing it may take a while (retries) or fail.
    this.#connectionPanel.show(connection, `Connecting to ${targetName(connection, this.origin)}…`);
    void this.describeConnection();
    void this.#poller.now();
  }

  /** Reads `GET /` to name the cluster in the connection summary. */
  private async describeConnection(): Promise<void> {
    const generation = this.#generation;
    const node = targetName(this.#connection, this.origin);
    try {
      const info = await this.#client.info();
      if (generation === this.#generation) {
        this.#connectionPanel.show(
          this.#connection,
          `Connected to ${node}: cluster ${info.cluster_name}, Elasticsearch ${info.version.number}.`,
          `${info.cluster_name} ${info.version.number}`,
        );
      }
    } catch (e) {
      if (generation === this.#generation) {
        const error = describeError(e);
        this.#connectionPanel.show(
          this.#connection,
          `GET / on ${node} failed: ${error.type}: ${error.reason}`,
        );
      }
    }
  }

  /** Reads the stats, updates the list in place and answers whether anything is converging. */
  private async refresh(): Promise<boolean> {
    const generation = this.#generation;
    let stats: DeploymentStats[];
    let undeployed: string;
    try {
      const response = await this.#client.getDeploymentStats();
      stats = response.trained_model_stats.flatMap((s) => (s.deployment_stats ? [s.deployment_stats] : []));
      undeployed = await undeployedText(this.#client, response.trained_model_stats);
    } catch (e) {
      if (generation === this.#generation) {
        replace(this.#alert, errorView('Could not read the deployments.', describeError(e)));
        if (this.#views.size === 0) {
          replace(this.#list);
        }
      }
      // A failed read while something was converging is retried at the fast pace, not in 15 s.
      return [...this.#views.values()].some(isConverging);
    }
    if (generation !== this.#generation) {
      return true; // A newer connection polls for itself.
    }
    replace(this.#alert);
    replace(this.#undeployed, undeployed);
    const now = Date.now();
    const views = stats.map((s) => toDeploymentView(s, this.#assignments.get(s.deployment_id)));
    const seen = new Set(views.map((v) => v.deploymentId));
    for (const id of this.#views.keys()) {
      if (!seen.has(id)) {
        this.#views.delete(id);
        this.#history.delete(id);
        this.#assignments.delete(id);
      }
    }
    for (const view of views) {
      const id = view.deploymentId;
      const was = this.#views.get(id);
      if (was && isConverging(was) && !isConverging(view)) {
        this.announce(
          `${id}: ${view.current} of ${view.target} allocations, ${view.allocationState ?? view.state}.`,
        );
      }
      this.#views.set(id, view);
      this.#history.set(id, record(this.#history.get(id) ?? [], view, now));
    }
    this.#table.update(views, this.#history);
    const converging = views.some(isConverging);
    const selected = this.#detail?.view.deploymentId;
    if (selected !== undefined && seen.has(selected)) {
      this.#detail?.update(this.#views.get(selected) as DeploymentView, this.#history.get(selected) ?? []);
    } else if (views.length === 1) {
      this.select(views[0]?.deploymentId ?? '', false); // One deployment: its detail at once.
    } else {
      this.#detail = undefined;
      this.#table.select(undefined);
      replace(
        this.#list,
        h(
          'p',
          { class: 'muted', 'data-empty': views.length === 0 ? '' : undefined },
          views.length === 0
            ? 'No deployments. Start one with `mldeploy start <model>`.'
            : 'Select a deployment to see its history and change it.',
        ),
      );
    }
    const time = new Date(now).toLocaleTimeString();
    replace(
      this.#refreshed,
      converging
        ? `Updated ${time}; refreshing every second while allocations change.`
        : `Updated ${time}; refreshing every ${SLOW_MS / 1000} s.`,
    );
    return converging;
  }

  /** Opens the detail of a deployment; `focus` moves the focus to its heading (a user's choice). */
  private select(id: string, focus: boolean): void {
    const view = this.#views.get(id);
    if (view === undefined) {
      return;
    }
    if (this.#detail?.view.deploymentId !== id) {
      this.#detail = new DeploymentCard(view, this.#history.get(id) ?? [], {
        client: () => this.#client,
        nodeUrl: () => nodeUrl(this.#connection, this.origin),
        onUpdated: (deploymentId, response) => this.onUpdated(deploymentId, response),
      });
      replace(this.#list, this.#detail.element);
    }
    this.#table.select(id);
    if (focus) {
      this.#detail.element.querySelector('h3')?.focus();
    }
  }

  private onUpdated(deploymentId: string, response: UpdateDeploymentResponse): void {
    this.#assignments.set(deploymentId, response.assignment);
    this.announce(`${deploymentId} updated.`);
    void this.#poller.now();
  }

  private announce(text: string): void {
    replace(this.#announcer, text);
  }
}
