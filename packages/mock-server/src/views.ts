// What the simulated cluster looks like on the wire: each function writes one of Elasticsearch's
// response objects, field for field in the server's order, typed against core's response schemas.
// See docs/architecture.md ("The mock server") for which class each follows.
import type {
  ClusterInfo,
  DeploymentNodeStats,
  DeploymentStats,
  DiscoveryNodeContent,
  ResponseOf,
  TrainedModelAssignment,
  TrainedModelStats,
} from '@mldeploy/core';
import {
  adaptiveSettingsToJson,
  byteSizeToString,
  compareJavaStrings,
  estimateModelMemoryBytes,
  parseByteSizeValue,
  serverFacts,
} from '@mldeploy/core/rules';
import { assignmentStateOf, statsStateOf } from './assignment-state.js';
import { type Cluster, type Deployment, routingTable } from './cluster.js';
import type { SeedModel, SeedNode } from './seed.js';

export { modelConfigJson } from './model-config-json.js';

/** `TrainedModelAssignment.toXContent`, field for field in the server's order. */
export function assignmentJson(cluster: Cluster, d: Readonly<Deployment>): TrainedModelAssignment {
  const model = cluster.model(d.model_id);
  return {
    task_parameters: {
      model_id: d.model_id,
      deployment_id: d.deployment_id,
      model_bytes: model?.model_size_bytes ?? 0,
      threads_per_allocation: d.threads_per_allocation,
      number_of_allocations: d.number_of_allocations,
      queue_capacity: d.queue_capacity,
      ...(d.cache_size !== undefined ? { cache_size: d.cache_size } : {}),
      priority: d.priority,
      per_deployment_memory_bytes: model?.per_deployment_memory_bytes ?? 0,
      per_allocation_memory_bytes: model?.per_allocation_memory_bytes ?? 0,
    },
    routing_table: routingTable(d),
    // `failed` is never stored in an assignment (Builder.calculateAssignmentState): without a
    // started route it reads `starting`; only the stats `state` says `failed`.
    assignment_state: assignmentStateOf(d),
    ...(d.reason !== undefined ? { reason: d.reason } : {}),
    start_time: d.start_time,
    max_assigned_allocations: d.max_assigned_allocations,
    adaptive_allocations: adaptiveSettingsToJson(d.adaptive),
  } satisfies TrainedModelAssignment;
}

function nodeContent(cluster: Cluster, node: Readonly<SeedNode>): Record<string, DiscoveryNodeContent> {
  return {
    [node.id]: {
      name: node.name,
      ephemeral_id: `${node.id.slice(0, 8)}-ephemeral`,
      transport_address: `127.0.0.1:${9300 + cluster.nodeIndex(node.id)}`,
      external_id: node.name,
      attributes: {
        'ml.allocated_processors': String(node.processors),
        'ml.allocated_processors_double': `${node.processors}.0`,
        'ml.machine_memory': String(node.memory_bytes),
        'ml.max_jvm_size': String(Math.floor(node.memory_bytes / 4)),
        ...(node.zone ? { zone: node.zone } : {}),
      },
      roles: ['ml', 'remote_cluster_client'],
      version: cluster.settings.version,
      min_index_version: 7_000_099,
      max_index_version: 8_525_000,
    },
  };
}

/** `deployment_stats` (AssignmentStats.toXContent order). */
function deploymentStatsJson(cluster: Cluster, d: Readonly<Deployment>, human: boolean): DeploymentStats {
  // Written key by key in the server's order; the type is checked on the finished object.
  const out: Record<string, unknown> = {
    deployment_id: d.deployment_id,
    model_id: d.model_id,
    threads_per_allocation: d.threads_per_allocation,
    number_of_allocations: d.number_of_allocations,
  };
  const adaptive = adaptiveSettingsToJson(d.adaptive);
  if (adaptive) {
    out.adaptive_allocations = adaptive;
  }
  out.queue_capacity = d.queue_capacity;
  // The assignment's state and reason, `failed` when every route failed (TransportGetDeploymentStatsAction).
  const { state, reason } = statsStateOf(d);
  out.state = state;
  if (reason !== undefined) {
    out.reason = reason;
  }
  if (assignmentStateOf(d) !== 'stopping') {
    const count = cluster.allocationCount(d);
    const target = d.number_of_allocations;
    out.allocation_status = {
      allocation_count: count,
      target_allocation_count: target,
      state: count === 0 && target > 0 ? 'starting' : count < target ? 'started' : 'fully_allocated',
    } satisfies DeploymentStats['allocation_status'];
  }
  if (d.cache_size !== undefined) {
    // ByteSizeValue.toString(): the rounded form (253.3mb), where the assignment keeps `<n>b`.
    const bytes = byteSizeBytes(d.cache_size);
    out.cache_size = bytes === undefined ? d.cache_size : byteSizeToString(bytes);
  }
  out.priority = d.priority;
  const startMillis = Date.parse(d.start_time);
  out.start_time = startMillis;
  if (human) {
    out.start_time_string = d.start_time;
  }
  // The node entries come sorted by node id (TransportGetDeploymentStatsAction), as Java strings.
  const nodes = [...d.routes]
    .sort((a, b) => compareJavaStrings(a[0], b[0]))
    .map(([nodeId, r]) => {
      const node = cluster.node(nodeId);
      const entry: Partial<DeploymentNodeStats> & Record<string, unknown> = {};
      if (node) {
        entry.node = nodeContent(cluster, node);
      }
      const load = r.state === 'started' ? cluster.nodeInference(d, nodeId) : undefined;
      if (!load) {
        // AssignmentStats.NodeStats.forNotStartedState: the node, its routing state, two zeros.
        entry.routing_state = r.reason
          ? { routing_state: r.state, reason: r.reason }
          : { routing_state: r.state };
        entry.peak_throughput_per_minute = 0;
        entry.throughput_last_minute = 0;
        return { entry: entry as DeploymentNodeStats, load };
      }
      // AssignmentStats.NodeStats.forStartedState, written in NodeStats.toXContent's order; the
      // counters come from the simulated load (docs/scaler.md).
      entry.routing_state = { routing_state: 'started' };
      entry.inference_count = load.inference_count;
      if (load.inference_count > 0 && load.average_inference_time_ms !== undefined) {
        entry.average_inference_time_ms = load.average_inference_time_ms;
        // [inferred] With only cache hits there is no time excluding them: written as 0.
        entry.average_inference_time_ms_excluding_cache_hits =
          'average_inference_time_ms_excluding_cache_hits' in load
            ? (load.average_inference_time_ms_excluding_cache_hits ?? 0)
            : load.average_inference_time_ms;
      }
      entry.inference_cache_hit_count = load.inference_cache_hit_count ?? 0;
      if (load.last_access !== undefined) {
        entry.last_access = load.last_access;
        if (human) {
          entry.last_access_string = new Date(load.last_access).toISOString();
        }
      }
      entry.number_of_pending_requests = load.number_of_pending_requests;
      if (load.rejected_execution_count > 0) {
        entry.rejected_execution_count = load.rejected_execution_count;
      }
      if (load.timeout_count !== undefined && load.timeout_count > 0) {
        entry.timeout_count = load.timeout_count;
      }
      entry.start_time = load.start_time;
      if (human) {
        entry.start_time_string = new Date(load.start_time).toISOString();
      }
      entry.threads_per_allocation = d.threads_per_allocation;
      entry.number_of_allocations = r.current;
      entry.peak_throughput_per_minute = load.peak_throughput_per_minute;
      entry.throughput_last_minute = load.throughput_last_minute;
      if (load.average_inference_time_ms_last_minute !== undefined) {
        entry.average_inference_time_ms_last_minute = load.average_inference_time_ms_last_minute;
      }
      entry.inference_cache_hit_count_last_minute = load.inference_cache_hit_count_last_minute ?? 0;
      return { entry: entry as DeploymentNodeStats, load };
    });
  // The deployment's totals sum the nodes' (written only when above 0, as the server does).
  let rejected = 0;
  let timeouts = 0;
  let inferences = 0;
  let peak = 0;
  for (const { load } of nodes) {
    rejected += load?.rejected_execution_count ?? 0;
    timeouts += load?.timeout_count ?? 0;
    inferences += load?.inference_count ?? 0;
    peak += load?.peak_throughput_per_minute ?? 0;
  }
  if (rejected > 0) {
    out.rejected_execution_count = rejected;
  }
  if (timeouts > 0) {
    out.timeout_count = timeouts;
  }
  if (inferences > 0) {
    out.inference_count = inferences;
  }
  out.peak_throughput_per_minute = peak;
  out.nodes = nodes.map((n) => n.entry);
  return out as DeploymentStats;
}

/**
 * The bytes of a stored `cache_size` (`265632637b`, `1gb`, `1.5mb`), as ByteSizeValue parses it;
 * undefined for a value it would not read, which the stats then write as stored.
 */
function byteSizeBytes(text: string): number | undefined {
  const parsed = parseByteSizeValue(text, 'cache_size');
  return parsed.ok ? parsed.bytes : undefined;
}

/**
 * `model_size_stats` (TrainedModelSizeStats): the memory estimate of core's
 * `estimateModelMemoryBytes` for the deployment's number of allocations, or for none (0) when the
 * model has no deployment; `human` adds the readable sizes before the raw ones.
 */
function modelSizeStats(
  model: Readonly<SeedModel>,
  d: Readonly<Deployment> | undefined,
  human: boolean,
): TrainedModelStats['model_size_stats'] {
  const bytes = model.model_size_bytes;
  const required = estimateModelMemoryBytes(model, d?.number_of_allocations ?? 0);
  const out: Record<string, unknown> = {};
  if (human) {
    out.model_size = byteSizeToString(bytes);
  }
  out.model_size_bytes = bytes;
  if (human) {
    out.required_native_memory = byteSizeToString(required);
  }
  out.required_native_memory_bytes = required;
  return out as TrainedModelStats['model_size_stats'];
}

/** The `trained_model_stats` entries of one model: one per deployment, or one without. */
export function modelStatsEntries(
  cluster: Cluster,
  model: Readonly<SeedModel>,
  deployments: ReadonlyArray<Readonly<Deployment>>,
  human: boolean,
): TrainedModelStats[] {
  if (deployments.length === 0) {
    return [
      {
        model_id: model.model_id,
        model_size_stats: modelSizeStats(model, undefined, human),
        pipeline_count: 0,
      },
    ];
  }
  return deployments.map((d) => {
    const stats = deploymentStatsJson(cluster, d, human);
    return {
      model_id: model.model_id,
      model_size_stats: modelSizeStats(model, d, human),
      pipeline_count: d.referenced_by_ingest ? 1 : 0,
      ...(d.referenced_by_ingest
        ? { ingest: { total: { count: 0, time_in_millis: 0, current: 0, failed: 0 }, pipelines: {} } }
        : {}),
      inference_stats: {
        // AssignmentStats.getOverallInferenceStats: the nodes' failures (errors, timeouts and
        // rejections) and inferences, summed.
        failure_count: stats.rejected_execution_count ?? 0,
        inference_count: stats.inference_count ?? 0,
        cache_miss_count: 0,
        missing_all_fields_count: 0,
        timestamp: cluster.time(),
      },
      deployment_stats: stats,
    } satisfies TrainedModelStats;
  });
}

/** `GET /`. */
export function clusterInfoJson(cluster: Cluster, node?: string): ClusterInfo {
  return {
    name: node ?? cluster.firstNodeName() ?? 'mldeploy-mock',
    cluster_name: cluster.settings.name,
    cluster_uuid: cluster.uuid,
    version: {
      number: cluster.settings.version,
      build_flavor: 'default',
      build_type: 'mldeploy-mock',
      build_hash: '0000000000000000000000000000000000000000',
      build_date: '2026-01-01T00:00:00.000Z',
      build_snapshot: false,
      ...serverFacts(cluster.settings.version),
    },
    tagline: 'You Know, for Search',
  } satisfies ClusterInfo;
}

type NodesHttpResponse = ResponseOf<'nodesHttp'>;

/** An HTTP node as the nodes info answer lists it (docs/multi-node.md). */
export interface HttpNodeView {
  readonly name: string;
  readonly id: string;
  readonly roles: readonly string[];
  /** The host it listens on, as clients reach it (`127.0.0.1`, `[::1]`). */
  readonly host: string;
  readonly port: number;
}

/**
 * `GET /_nodes/{node_id}/{metric}` (NodesInfoResponse.toXContent) for the HTTP nodes: the nodes
 * `node_id` names (`_all`, `_local`, ids or names), with their `http` section when `metric`
 * asks for it. Other metrics' sections are not simulated (docs/differences.md).
 */
export function nodesHttpJson(
  cluster: Cluster,
  nodes: readonly HttpNodeView[],
  nodeId: string,
  metric: string,
  local: string | undefined,
): NodesHttpResponse {
  const wanted = new Set(nodeId.split(','));
  const metrics = new Set(metric.split(','));
  const withHttp = metrics.has('http') || metrics.has('_all');
  const picked = nodes.filter(
    (n, i) =>
      wanted.has('_all') ||
      wanted.has(n.id) ||
      wanted.has(n.name) ||
      (wanted.has('_local') && (local === undefined ? i === 0 : n.name === local)),
  );
  const entries: NodesHttpResponse['nodes'] = {};
  for (const [i, node] of picked.entries()) {
    const address = `${node.host}:${node.port}`;
    entries[node.id] = {
      name: node.name,
      transport_address: `${node.host}:${9300 + i}`,
      host: node.host,
      ip: node.host,
      version: cluster.settings.version,
      build_flavor: 'default',
      build_type: 'mldeploy-mock',
      build_hash: '0000000000000000000000000000000000000000',
      roles: [...node.roles],
      attributes: {},
      ...(withHttp
        ? {
            http: {
              bound_address: [address],
              publish_address: address,
              max_content_length_in_bytes: 104_857_600,
            },
          }
        : {}),
    };
  }
  return {
    _nodes: { total: picked.length, successful: picked.length, failed: 0 },
    cluster_name: cluster.settings.name,
    nodes: entries,
  };
}
