// Elasticsearch's AdaptiveAllocationsScalerService on the mock's simulated clock: the periodic
// service that reads the deployment stats, turns them into per-interval measurements for each
// deployment's scaler (scaler.ts) and applies its decisions with cooldowns (docs/scaler.md).
import type { AdaptiveSettings } from '@mldeploy/core/rules';
import {
  AdaptiveAllocationsScaler,
  type IntervalStats,
  SCALE_TO_ZERO_AFTER_NO_REQUESTS_MS,
  SCALE_UP_COOLDOWN_MS,
} from './scaler.js';

const totalInferenceTime = (s: IntervalStats): number => s.successCount * s.inferenceTime;

function addStats(a: IntervalStats, b: IntervalStats): IntervalStats {
  const successCount = a.successCount + b.successCount;
  return {
    successCount,
    pendingCount: a.pendingCount + b.pendingCount,
    failedCount: a.failedCount + b.failedCount,
    inferenceTime:
      successCount > 0 ? (totalInferenceTime(a) + totalInferenceTime(b)) / successCount : Number.NaN,
  };
}

function subStats(a: IntervalStats, b: IntervalStats): IntervalStats {
  const successCount = Math.max(0, a.successCount - b.successCount);
  return {
    successCount,
    pendingCount: Math.max(0, a.pendingCount - b.pendingCount),
    failedCount: Math.max(0, a.failedCount - b.failedCount),
    inferenceTime:
      successCount > 0 ? (totalInferenceTime(a) - totalInferenceTime(b)) / successCount : Number.NaN,
  };
}

/** One node entry of a deployment's stats, as the service reads it. */
export interface NodeReading {
  nodeId: string;
  /** The route is `starting` (a scale-up under way). */
  starting: boolean;
  /** When the node's process started (started routes only). */
  startTime: number | undefined;
  inferenceCount: number;
  pendingCount: number;
  /** error_count + timeout_count + rejected_execution_count. */
  failedCount: number;
  /** average_inference_time_ms, 0 when there is none. */
  averageInferenceTimeMs: number;
}

/** One deployment's stats, as the service reads them. */
export interface DeploymentReading {
  deploymentId: string;
  /** The requested number (`number_of_allocations` of the stats). */
  numberOfAllocations: number;
  state: string;
  nodes: NodeReading[];
}

/** A deployment as the service tracks it (the assignment's adaptive settings and targets). */
export interface ScalableAssignment {
  deploymentId: string;
  adaptive: AdaptiveSettings | null;
  totalTargetAllocations: number;
}

/** What the service decided for one deployment at one trigger. */
export interface ScaleDecision {
  deploymentId: string;
  from: number;
  to: number;
}

/**
 * The periodic part (AdaptiveAllocationsScalerService): keeps one scaler per deployment with
 * adaptive allocations enabled, turns cumulative stats into per-interval measurements, and
 * filters the scalers' decisions through the scale-up cooldown and the deployment's state.
 */
export class AdaptiveAllocationsScalerService {
  readonly #scalers = new Map<string, AdaptiveAllocationsScaler>();
  readonly #lastStats = new Map<string, Map<string, IntervalStats>>();
  readonly #lastScaleUp = new Map<string, number>();
  #lastStatsTime: number | undefined;

  constructor(
    private readonly options: {
      scaleUpCooldownMs: number;
      /** A number, or a getter for a value that can change (the cluster setting). */
      scaleToZeroAfterNoRequestsMs: number | (() => number);
    } = {
      scaleUpCooldownMs: SCALE_UP_COOLDOWN_MS,
      scaleToZeroAfterNoRequestsMs: SCALE_TO_ZERO_AFTER_NO_REQUESTS_MS,
    },
  ) {}

  /** Whether any deployment has a scaler (the server only schedules itself then). */
  get active(): boolean {
    return this.#scalers.size > 0;
  }

  scaler(deploymentId: string): AdaptiveAllocationsScaler | undefined {
    return this.#scalers.get(deploymentId);
  }

  scalers(): IterableIterator<AdaptiveAllocationsScaler> {
    return this.#scalers.values();
  }

  /** Follows the assignments (updateAutoscalers, on every cluster change). */
  sync(assignments: Iterable<ScalableAssignment>): void {
    const present = new Set<string>();
    for (const a of assignments) {
      present.add(a.deploymentId);
      if (a.adaptive?.enabled === true) {
        let scaler = this.#scalers.get(a.deploymentId);
        if (!scaler) {
          scaler = new AdaptiveAllocationsScaler(a.deploymentId, a.totalTargetAllocations, () => {
            const ms = this.options.scaleToZeroAfterNoRequestsMs;
            return (typeof ms === 'function' ? ms() : ms) / 1000;
          });
          this.#scalers.set(a.deploymentId, scaler);
        }
        scaler.setMinMaxNumberOfAllocations(
          a.adaptive.min_number_of_allocations,
          a.adaptive.max_number_of_allocations,
        );
      } else {
        this.#scalers.delete(a.deploymentId);
        this.#lastStats.delete(a.deploymentId);
      }
    }
    // A deployment not given (gone, or no longer adaptive) loses its scaler and its last stats.
    for (const id of [...this.#scalers.keys()]) {
      if (!present.has(id)) {
        this.#scalers.delete(id);
        this.#lastStats.delete(id);
      }
    }
  }

  /**
   * One trigger at `now` (processDeploymentStats) over the stats of the deployments that have a
   * scaler: the decisions to apply, in the order taken. The first trigger only records the stats.
   */
  trigger(now: number, readings: Iterable<DeploymentReading>): ScaleDecision[] {
    const interval = this.#lastStatsTime === undefined ? undefined : (now - this.#lastStatsTime) / 1000;
    this.#lastStatsTime = now;
    const recent = new Map<string, IntervalStats>();
    const numbers = new Map<string, number>();
    const states = new Map<string, string>();
    const observedScaleUp = new Set<string>();
    for (const reading of readings) {
      const id = reading.deploymentId;
      numbers.set(id, reading.numberOfAllocations);
      states.set(id, reading.state);
      let last = this.#lastStats.get(id);
      if (!last) {
        last = new Map();
        this.#lastStats.set(id, last);
      }
      for (const node of reading.nodes) {
        const next: IntervalStats = {
          successCount: node.inferenceCount,
          pendingCount: node.pendingCount,
          failedCount: node.failedCount,
          inferenceTime: node.averageInferenceTimeMs / 1000,
        };
        const previous = last.get(node.nodeId);
        last.set(node.nodeId, next);
        if (previous) {
          const delta = subStats(next, previous);
          const sum = recent.get(id);
          recent.set(id, sum ? addStats(sum, delta) : delta);
        }
        // A route starting, or a process started within the cooldown: a scale-up someone made.
        if (node.starting) {
          observedScaleUp.add(id);
        }
        if (node.startTime !== undefined && now < node.startTime + this.options.scaleUpCooldownMs) {
          observedScaleUp.add(id);
        }
      }
    }
    if (interval === undefined) {
      return [];
    }
    const decisions: ScaleDecision[] = [];
    for (const [id, stats] of recent) {
      const scaler = this.#scalers.get(id);
      const current = numbers.get(id);
      if (!scaler || current === undefined) {
        continue;
      }
      scaler.process(stats, interval, current);
      const n = scaler.scale();
      if (n === undefined) {
        continue;
      }
      const lastUp = this.#lastScaleUp.get(id);
      const recentScaleUp = lastUp !== undefined && now < lastUp + this.options.scaleUpCooldownMs;
      if (n < current && (recentScaleUp || observedScaleUp.has(id))) {
        continue;
      }
      if (states.get(id) !== 'started') {
        continue;
      }
      if (n > current) {
        this.#lastScaleUp.set(id, now);
      }
      decisions.push({ deploymentId: id, from: current, to: n });
    }
    return decisions;
  }

  /**
   * An inference request found no started allocation (maybeStartAllocation): true when the
   * deployment scales from zero (adaptive, min 0 or unset), which then asks for one allocation.
   */
  maybeStartAllocation(deploymentId: string, adaptive: AdaptiveSettings | null, now: number): boolean {
    if (adaptive?.enabled !== true || (adaptive.min_number_of_allocations ?? 0) !== 0) {
      return false;
    }
    this.#lastScaleUp.set(deploymentId, now);
    this.#scalers.get(deploymentId)?.resetTimeWithoutRequests();
    return true;
  }
}

/** The service with the default cooldown and a scale-to-zero time read at each decision. */
export function newScalerService(scaleToZeroMs: () => number): AdaptiveAllocationsScalerService {
  return new AdaptiveAllocationsScalerService({
    scaleUpCooldownMs: SCALE_UP_COOLDOWN_MS,
    scaleToZeroAfterNoRequestsMs: scaleToZeroMs,
  });
}
