// Reading a seed: from a file or an object, defaults filled, checked against the seed schema
// (seed-schema.ts) and for consistency. The built-in seed is `seeds/default.json`, carried as data
// (default-seed.generated.ts) so that no file is read unless a seed path is given: the msw entry
// runs in browsers too (docs/contract-testing.md).
import { compileValidator } from '@mldeploy/core';
import { DEFAULT_SEED } from './default-seed.generated.js';
import { scaleToZeroSettingProblem } from './scale-to-zero-setting.js';
import { SEED_DEFAULTS, type SeedDocument, type SeedInput, seedSchema } from './seed-schema.js';

export * from './seed-schema.js';

const checkShape = compileValidator(seedSchema);

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

/** The seed the server starts with unless told otherwise (`seeds/default.json`); a fresh copy. */
export function defaultSeed(): SeedDocument {
  return structuredClone(DEFAULT_SEED);
}

type ReadFile = (path: string, encoding: 'utf8') => string;

/**
 * `node:fs`'s readFileSync where the runtime has one (Node, and runtimes that implement
 * `process.getBuiltinModule`), else undefined: a browser has no file to read. Looked up at call
 * time, never imported, so that a browser bundle of the msw entry needs no Node built-in.
 */
function fileReader(): ReadFile | undefined {
  const host = globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } };
  const fs = host.process?.getBuiltinModule?.('node:fs') as { readFileSync?: ReadFile } | undefined;
  return fs?.readFileSync;
}

/** Reads a seed from a file path, or takes an object; fills defaults and checks it. */
export function loadSeed(input: unknown, source?: string): SeedDocument {
  let raw = input;
  let where = source;
  if (typeof input === 'string') {
    where = input;
    const readFile = fileReader();
    if (!readFile) {
      throw new SeedError(
        ['cannot read the file: this runtime has no file system (in a browser, pass the seed as an object)'],
        where,
      );
    }
    let text: string;
    try {
      text = readFile(input, 'utf8');
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
  const seed = withDefaults(shape.value);
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

function withDefaults(raw: SeedInput): SeedDocument {
  const base = defaultSeed();
  const seed = structuredClone(raw);
  return {
    cluster: { ...base.cluster, ...seed.cluster },
    nodes: (seed.nodes ?? base.nodes).map((n) => ({
      ...n,
      name: n.name ?? n.id,
      memory_bytes: n.memory_bytes ?? SEED_DEFAULTS.node_memory_bytes,
    })),
    models: (seed.models ?? base.models).map((m) => ({
      ...m,
      model_size_bytes: m.model_size_bytes ?? SEED_DEFAULTS.model_size_bytes,
      model_type: m.model_type ?? SEED_DEFAULTS.model_type,
    })),
    deployments: (seed.deployments ?? []).map((d) => ({
      ...d,
      model_id: d.model_id ?? d.deployment_id,
      number_of_allocations: d.number_of_allocations ?? SEED_DEFAULTS.number_of_allocations,
      threads_per_allocation: d.threads_per_allocation ?? SEED_DEFAULTS.threads_per_allocation,
      priority: d.priority ?? SEED_DEFAULTS.priority,
      queue_capacity: d.queue_capacity ?? SEED_DEFAULTS.queue_capacity,
      state: d.state ?? SEED_DEFAULTS.state,
    })),
    inference_endpoints: (
      seed.inference_endpoints ??
      (seed.models === undefined ? base.inference_endpoints : undefined) ??
      []
    ).map((e) => ({
      ...e,
      service: e.service ?? 'elasticsearch',
      service_settings: { ...e.service_settings, num_threads: e.service_settings.num_threads ?? 1 },
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
  const zero = seed.cluster.scale_to_zero_time;
  const zeroProblem = zero === undefined ? undefined : scaleToZeroSettingProblem(seed.cluster.version, zero);
  if (zeroProblem !== undefined) {
    problems.push(`/cluster/scale_to_zero_time: ${zeroProblem}`);
  }
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
  const aliases = seed.models.flatMap((m) => m.aliases ?? []);
  for (const d of duplicates(aliases)) {
    problems.push(`/models: duplicate model alias [${d}]`);
  }
  for (const alias of aliases) {
    if (models.has(alias)) {
      problems.push(`/models: alias [${alias}] is the id of a model`);
    }
  }
  const endpoints = seed.inference_endpoints ?? [];
  for (const d of duplicates(endpoints.map((e) => e.inference_id))) {
    problems.push(`/inference_endpoints: duplicate inference id [${d}]`);
  }
  endpoints.forEach((e, i) => {
    if (!models.has(e.service_settings.model_id)) {
      problems.push(
        `/inference_endpoints/${i}/service_settings/model_id: unknown model [${e.service_settings.model_id}]`,
      );
    }
  });
  for (const d of duplicates(seed.security.users.map((u) => u.username))) {
    problems.push(`/security/users: duplicate username [${d}]`);
  }
  for (const d of duplicates(seed.security.api_keys.map((k) => k.id))) {
    problems.push(`/security/api_keys: duplicate API key id [${d}]`);
  }
  return problems;
}
