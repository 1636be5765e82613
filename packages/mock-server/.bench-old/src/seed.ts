import { readFileSync } from 'node:fs';
import { compileValidator } from '@mldeploy/core';

/** Adaptive allocations as a seed (and the server) writes them. */
export interface SeedAdaptiveAllocations {
  /** Absent: never set (Elasticsearch writes it as false). */
  enabled?: boolean | undefined;
  min_number_of_allocations?: number | undefined;
  max_number_of_allocations?: number | undefined;
}

/** One route of a deployment, as `routing_table` writes it. */
export interface SeedRoute {
  current_allocations: number;
  target_allocations: number;
  routing_state: 'starting' | 'started' | 'stopping' | 'stopped' | 'failed';
  reason?: string;
}

/** A simulated ML node. */
export interface SeedNode {
  id: string;
  name: string;
  /** Allocated processors: allocations × threads_per_allocation must fit. */
  processors: number;
  /** Memory available to ML on this node. */
  memory_bytes: number;
  /** An availability zone, for stats' node attributes. */
  zone?: string;
}

/** A trained model that can be deployed. */
export interface SeedModel {
  model_id: string;
  model_size_bytes: number;
  model_type?: 'pytorch' | 'tree_ensemble' | 'lang_ident';
  description?: string;
  tags?: string[];
  created_by?: string;
  create_time?: number;
  per_deployment_memory_bytes?: number;
  per_allocation_memory_bytes?: number;
  inference_config?: Record<string, unknown>;
}

/** A deployment of a model. */
export interface SeedDeployment {
  deployment_id: string;
  model_id: string;
  number_of_allocations: number;
  threads_per_allocation: number;
  priority: 'normal' | 'low';
  queue_capacity: number;
  cache_size?: string;
  adaptive_allocations?: SeedAdaptiveAllocations | null;
  state: 'started' | 'starting' | 'stopping' | 'failed';
  /** Created by an inference endpoint of the same id: updates answer 409. */
  owned_by_inference_endpoint?: boolean;
  /** Referenced by ingest processors: stopping without `force` answers 409. */
  referenced_by_ingest?: boolean;
  /** Node id → route. Absent: placed at load, fully allocated. */
  routing_table?: Record<string, SeedRoute>;
  /** ISO timestamp. */
  start_time?: string;
  max_assigned_allocations?: number;
  reason?: string;
}

/** A user of the simulated security realm. */
export interface SeedUser {
  username: string;
  password: string;
  roles?: string[];
  privileges?: string[];
}

/** An API key; `username` is its owner, as 403 messages name it. */
export interface SeedApiKey {
  id: string;
  api_key: string;
  name?: string;
  username?: string;
  roles?: string[];
  privileges?: string[];
}

/** Everything the mock server holds: load it, read it back, load it again. */
export interface SeedDocument {
  cluster: {
    name: string;
    /** The Elasticsearch version `GET /` reports. */
    version: string;
    /** Whether an increase that does not fit is accepted (autoscaling) or answered 429. */
    scaling_possible: boolean;
    /** How long allocation changes take to converge, in milliseconds. */
    converge_ms: number;
    /** How often the adaptive allocations scaler runs (Elasticsearch: 10 s); 0 turns it off. */
    scaler_interval_ms?: number;
    uuid?: string;
  };
  nodes: SeedNode[];
  models: SeedModel[];
  deployments: SeedDeployment[];
  security: {
    enabled: boolean;
    users: SeedUser[];
    api_keys: SeedApiKey[];
  };
}

const nonNegativeInt = { type: 'integer', minimum: 0 } as const;
const positiveInt = { type: 'integer', minimum: 1 } as const;
const id = { type: 'string', minLength: 1 } as const;
const strings = { type: 'array', items: { type: 'string' } } as const;

/** The JSON Schema every seed is checked against (before the consistency checks). */
export const seedSchema = {
  $id: 'https://mldeploy.dev/schemas/mock-seed.json',
  title: 'mldeploy mock-server seed document',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    cluster: {
      type: 'object',
      additionalProperties: false,
      properties: {
        name: id,
        version: { type: 'string', pattern: '^\\d+\\.\\d+\\.\\d+' },
        scaling_possible: { type: 'boolean' },
        converge_ms: nonNegativeInt,
        scaler_interval_ms: nonNegativeInt,
        uuid: id,
      },
    },
    nodes: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'processors'],
        properties: {
          id,
          name: id,
          processors: positiveInt,
          memory_bytes: positiveInt,
          zone: { type: 'string' },
        },
      },
    },
    models: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['model_id'],
        properties: {
          model_id: id,
          model_size_bytes: nonNegativeInt,
          model_type: { enum: ['pytorch', 'tree_ensemble', 'lang_ident'] },
          description: { type: 'string' },
          tags: strings,
          created_by: { type: 'string' },
          create_time: nonNegativeInt,
          per_deployment_memory_bytes: nonNegativeInt,
          per_allocation_memory_bytes: nonNegativeInt,
          inference_config: { type: 'object' },
        },
      },
    },
    deployments: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['deployment_id'],
        properties: {
          deployment_id: id,
          model_id: id,
          number_of_allocations: nonNegativeInt,
          threads_per_allocation: { enum: [1, 2, 4, 8, 16, 32] },
          priority: { enum: ['normal', 'low'] },
          queue_capacity: { type: 'integer', minimum: 1, maximum: 99_999 },
          cache_size: { type: 'string' },
          adaptive_allocations: {
            anyOf: [
              { type: 'null' },
              {
                type: 'object',
                additionalProperties: false,
                properties: {
                  enabled: { type: 'boolean' },
                  min_number_of_allocations: nonNegativeInt,
                  max_number_of_allocations: positiveInt,
                },
              },
            ],
          },
          state: { enum: ['started', 'starting', 'stopping', 'failed'] },
          owned_by_inference_endpoint: { type: 'boolean' },
          referenced_by_ingest: { type: 'boolean' },
          routing_table: {
            type: 'object',
            additionalProperties: {
              type: 'object',
              additionalProperties: false,
              required: ['current_allocations', 'target_allocations', 'routing_state'],
              properties: {
                current_allocations: nonNegativeInt,
                target_allocations: nonNegativeInt,
                routing_state: { enum: ['starting', 'started', 'stopping', 'stopped', 'failed'] },
                reason: { type: 'string' },
              },
            },
          },
          start_time: { type: 'string', format: 'date-time' },
          max_assigned_allocations: nonNegativeInt,
          reason: { type: 'string' },
        },
      },
    },
    security: {
      type: 'object',
      additionalProperties: false,
      properties: {
        enabled: { type: 'boolean' },
        users: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['username', 'password'],
            properties: { username: id, password: id, roles: strings, privileges: strings },
          },
        },
        api_keys: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['id', 'api_key'],
            properties: {
              id,
              api_key: id,
              name: { type: 'string' },
              username: id,
              roles: strings,
              privileges: strings,
            },
          },
        },
      },
    },
  },
} as const;

// biome-ignore lint/suspicious/noExplicitAny: a plain JSON Schema, not a TypeBox one
const checkShape = compileValidator(seedSchema as any);

/** A seed that failed its checks; `problems` names each one with its JSON path. */
export class SeedError extends Error {
  constructor(
    readonly problems: string[],
    source?: string,
  ) {
    super(`invalid seed${source ? ` ${source}` : ''}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'SeedError';
  }
}

const GIB = 1024 ** 3;

/** The seed the server starts with unless told otherwise: the seed document's example. */
export function defaultSeed(): SeedDocument {
  return {
    cluster: {
      name: 'mldeploy-mock',
      version: '8.19.0',
      scaling_possible: false,
      converge_ms: 3000,
      scaler_interval_ms: 10_000,
    },
    nodes: [
      {
        id: 'f_r7TSMFTZORrEA-7ccBdQ',
        name: 'ml-node-1',
        processors: 8,
        memory_bytes: 16 * GIB,
        zone: 'zone-a',
      },
      {
        id: 'uckeG3R8TLe2MMNBQ6AGrw',
        name: 'ml-node-2',
        processors: 8,
        memory_bytes: 16 * GIB,
        zone: 'zone-b',
      },
    ],
    models: [
      {
        model_id: 'elastic__distilbert-base-uncased-finetuned-conll03-english',
        model_size_bytes: 265_632_637,
        model_type: 'pytorch',
        description: 'Named entity recognition (CoNLL-2003), imported with eland',
        tags: [],
        created_by: 'api_user',
        create_time: 1_667_387_352_015,
        inference_config: {
          ner: {
            classification_labels: [
              'O',
              'B_MISC',
              'I_MISC',
              'B_PER',
              'I_PER',
              'B_ORG',
              'I_ORG',
              'B_LOC',
              'I_LOC',
            ],
          },
        },
      },
      {
        model_id: '.elser_model_2',
        model_size_bytes: 438_123_914,
        model_type: 'pytorch',
        description: 'Elastic Learned Sparse EncodeR v2',
        tags: ['elastic'],
        created_by: '_xpack',
        create_time: 1_698_158_240_111,
        inference_config: { text_expansion: {} },
      },
    ],
    deployments: [
      {
        deployment_id: 'elastic__distilbert-base-uncased-finetuned-conll03-english',
        model_id: 'elastic__distilbert-base-uncased-finetuned-conll03-english',
        number_of_allocations: 1,
        threads_per_allocation: 1,
        priority: 'normal',
        queue_capacity: 10_000,
        cache_size: '265632637b',
        adaptive_allocations: null,
        state: 'started',
        start_time: '2026-11-01T09:30:00.000Z',
      },
    ],
    security: { enabled: false, users: [], api_keys: [] },
  };
}

/** Reads a seed from a file path, or takes an object; fills defaults and checks it. */
export function loadSeed(input: unknown, source?: string): SeedDocument {
  let raw = input;
  let where = source;
  if (typeof input === 'string') {
    where = input;
    let text: string;
    try {
      text = readFileSync(input, 'utf8');
    } catch (e) {
      throw new SeedError([`cannot read the file: ${(e as Error).message}`], where);
    }
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw new SeedError([`not JSON: ${(e as Error).message}`], where);
    }
  }
  const shape = checkShape(raw);
  if (!shape.ok) {
    throw new SeedError(
      shape.issues.map(
        (i) => `${i.instancePath || '/'}: ${i.message ?? i.keyword}${describeParams(i.params)}`,
      ),
      where,
    );
  }
  const seed = withDefaults(raw as Partial<SeedDocument>);
  const problems = consistencyProblems(seed);
  if (problems.length > 0) {
    throw new SeedError(problems, where);
  }
  return seed;
}

function describeParams(params: Record<string, unknown>): string {
  if (typeof params.additionalProperty === 'string') {
    return ` (${params.additionalProperty})`;
  }
  if (Array.isArray(params.allowedValues)) {
    return ` (${params.allowedValues.join(', ')})`;
  }
  return '';
}

function withDefaults(raw: Partial<SeedDocument>): SeedDocument {
  const base = defaultSeed();
  const seed = structuredClone(raw) as Partial<SeedDocument>;
  return {
    cluster: { ...base.cluster, ...seed.cluster },
    nodes: (seed.nodes ?? base.nodes).map((n) => ({
      ...n,
      name: n.name ?? n.id,
      memory_bytes: n.memory_bytes ?? 16 * GIB,
    })),
    models: (seed.models ?? base.models).map((m) => ({
      ...m,
      model_size_bytes: m.model_size_bytes ?? 0,
      model_type: m.model_type ?? 'pytorch',
    })),
    deployments: (seed.deployments ?? []).map((d) => ({
      ...d,
      model_id: d.model_id ?? d.deployment_id,
      number_of_allocations: d.number_of_allocations ?? 1,
      threads_per_allocation: d.threads_per_allocation ?? 1,
      priority: d.priority ?? 'normal',
      queue_capacity: d.queue_capacity ?? 10_000,
      state: d.state ?? 'started',
    })),
    security: {
      enabled: seed.security?.enabled ?? false,
      users: seed.security?.users ?? [],
      api_keys: seed.security?.api_keys ?? [],
    },
  };
}

function duplicates(values: string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const v of values) {
    (seen.has(v) ? dup : seen).add(v);
  }
  return [...dup];
}

function consistencyProblems(seed: SeedDocument): string[] {
  const problems: string[] = [];
  for (const d of duplicates(seed.nodes.map((n) => n.id))) {
    problems.push(`/nodes: duplicate node id [${d}]`);
  }
  for (const d of duplicates(seed.models.map((m) => m.model_id))) {
    problems.push(`/models: duplicate model id [${d}]`);
  }
  for (const d of duplicates(seed.deployments.map((x) => x.deployment_id))) {
    problems.push(`/deployments: duplicate deployment id [${d}]`);
  }
  const models = new Set(seed.models.map((m) => m.model_id));
  const nodes = new Map(seed.nodes.map((n) => [n.id, n]));
  seed.deployments.forEach((d, i) => {
    const at = `/deployments/${i}`;
    if (!models.has(d.model_id)) {
      problems.push(`${at}/model_id: unknown model [${d.model_id}]`);
    }
    if (d.deployment_id !== d.model_id && models.has(d.deployment_id)) {
      problems.push(`${at}/deployment_id: [${d.deployment_id}] is the id of another model`);
    }
    for (const nodeId of Object.keys(d.routing_table ?? {})) {
      if (!nodes.has(nodeId)) {
        problems.push(`${at}/routing_table: unknown node [${nodeId}]`);
      }
    }
  });
  // Routing tables are taken as written: they must fit the deployment and the nodes' processors.
  const used = new Map<string, number>();
  seed.deployments.forEach((d, i) => {
    const routes = Object.entries(d.routing_table ?? {});
    const targets = routes.reduce((sum, [, r]) => sum + r.target_allocations, 0);
    if (targets > d.number_of_allocations) {
      problems.push(
        `/deployments/${i}/routing_table: targets add up to ${targets}, more than number_of_allocations ${d.number_of_allocations}`,
      );
    }
    for (const [nodeId, r] of routes) {
      used.set(nodeId, (used.get(nodeId) ?? 0) + r.target_allocations * d.threads_per_allocation);
    }
  });
  for (const [nodeId, processors] of used) {
    const node = nodes.get(nodeId);
    if (node && processors > node.processors) {
      problems.push(
        `/nodes: routing tables need ${processors} processors on node [${nodeId}], which has ${node.processors}`,
      );
    }
  }
  for (const d of duplicates(seed.security.users.map((u) => u.username))) {
    problems.push(`/security/users: duplicate username [${d}]`);
  }
  for (const d of duplicates(seed.security.api_keys.map((k) => k.id))) {
    problems.push(`/security/api_keys: duplicate API key id [${d}]`);
  }
  return problems;
}
